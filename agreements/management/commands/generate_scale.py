import time
from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError

from agreements.scale import SCALE_PASSWORD, SIZES, AlreadyGenerated, generate_scale


class Command(BaseCommand):
    help = (
        "Maak synthetische belastingdata op regionale schaal (issue 7), met bulk inserts. Dezelfde seed "
        "geeft dezelfde gegevens. Let op: dit zijn testgegevens voor benchmarks; er worden geen "
        "geschiedenisregels (django-simple-history) voor geschreven. Grootte 'regio': 10 gemeenten met "
        "elk een vierjarig beleidskader (6 thema's, 24 effecten, 60 SMART-doelen, 400 opdrachten, "
        "2.400 prestatie-indicatoren, 8 halfjaren met realisaties), 40 organisaties en 200 gebruikers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="regio", help="standaard: regio")
        parser.add_argument("--seed", type=int, default=7, help="standaard: 7")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="vermenigvuldig het aantal gemeenten en organisaties (en zo de gebruikers) met deze factor",
        )
        parser.add_argument("--end-year", type=int, help="laatste jaar van de kaders (standaard: dit jaar)")

    def handle(self, *args, size, seed, scale, end_year, **options):
        chosen = SIZES[size]
        if scale != 1:
            chosen = replace(
                chosen,
                municipalities=max(1, round(chosen.municipalities * scale)),
                organisations=max(1, round(chosen.organisations * scale)),
            )
        started = time.perf_counter()
        try:
            counts = generate_scale(size=chosen, seed=seed, end_year=end_year)
        except AlreadyGenerated as error:
            raise CommandError(
                "Er staan al gegenereerde gegevens (sleutels 'schaal-...') in de database; "
                "begin met een lege database."
            ) from error
        for name, (count, seconds) in counts.items():
            self.stdout.write(f"{name}: {count} ({seconds:.1f} s)")
        self.stdout.write(
            f"Klaar in {time.perf_counter() - started:.1f} s. Gebruikers (beleid-01-1, wethouder-01, "
            f"beheer-01, org-01-1, ...) hebben wachtwoord '{SCALE_PASSWORD}'."
        )
