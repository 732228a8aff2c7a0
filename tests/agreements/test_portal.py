"""The organisation portal: entering a period report, submitting it, the review, and who sees what."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from agreements.models import (
    PerformanceIndicator,
    PerformanceTarget,
    PeriodReport,
    Realisation,
    RealisedHours,
    ReportEvent,
)
from agreements.progress import ReportState, assess, report_state
from agreements.selectors import expected_assignments, owes_report
from agreements.services import EnteredValue, ReportInput, save_report
from partners.models import Notification
from tests.factories import AgreementFactory, AssignmentFactory
from tests.helpers import row_counts

pytestmark = pytest.mark.django_db

D = Decimal


def entry_url(portal, assignment=None, period=None):
    assignment = assignment or portal.world.assignment
    period = period or portal.open_period
    return reverse("agreements:report-entry", args=[assignment.pk, period.pk])


def review_url(portal, name="report-review"):
    return reverse(f"agreements:{name}", args=[portal.world.assignment.pk, portal.open_period.pk])


def entry_data(portal, **overrides):
    """A complete, valid entry form for Torion's assignment in the open period."""
    haren = portal.world.haren.pk
    data = {
        f"value_{portal.count.pk}": "60",
        f"explanation_{portal.count.pk}": "",
        f"value_{portal.percentage.pk}": "85",
        f"numerator_{portal.percentage.pk}": "",
        f"denominator_{portal.percentage.pk}": "",
        f"explanation_{portal.percentage.pk}": "",
        f"value_{portal.text.pk}": "Meer vrijwilligers",
        f"explanation_{portal.text.pk}": "",
        "hours_0": "700",
        f"costs_{haren}": "1200.50",
        f"revenue_{haren}": "",
        "action": "save",
    }
    data.update({key: str(value) for key, value in overrides.items()})
    return data


def realisation(indicator, period):
    return Realisation.objects.filter(indicator=indicator, period=period).first()


def report_of(portal):
    return PeriodReport.objects.get(assignment=portal.world.assignment, period=portal.open_period)


# -- rules --------------------------------------------------------------------------------------------


def test_cumulative_value_against_a_year_target_counts_earlier_periods_and_the_share_of_the_year(portal):
    targets = list(portal.count.targets.all())
    first_half = assess(portal.count, portal.closed_period, D(45), targets=targets, threshold_percent=D(10))
    assert first_half.expected == D(50) and first_half.status == "aandacht"
    second_half = assess(
        portal.count,
        portal.open_period,
        D(40),
        targets=targets,
        earlier_this_year=D(45),
        threshold_percent=D(10),
    )
    assert (second_half.compared, second_half.expected) == (D(85), D(100))
    assert second_half.needs_explanation


def test_latest_value_indicator_compares_with_the_target_as_it_stands(portal):
    result = assess(
        portal.percentage,
        portal.closed_period,
        D(75),
        targets=portal.percentage.targets.all(),
        threshold_percent=D(10),
    )
    assert (result.expected, result.compared, result.status) == (D(80), D(75), "aandacht")


def test_a_period_target_wins_over_the_year_target(portal):
    PerformanceTarget.objects.create(indicator=portal.count, year=2020, period=portal.open_period, value=30)
    result = assess(
        portal.count, portal.open_period, D(30), targets=portal.count.targets.all(), threshold_percent=D(10)
    )
    assert (result.expected, result.status) == (D(30), "op_koers")


def test_report_state_for_every_situation(portal):
    today = datetime.date.today()
    assert report_state(None, portal.open_period, today) == ReportState.OPEN
    assert report_state("concept", portal.open_period, today) == ReportState.OPEN
    assert report_state(None, portal.future_period, today) == ReportState.NOT_OPEN
    assert report_state(None, portal.closed_period, today) == ReportState.MISSED
    after_deadline = portal.open_period.deadline + datetime.timedelta(days=1)
    assert report_state(None, portal.open_period, after_deadline) == ReportState.LATE
    for status in ("ingediend", "teruggestuurd", "goedgekeurd"):
        assert report_state(status, portal.closed_period, today) == status


def test_owes_report_agrees_with_expected_assignments(portal, world):
    AgreementFactory(organisation=world.torion, framework=world.framework, start_year=2021, end_year=2022)
    ended = AgreementFactory(
        organisation=world.ggd, framework=world.framework, start_year=2017, end_year=2019
    )
    AssignmentFactory(agreement=ended)
    for period in (portal.open_period, portal.future_period):
        in_db = set(expected_assignments(period).values_list("pk", flat=True))
        in_memory = {
            a.pk
            for a in world.framework.agreements.all()
            for a in a.assignments.all()
            if owes_report(a.agreement, period)
        }
        assert in_db == in_memory
    assert world.assignment.pk in set(expected_assignments(portal.open_period).values_list("pk", flat=True))


