from django.core.management.base import BaseCommand, CommandError

from agreements.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from agreements.exchange import ExchangeError


class Command(BaseCommand):
    help = (
        "Laad de demo: de vier voorbeelddocumenten, rapportageperiodes, gemarkeerde demowaarden en "
        "demogebruikers. Twee keer draaien geeft hetzelfde resultaat."
    )

    def handle(self, *args, **options):
        try:
            log = load_demo()
        except ExchangeError as error:
            raise CommandError(error.render()) from error
        for line in log:
            self.stdout.write(line)
        self.stdout.write(
            "Inloggen kan als "
            + ", ".join(user.username for user in DEMO_USERS)
            + f" met wachtwoord '{DEMO_PASSWORD}'."
        )
