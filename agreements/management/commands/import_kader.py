from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.exchange import ExchangeError, import_framework


class Command(BaseCommand):
    help = "Importeer een beleidskader uit een YAML-bestand (docs/exchange-format.md). Alles of niets."

    def add_arguments(self, parser):
        parser.add_argument("file", help="het YAML-bestand")
        parser.add_argument("--dry-run", action="store_true", help="controleer en tel, maar sla niets op")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: kan het bestand niet lezen: {error}") from error
        try:
            report = import_framework(text=text, source=str(path), dry_run=options["dry_run"])
        except ExchangeError as error:
            raise CommandError(f"Import afgebroken; er is niets opgeslagen.\n{error.render()}") from error
        self.stdout.write(report.summary())