# -- the organisation fills in and submits -------------------------------------------------------------


def test_percentage_of_140_is_refused_in_dutch_with_every_other_value_kept(portal):
    client = portal.client("organisation")
    before = row_counts()
    response = client.post(entry_url(portal), entry_data(portal, **{f"value_{portal.percentage.pk}": "140"}))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Een percentage ligt tussen 0 en 100" in content
    assert 'value="60"' in content and "Meer vrijwilligers" in content and 'value="1200.50"' in content
    assert 'aria-invalid="true"' in content
    assert row_counts() == before


def test_organisation_saves_a_concept_and_sees_it_again(portal):
    client = portal.client("organisation")
    response = client.post(entry_url(portal), entry_data(portal))
    assert response.status_code == 302
    report = report_of(portal)
    assert report.status == "concept"
    assert realisation(portal.count, portal.open_period).value == 60
    assert realisation(portal.text, portal.open_period).text == "Meer vrijwilligers"
    assert RealisedHours.objects.get(report=report).hours == 700
    assert report.costs.get().direct_costs == D("1200.50")
    page = client.get(entry_url(portal)).content.decode()
    assert "3 van 3 waarden ingevuld" in page


def test_saving_the_same_form_twice_writes_no_second_history(portal):
    client = portal.client("organisation")
    client.post(entry_url(portal), entry_data(portal))
    before = row_counts()
    version = report_of(portal).version
    client.post(entry_url(portal), entry_data(portal, version=version))
    assert row_counts() == before


def test_percentage_from_numerator_and_denominator(portal):
    data = entry_data(
        portal, **{f"value_{portal.percentage.pk}": "", f"numerator_{portal.percentage.pk}": "80",
                   f"denominator_{portal.percentage.pk}": "96"}
    )  # fmt: skip
    assert portal.client("organisation").post(entry_url(portal), data).status_code == 302
    value = realisation(portal.percentage, portal.open_period)
    assert (value.numerator, value.denominator, value.value) == (80, 96, D("83.3333"))


def test_submit_needs_a_toelichting_where_the_value_falls_behind_and_writes_nothing_without(portal):
    client = portal.client("organisation")
    before = row_counts()
    response = client.post(entry_url(portal), entry_data(portal, action="submit"))
    assert response.status_code == 400
    assert "toelichting is verplicht" in response.content.decode()
    assert row_counts() == before


def test_submit_then_read_only_and_the_officer_is_told(portal):
    client = portal.client("organisation")
    data = entry_data(portal, action="submit", **{f"explanation_{portal.count.pk}": "Twee maanden ziekte"})
    assert client.post(entry_url(portal), data).status_code == 302
    report = report_of(portal)
    assert report.status == "ingediend" and report.submitted_by == portal.world.users["organisation"]
    assert not report.is_late
    assert realisation(portal.count, portal.open_period).status == "ingediend"
    officer = portal.world.users["officer"]
    assert Notification.objects.filter(recipient=officer, subject__startswith="Rapportage ingediend").exists()
    assert not Notification.objects.filter(recipient=portal.world.users["other_officer"]).exists()
    page = client.get(entry_url(portal)).content.decode()
    assert 'name="value_' not in page
    again = client.post(entry_url(portal), entry_data(portal, **{f"explanation_{portal.count.pk}": "x"}))
    assert again.status_code == 400
    assert realisation(portal.count, portal.open_period).explanation == "Twee maanden ziekte"


def test_after_the_deadline_a_report_is_still_accepted_and_marked_late(portal):
    portal.open_period.deadline = datetime.date.today() - datetime.timedelta(days=1)
    portal.open_period.save()
    data = entry_data(portal, action="submit", **{f"explanation_{portal.count.pk}": "Later door ziekte"})
    assert portal.client("organisation").post(entry_url(portal), data).status_code == 302
    assert report_of(portal).is_late


