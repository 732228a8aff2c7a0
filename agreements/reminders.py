"""Deadline reminders: which organisations still owe a report for an open period, and telling them once.

`python manage.py send_reminders` (cron) calls `send_due_reminders`; a ReminderSent row per
(period, organisation, kind) makes a second run send nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.models import PeriodReport, ReminderSent, ReportingPeriod
from agreements.selectors import expected_assignments
from partners.models import Membership
from partners.notifications import notify, users_with_role

Kind = ReminderSent.Kind

# A report in one of these states no longer needs a reminder; concept and teruggestuurd still do.
DONE = (PeriodReport.Status.SUBMITTED, PeriodReport.Status.APPROVED)


@dataclass(frozen=True)
class OpenAssignment:
    """An assignment whose report for the period is not in yet; status "" means not started."""

    pk: int
    title: str
    report_status: str

    @property
    def status_label(self) -> str:
        if not self.report_status:
            return _("nog niet begonnen")
        return str(PeriodReport.Status(self.report_status).label)


@dataclass(frozen=True)
class DueReminder:
    """One reminder to send: an organisation that still owes reports for a period."""

    period_id: int
    period_name: str
    deadline: datetime.date
    organisation_id: int
    organisation_name: str
    kind: str
    assignments: tuple[OpenAssignment, ...]

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


SENT = "verstuurd"
DRY_RUN = "proefdraai"
NO_RECIPIENTS = "geen_ontvangers"
ALREADY_SENT = "al_verstuurd"


@dataclass(frozen=True)
class ReminderOutcome:
    """What happened to a due reminder: SENT, DRY_RUN, NO_RECIPIENTS or ALREADY_SENT (by a parallel run)."""

    reminder: DueReminder
    recipients: int
    result: str

    @property
    def sent(self) -> bool:
        return self.result == SENT


def reminder_kind(period: ReportingPeriod, today: datetime.date, days: int) -> str | None:
    """The reminder a period calls for today: before its deadline (within `days`), after it, or none."""
    if period.deadline is None or not period.is_open_on(today):
        return None
    if period.is_past_deadline_on(today):
        return Kind.OVERDUE
    if period.deadline <= today + datetime.timedelta(days=days):
        return Kind.UPCOMING
    return None


def due_reminders(*, today: datetime.date, days: int) -> list[DueReminder]:
    """Reminders not sent yet, per open period near or past its deadline and per organisation with
    assignments whose report is missing, concept or returned; one query per period."""
    periods = ReportingPeriod.objects.filter(
        is_closed=False, deadline__isnull=False, deadline__lte=today + datetime.timedelta(days=days)
    ).order_by("deadline", "pk")
    due = []
    for period in periods:
        kind = reminder_kind(period, today, days)
        if kind is None:
            continue
        reports = PeriodReport.objects.filter(assignment=OuterRef("pk"), period=period)
        already_sent = ReminderSent.objects.filter(
            period=period, kind=kind, organisation=OuterRef("agreement__organisation")
        )
        assignments = (
            expected_assignments(period)
            .exclude(Exists(reports.filter(status__in=DONE)))
            .exclude(Exists(already_sent))
            .annotate(report_status=Subquery(reports.values("status")[:1]))
            .select_related("agreement__organisation", "effect", "smart_goal")
            .order_by(
                "agreement__organisation__name", "agreement__organisation", "sort_key", "position", "pk"
            )
        )
        by_organisation: dict[int, list] = {}
        for assignment in assignments:
            by_organisation.setdefault(assignment.agreement.organisation_id, []).append(assignment)
        for organisation_id, owed in by_organisation.items():
            due.append(
                DueReminder(
                    period_id=period.pk,
                    period_name=period.name,
                    deadline=period.deadline,
                    organisation_id=organisation_id,
                    organisation_name=owed[0].agreement.organisation.name,
                    kind=kind,
                    assignments=tuple(
                        OpenAssignment(a.pk, a.display_title or a.code, a.report_status or "") for a in owed
                    ),
                )
            )
    return due


def _portal_url() -> str:
    try:
        return reverse("agreements:portal-home")
    except NoReverseMatch:
        return "/"


def reminder_text(reminder: DueReminder) -> tuple[str, str]:
    """Subject and message of a reminder, in the active language (Dutch by default)."""
    names = {
        "period": reminder.period_name,
        "deadline": date_format(reminder.deadline, "j F Y"),
        "organisation": reminder.organisation_name,
    }
    if reminder.kind == Kind.OVERDUE:
        subject = _("Deadline verstreken: rapportage %(period)s nog niet ingediend") % names
        intro = (
            _(
                "De deadline voor de rapportage over %(period)s was %(deadline)s. Voor %(organisation)s "
                "is nog niet alles ingediend. U kunt nog indienen; de rapportage wordt dan als te laat "
                "gemarkeerd."
            )
            % names
        )
    else:
        subject = _("Herinnering: rapportage %(period)s uiterlijk %(deadline)s indienen") % names
        intro = (
            _(
                "De deadline voor de rapportage over %(period)s is %(deadline)s. Voor %(organisation)s "
                "is nog niet alles ingediend."
            )
            % names
        )
    lines = [f"- {item.title} ({item.status_label})" for item in reminder.assignments]
    message = "\n".join([intro, "", _("Nog in te dienen:"), *lines])
    return subject, message


def send_due_reminders(*, today: datetime.date, days: int, dry_run: bool = False) -> list[ReminderOutcome]:
    """Send every due reminder once (notice + e-mail to the organisation's users) and record it;
    a dry run only reports what would go out. Each reminder commits on its own."""
    outcomes = []
    url = _portal_url()
    for reminder in due_reminders(today=today, days=days):
        recipients = users_with_role(
            Membership.Role.ORGANISATION_USER, organisation_ids=[reminder.organisation_id]
        )
        if dry_run:
            result = DRY_RUN
        elif not recipients:
            # Nothing is recorded, so the reminder goes out once someone can read it.
            result = NO_RECIPIENTS
        else:
            result = SENT if _send(reminder, recipients, url) else ALREADY_SENT
        outcomes.append(ReminderOutcome(reminder, len(recipients), result))
    return outcomes


@transaction.atomic
def _send(reminder: DueReminder, recipients, url: str) -> bool:
    _record, created = ReminderSent.objects.get_or_create(
        period_id=reminder.period_id,
        organisation_id=reminder.organisation_id,
        kind=reminder.kind,
        defaults={"recipients": len(recipients)},
    )
    if not created:  # another run got there first
        return False
    subject, message = reminder_text(reminder)
    notify(recipients=recipients, subject=subject, message=message, url=url)
    return True
