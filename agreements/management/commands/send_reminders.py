import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agreements import reminders


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ongeldige datum '{text}': gebruik JJJJ-MM-DD, bv. 2024-03-01.") from None


class Command(BaseCommand):
    help = (
        "Stuur herinneringen aan organisaties die voor een open rapportageperiode nog niet alles hebben "
        "ingediend: vóór de deadline en nog eens erna. Elke herinnering gaat één keer uit (voor cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="toon wat verstuurd zou worden, zonder iets te versturen of vast te leggen",
        )
        parser.add_argument("--today", help="doe alsof het vandaag deze datum is (JJJJ-MM-DD)")
        parser.add_argument(
            "--days",
            type=int,
            help="hoeveel dagen vóór de deadline de herinnering uitgaat "
            f"(standaard REMINDER_DAYS_BEFORE_DEADLINE = {settings.REMINDER_DAYS_BEFORE_DEADLINE})",
        )

    def handle(self, *args, **options):
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        days = options["days"] if options["days"] is not None else settings.REMINDER_DAYS_BEFORE_DEADLINE
        if days < 0:
            raise CommandError("--days kan niet negatief zijn.")
        dry_run = options["dry_run"]
        outcomes = reminders.send_due_reminders(today=today, days=days, dry_run=dry_run)
        for outcome in outcomes:
            self.stdout.write(self._line(outcome))
        self.stdout.write(self._summary(outcomes, dry_run))

    def _line(self, outcome: reminders.ReminderOutcome) -> str:
        reminder = outcome.reminder
        prefix = {
            reminders.SENT: "Verstuurd",
            reminders.DRY_RUN: "Zou versturen",
            reminders.NO_RECIPIENTS: "Niet verstuurd (geen gebruikers bij de organisatie)",
            reminders.ALREADY_SENT: "Overgeslagen (al verstuurd)",
        }[outcome.result]
        return (
            f"{prefix}: {reminder.kind_label} – {reminder.organisation_name} – {reminder.period_name} "
            f"(deadline {reminder.deadline:%d-%m-%Y}), {len(reminder.assignments)} opdracht(en) open, "
            f"{outcome.recipients} ontvanger(s)"
        )

    def _summary(self, outcomes, dry_run: bool) -> str:
        if dry_run:
            return (
                f"Proefdraai: {len(outcomes)} herinnering(en) zouden worden verstuurd; "
                "er is niets verstuurd of vastgelegd."
            )
        sent = sum(outcome.sent for outcome in outcomes)
        skipped = len(outcomes) - sent
        summary = f"Klaar: {sent} herinnering(en) verstuurd."
        if skipped:
            summary += f" {skipped} niet verstuurd."
        return summary