def test_whole_journey_return_correct_resubmit_approve_with_every_step_in_history(portal):
    organisation, officer = portal.client("organisation"), portal.client("officer")
    submit = entry_data(portal, action="submit", **{f"explanation_{portal.count.pk}": "Ziekte"})
    organisation.post(entry_url(portal), submit)
    report = report_of(portal)
    response = officer.post(
        review_url(portal),
        {
            "action": "return",
            "version": report.version,
            f"comment_{portal.percentage.pk}": "85 lijkt hoog; bron?",
        },
    )
    assert response.status_code == 302
    assert report_of(portal).status == "teruggestuurd"
    returned = realisation(portal.percentage, portal.open_period)
    assert (returned.status, returned.review_comment) == ("teruggestuurd", "85 lijkt hoog; bron?")
    assert (
        any("teruggestuurd" in m.subject for m in mail.outbox)
        or Notification.objects.filter(
            recipient=portal.world.users["organisation"], subject__startswith="Rapportage teruggestuurd"
        ).exists()
    )
    page = organisation.get(entry_url(portal)).content.decode()
    assert "85 lijkt hoog; bron?" in page and f'name="value_{portal.percentage.pk}"' in page
    resubmit = dict(submit, version=report_of(portal).version, **{f"value_{portal.percentage.pk}": "82"})
    assert organisation.post(entry_url(portal), resubmit).status_code == 302
    assert report_of(portal).status == "ingediend"
    response = officer.post(review_url(portal), {"action": "approve", "version": report_of(portal).version})
    assert response.status_code == 302
    report = report_of(portal)
    assert report.status == "goedgekeurd" and report.reviewed_by == portal.world.users["officer"]
    assert realisation(portal.percentage, portal.open_period).status == "goedgekeurd"
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds == ["ingediend", "teruggestuurd", "ingediend", "goedgekeurd"]
    history = officer.get(review_url(portal, "report-history")).content.decode()
    assert "85 lijkt hoog; bron?" in history and "82" in history
    locked = organisation.post(entry_url(portal), dict(resubmit, action="save"))
    assert locked.status_code == 400
    assert realisation(portal.percentage, portal.open_period).value == 82


def test_return_without_any_comment_is_refused(portal):
    organisation, officer = portal.client("organisation"), portal.client("officer")
    organisation.post(
        entry_url(portal), entry_data(portal, action="submit", **{f"explanation_{portal.count.pk}": "x"})
    )
    response = officer.post(review_url(portal), {"action": "return", "version": report_of(portal).version})
    assert response.status_code == 400
    assert "Schrijf bij het terugsturen" in response.content.decode()
    assert report_of(portal).status == "ingediend"


def test_reopening_an_approved_report_needs_a_reason_and_is_kept(portal):
    organisation, officer = portal.client("organisation"), portal.client("officer")
    organisation.post(
        entry_url(portal), entry_data(portal, action="submit", **{f"explanation_{portal.count.pk}": "x"})
    )
    officer.post(review_url(portal), {"action": "approve", "version": report_of(portal).version})
    assert officer.post(review_url(portal, "report-reopen"), {"reason": ""}).status_code == 400
    assert organisation.post(review_url(portal, "report-reopen"), {"reason": "ik wil"}).status_code == 403
    assert (
        officer.post(review_url(portal, "report-reopen"), {"reason": "Telfout bij bezoeken"}).status_code
        == 302
    )
    assert report_of(portal).status == "teruggestuurd"
    assert report_of(portal).events.get(kind="heropend").comment == "Telfout bij bezoeken"
    corrected = entry_data(portal, **{f"value_{portal.count.pk}": "66", "version": report_of(portal).version})
    assert organisation.post(entry_url(portal), corrected).status_code == 302


def test_a_concept_cannot_be_approved_and_the_officer_is_told_why(portal):
    portal.client("organisation").post(entry_url(portal), entry_data(portal))  # saved as concept
    report = report_of(portal)

    response = portal.client("officer").post(
        review_url(portal), {"action": "approve", "version": report.version}
    )

    assert response.status_code == 409
    assert "Dit kan niet: de rapportage staat op ‘concept’, niet op ‘ingediend’." in response.content.decode()
    assert report_of(portal).status == "concept"


def test_stale_review_is_refused(portal):
    organisation, officer = portal.client("organisation"), portal.client("officer")
    organisation.post(
        entry_url(portal), entry_data(portal, action="submit", **{f"explanation_{portal.count.pk}": "x"})
    )
    stale = report_of(portal).version - 1
    response = officer.post(review_url(portal), {"action": "approve", "version": stale})
    assert response.status_code == 409
    assert report_of(portal).status == "ingediend"


