"""Deadline reminders by `manage.py send_reminders`: once per period, organisation and kind."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from agreements.models import PeriodReport, ReminderSent
from agreements.reminders import send_due_reminders
from partners.models import Membership, Notification
from tests.factories import AssignmentFactory, UserFactory
from tests.helpers import row_counts

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the command (e-mails go out as on commit); returns its output."""

    def run(*args, **options) -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", *args, stdout=out, **options)
        return out.getvalue()

    return run


@pytest.fixture
def reporting(portal):
    """The portal with e-mail addresses for the organisation users."""
    for role in ("organisation", "other_organisation"):
        user = portal.world.users[role]
        user.email = f"{role}@example.org"
        user.save()
    return portal


def before_deadline(period, days=3) -> str:
    return (period.deadline - days * DAY).isoformat()


def after_deadline(period, days=1) -> str:
    return (period.deadline + days * DAY).isoformat()


def report(portal, assignment, status) -> PeriodReport:
    return PeriodReport.objects.create(assignment=assignment, period=portal.open_period, status=status)


def test_a_reminder_goes_out_once_before_the_deadline(reporting, send, mailoutbox):
    output = send("--today", before_deadline(reporting.open_period))

    assert output.count("Verstuurd: deadline nadert") == 2
    assert "Klaar: 2 herinnering(en) verstuurd." in output
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "organisation@example.org",
        "other_organisation@example.org",
    ]
    assert ReminderSent.objects.filter(period=reporting.open_period, kind="voor_deadline").count() == 2

    again = send("--today", before_deadline(reporting.open_period, days=1))

    assert "Klaar: 0 herinnering(en) verstuurd." in again
    assert len(mailoutbox) == 2
    assert Notification.objects.count() == 2


def test_the_reminder_lists_the_open_assignments_and_the_deadline(reporting, send, mailoutbox):
    send("--today", before_deadline(reporting.open_period))

    mail = next(mail for mail in mailoutbox if mail.to == ["organisation@example.org"])
    deadline = reporting.open_period.deadline
    assert reporting.open_period.name in mail.subject
    assert str(deadline.year) in mail.subject and str(deadline.day) in mail.subject
    assert f"- {reporting.world.assignment.display_title} (nog niet begonnen)" in mail.body
    assert reporting.world.ggd_assignment.display_title not in mail.body


def test_dry_run_sends_and_writes_nothing(reporting, send, mailoutbox):
    before = row_counts()

    output = send("--dry-run", "--today", before_deadline(reporting.open_period))

    assert output.count("Zou versturen: deadline nadert") == 2
    assert "Proefdraai: 2 herinnering(en) zouden worden verstuurd" in output
    assert row_counts() == before
    assert mailoutbox == []
    # and the real run afterwards still sends them
    assert "Klaar: 2 herinnering(en) verstuurd." in send("--today", before_deadline(reporting.open_period))


@pytest.mark.parametrize("status", ["ingediend", "goedgekeurd"])
def test_an_organisation_whose_reports_are_in_gets_no_reminder(reporting, send, mailoutbox, status):
    report(reporting, reporting.world.assignment, status)

    output = send("--today", before_deadline(reporting.open_period))

    assert "GGD" in output and "Torion" not in output
    assert [mail.to for mail in mailoutbox] == [["other_organisation@example.org"]]
    assert not ReminderSent.objects.filter(organisation=reporting.world.torion).exists()


@pytest.mark.parametrize(("status", "label"), [("concept", "concept"), ("teruggestuurd", "teruggestuurd")])
def test_a_concept_or_returned_report_still_counts_as_missing(reporting, send, mailoutbox, status, label):
    report(reporting, reporting.world.assignment, status)

    output = send("--today", before_deadline(reporting.open_period))

    assert "Torion" in output
    mail = next(mail for mail in mailoutbox if mail.to == ["organisation@example.org"])
    assert f"- {reporting.world.assignment.display_title} ({label})" in mail.body


def test_one_missing_assignment_is_enough_for_a_reminder_and_only_the_missing_ones_are_listed(
    reporting, send, mailoutbox
):
    second = AssignmentFactory(agreement=reporting.world.agreement, title="Tweede opdracht")
    report(reporting, reporting.world.assignment, "ingediend")

    send("--today", before_deadline(reporting.open_period))

    mail = next(mail for mail in mailoutbox if mail.to == ["organisation@example.org"])
    assert "- Tweede opdracht (nog niet begonnen)" in mail.body
    assert reporting.world.assignment.display_title not in mail.body
    assert ReminderSent.objects.filter(organisation=reporting.world.torion).count() == 1
    assert second.pk


