from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.exchange import export_framework
from effects.models import PolicyFramework


class Command(BaseCommand):
    help = "Exporteer een beleidskader met alles eronder naar YAML, of toon de lijst met --list."

    def add_arguments(self, parser):
        parser.add_argument("kader", nargs="?", help="de sleutel van het beleidskader")
        parser.add_argument("-o", "--output", help="het doelbestand (standaard: het scherm)")
        parser.add_argument("--list", action="store_true", help="toon alle beleidskaders, één per regel")

    def handle(self, *args, **options):
        if options["list"]:
            frameworks = PolicyFramework.objects.prefetch_related("municipalities").order_by("slug")
            for framework in frameworks:
                municipalities = ", ".join(m.name for m in framework.municipalities.all())
                self.stdout.write(
                    f"{framework.slug}\t{framework.title}\t{framework.start_year}-{framework.end_year}"
                    f"\t{municipalities}"
                )
            return
        if not options["kader"]:
            raise CommandError("Noem de sleutel van een beleidskader, of gebruik --list.")
        framework = PolicyFramework.objects.filter(slug=options["kader"]).first()
        if framework is None:
            raise CommandError(
                f"Beleidskader '{options['kader']}' bestaat niet. Zie 'python manage.py export_kader --list'."
            )
        text = export_framework(framework)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Geschreven: {options['output']}")
        else:
            self.stdout.write(text, ending="")