def test_comment_thread_for_both_sides(portal):
    organisation, officer = portal.client("organisation"), portal.client("officer")
    organisation.post(entry_url(portal), entry_data(portal))
    assert (
        organisation.post(review_url(portal, "report-comment"), {"text": "Vraag over uren"}).status_code
        == 302
    )
    assert officer.post(review_url(portal, "report-comment"), {"text": "Antwoord"}).status_code == 302
    assert (
        portal.client("alderman").post(review_url(portal, "report-comment"), {"text": "x"}).status_code == 403
    )
    assert (
        portal.client("other_organisation")
        .post(review_url(portal, "report-comment"), {"text": "x"})
        .status_code
        == 404
    )
    assert list(ReportEvent.objects.values_list("comment", flat=True)) == ["Vraag over uren", "Antwoord"]


def test_closed_and_not_yet_open_periods_take_no_values(portal):
    client = portal.client("organisation")
    for period in (portal.closed_period, portal.future_period):
        page = client.get(entry_url(portal, period=period))
        assert page.status_code == 200 and 'name="value_' not in page.content.decode()
        response = client.post(entry_url(portal, period=period), entry_data(portal))
        assert response.status_code == 400
    assert not PeriodReport.objects.filter(period__in=[portal.closed_period, portal.future_period]).exists()


# -- nothing lost when the session expired ----------------------------------------------------------------


def test_post_after_session_expiry_is_kept_and_offered_after_login(portal):
    from django.test import Client

    client = Client()
    response = client.post(entry_url(portal), entry_data(portal, **{f"value_{portal.count.pk}": "77"}))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not Realisation.objects.exists()
    client.force_login(portal.world.users["organisation"])
    page = client.get(entry_url(portal)).content.decode()
    assert 'value="77"' in page and "sessie was verlopen" in page
    # Offered once; saving is the user's own step.
    assert 'value="77"' not in client.get(entry_url(portal)).content.decode()


def test_kept_post_is_not_offered_to_someone_else_or_on_another_page(portal):
    from django.test import Client

    client = Client()
    client.post(entry_url(portal), entry_data(portal, **{f"value_{portal.count.pk}": "77"}))
    client.force_login(portal.world.users["other_organisation"])
    assert client.get(entry_url(portal)).status_code == 404
    ggd_page = client.get(entry_url(portal, assignment=portal.world.ggd_assignment)).content.decode()
    assert 'value="77"' not in ggd_page


# -- who sees what --------------------------------------------------------------------------------------


ENTRY_GET = {
    "organisation": 200,
    "officer": 200,
    "alderman": 200,
    "admin": 200,
    "other_organisation": 404,
    "other_officer": 404,
}


@pytest.mark.parametrize(("role", "status"), ENTRY_GET.items())
def test_report_page_per_role(portal, role, status):
    response = portal.client(role).get(entry_url(portal))
    assert response.status_code == status
    if status == 200:
        has_form = 'name="value_' in response.content.decode()
        assert has_form == (role == "organisation")


def test_anonymous_goes_to_login(portal):
    response = portal.client("anonymous").get(entry_url(portal))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("officer", 403),
        ("alderman", 403),
        ("admin", 403),
        ("other_organisation", 404),
        ("other_officer", 404),
    ],
)
def test_only_the_own_organisation_may_post_values(portal, role, status):
    client = portal.client(role)
    before = row_counts()
    assert client.post(entry_url(portal), entry_data(portal)).status_code == status
    assert row_counts() == before


def test_foreign_indicator_ids_in_the_form_are_ignored(portal):
    data = entry_data(portal, **{f"value_{portal.ggd_indicator.pk}": "999"})
    assert portal.client("organisation").post(entry_url(portal), data).status_code == 302
    assert not Realisation.objects.filter(indicator=portal.ggd_indicator).exists()


def test_the_service_refuses_foreign_indicators_and_municipalities(portal):
    from django.core.exceptions import ValidationError

    user = portal.world.users["organisation"]
    for entered in (
        ReportInput(values={portal.ggd_indicator.pk: EnteredValue(value=D(1))}, hours={}, costs={}),
        ReportInput(values={}, hours={(portal.world.assen.pk, ""): D(1)}, costs={}),
    ):
        with pytest.raises(ValidationError):
            save_report(
                assignment=portal.world.assignment,
                period=portal.open_period,
                user=user,
                entered=entered,
                version=None,
            )
    assert not Realisation.objects.exists() and not RealisedHours.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("organisation", 403),
        ("alderman", 403),
        ("admin", 403),
        ("other_officer", 404),
        ("other_organisation", 404),
    ],
)
def test_only_the_municipalitys_officer_reviews(portal, role, status):
    portal.client("organisation").post(
        entry_url(portal), entry_data(portal, action="submit", **{f"explanation_{portal.count.pk}": "x"})
    )
    response = portal.client(role).post(
        review_url(portal), {"action": "approve", "version": report_of(portal).version}
    )
    assert response.status_code == status
    assert report_of(portal).status == "ingediend"