def test_closed_and_not_yet_open_periods_get_no_reminder(reporting, send, mailoutbox):
    closed = reporting.closed_period
    future = reporting.future_period
    future.opens_on = future.deadline - DAY
    future.save()
    reporting.open_period.is_closed = True  # so that it does not answer for the later dates
    reporting.open_period.save()

    for today in (before_deadline(closed), after_deadline(closed), before_deadline(future)):
        output = send("--today", today, "--days", "10")
        assert "Klaar: 0 herinnering(en) verstuurd." in output, today

    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_no_reminder_while_the_deadline_is_further_away_than_the_setting(reporting, send, settings):
    today = (reporting.open_period.deadline - 8 * DAY).isoformat()

    assert "Klaar: 0" in send("--today", today)

    settings.REMINDER_DAYS_BEFORE_DEADLINE = 8
    assert "Klaar: 2" in send("--today", today)


def test_days_option_overrides_the_setting(reporting, send):
    today = (reporting.open_period.deadline - 20 * DAY).isoformat()

    assert "Klaar: 0" in send("--today", today)
    assert "Klaar: 2" in send("--today", today, "--days", "20")


def test_after_the_deadline_an_overdue_reminder_goes_out_once(reporting, send, mailoutbox):
    send("--today", before_deadline(reporting.open_period))
    mailoutbox.clear()

    output = send("--today", after_deadline(reporting.open_period))

    assert output.count("Verstuurd: deadline verstreken") == 2
    assert len(mailoutbox) == 2
    assert all(mail.subject.startswith("Deadline verstreken") for mail in mailoutbox)
    assert "te laat" in mailoutbox[0].body
    assert ReminderSent.objects.filter(kind="na_deadline").count() == 2

    assert "Klaar: 0" in send("--today", after_deadline(reporting.open_period, days=5))
    assert len(mailoutbox) == 2


def test_a_late_first_run_sends_only_the_overdue_reminder(reporting, send):
    send("--today", after_deadline(reporting.open_period))

    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {"na_deadline"}


def test_reminders_create_notices_for_the_organisation_users_only(reporting, send):
    world = reporting.world
    colleague = UserFactory()
    Membership.objects.create(
        user=colleague, role=Membership.Role.ORGANISATION_USER, organisation=world.torion
    )

    send("--today", before_deadline(reporting.open_period))

    torion_notices = Notification.objects.filter(recipient__in=[world.users["organisation"], colleague])
    assert torion_notices.count() == 2
    notice = torion_notices.first()
    assert reporting.open_period.name in notice.subject
    assert world.assignment.display_title in notice.message
    assert notice.url == reverse("agreements:portal-home")
    assert Notification.objects.filter(recipient=world.users["other_organisation"]).count() == 1
    for role in ("officer", "alderman", "admin", "other_officer"):
        assert not Notification.objects.filter(recipient=world.users[role]).exists()
    assert ReminderSent.objects.get(organisation=world.torion).recipients == 2


def test_the_link_falls_back_to_the_root_when_the_portal_home_is_missing(reporting, send, monkeypatch):
    def missing(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr("agreements.reminders.reverse", missing)

    send("--today", before_deadline(reporting.open_period))

    assert set(Notification.objects.values_list("url", flat=True)) == {"/"}


def test_an_organisation_without_users_is_reported_and_reminded_once_someone_joins(reporting, send):
    Membership.objects.filter(organisation=reporting.world.ggd).delete()

    output = send("--today", before_deadline(reporting.open_period))

    assert "Niet verstuurd (geen gebruikers bij de organisatie)" in output and "GGD" in output
    assert not ReminderSent.objects.filter(organisation=reporting.world.ggd).exists()

    Membership.objects.create(
        user=UserFactory(), role=Membership.Role.ORGANISATION_USER, organisation=reporting.world.ggd
    )
    assert "Klaar: 1 herinnering(en) verstuurd." in send("--today", before_deadline(reporting.open_period))


def test_a_wrong_date_is_refused_in_dutch(reporting, send):
    with pytest.raises(CommandError, match="Ongeldige datum"):
        send("--today", "1-2-2020")
    with pytest.raises(CommandError, match="negatief"):
        send("--days", "-1")


def test_query_count_does_not_grow_with_the_number_of_open_assignments(reporting):
    period = reporting.open_period

    def queries(today) -> int:
        with CaptureQueriesContext(connection) as captured:
            outcomes = send_due_reminders(today=today, days=7)
        assert [outcome.sent for outcome in outcomes] == [True, True]
        return len(captured)

    small = queries(period.deadline - 3 * DAY)
    for i in range(15):
        AssignmentFactory(agreement=reporting.world.agreement, title=f"Extra {i}")
        AssignmentFactory(agreement=reporting.world.ggd_assignment.agreement, title=f"GGD extra {i}")
    report(reporting, AssignmentFactory(agreement=reporting.world.agreement), "concept")
    large = queries(period.deadline + DAY)

    assert large == small