# -- organisation home ----------------------------------------------------------------------------------


def test_home_shows_open_periods_progress_and_returned_reports(portal):
    client = portal.client("organisation")
    client.post(entry_url(portal), entry_data(portal, **{f"value_{portal.text.pk}": ""}))
    page = client.get(reverse("agreements:portal-home")).content.decode()
    assert portal.open_period.name in page and "2 van 3" in page
    assert portal.closed_period.name not in page.split("Alle opdrachten")[0]
    assert "Aantal voorlichtingen" not in page  # GGD's work never shows
    client.post(entry_url(portal), entry_data(portal, action="submit", version=report_of(portal).version,
                                              **{f"explanation_{portal.count.pk}": "x"}))  # fmt: skip
    portal.client("officer").post(
        review_url(portal),
        {"action": "return", "comment": "Graag bron", "version": report_of(portal).version},
    )
    page = client.get(reverse("agreements:portal-home")).content.decode()
    assert "Teruggestuurd voor correctie" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [("organisation", 200), ("other_organisation", 200), ("officer", 302), ("alderman", 302)],
)
def test_home_per_role(portal, role, status):
    assert portal.client(role).get(reverse("agreements:portal-home")).status_code == status


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("officer", "agreements:review-queue"),
        ("alderman", "effects:framework-list"),
        ("admin", "effects:framework-list"),
    ],
)
def test_municipal_users_are_sent_to_a_page_they_may_open(portal, role, target):
    client = portal.client(role)
    response = client.get(reverse("agreements:portal-home"))
    assert response["Location"] == reverse(target)
    assert client.get(response["Location"]).status_code == 200


def _grow(portal, n):
    for i in range(n):
        assignment = AssignmentFactory(agreement=portal.world.agreement, effect=portal.world.effect)
        for j in range(3):
            indicator = PerformanceIndicator.objects.create(
                assignment=assignment, name=f"Extra {i}.{j}", value_type="aantal"
            )
            PerformanceTarget.objects.create(indicator=indicator, year=2020, value=10)
            Realisation.objects.create(indicator=indicator, period=portal.open_period, value=j)
        PeriodReport.objects.create(assignment=assignment, period=portal.open_period)
    for j in range(n):
        indicator = PerformanceIndicator.objects.create(
            assignment=portal.world.assignment, name=f"Meer {j}", value_type="aantal"
        )
        PerformanceTarget.objects.create(indicator=indicator, year=2020, value=10)
        Realisation.objects.create(indicator=indicator, period=portal.closed_period, value=j)


def test_query_counts_do_not_grow_with_the_data(portal, query_count):
    portal.client("organisation").post(entry_url(portal), entry_data(portal))
    pages = {
        "organisation": [reverse("agreements:portal-home"), entry_url(portal)],
        "officer": [entry_url(portal), reverse("agreements:review-queue")],
    }
    clients = {role: portal.client(role) for role in pages}
    small = {(role, url): query_count(clients[role], url) for role, urls in pages.items() for url in urls}
    _grow(portal, 6)
    large = {(role, url): query_count(clients[role], url) for role, urls in pages.items() for url in urls}
    assert small == large


def test_each_review_step_writes_one_history_row_per_value_with_who(portal):
    organisation, officer = portal.client("organisation"), portal.client("officer")
    organisation.post(entry_url(portal), entry_data(portal))
    values = Realisation.objects.filter(period=portal.open_period)
    before = {r.pk: r.history.count() for r in values}
    data = entry_data(portal, action="submit", version=report_of(portal).version,
                      **{f"explanation_{portal.count.pk}": "Ziekte"})  # fmt: skip
    organisation.post(entry_url(portal), data)
    officer.post(review_url(portal), {"action": "approve", "version": report_of(portal).version})
    for realisation in values:
        history = list(realisation.history.order_by("history_date", "history_id"))
        # the explanation change, the submit and the approval: one row each
        expected = 3 if realisation.indicator_id == portal.count.pk else 2
        assert len(history) - before[realisation.pk] == expected
        assert history[-1].status == "goedgekeurd"
        assert history[-1].history_user == portal.world.users["officer"]
