"""The municipality's side of reporting: review queue, reporting periods, and who has not reported."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import PeriodReport, ReportingPeriod
from tests.agreements.test_portal import entry_data, entry_url, report_of
from tests.helpers import row_counts

pytestmark = pytest.mark.django_db


def submit(portal):
    data = entry_data(portal, action="submit", **{f"explanation_{portal.count.pk}": "Ziekte"})
    assert portal.client("organisation").post(entry_url(portal), data).status_code == 302


QUEUE = reverse("agreements:review-queue")


def test_review_queue_lists_submitted_reports_of_the_officers_municipality(portal):
    submit(portal)
    page = portal.client("officer").get(QUEUE).content.decode()
    assert "Torion" in page and portal.open_period.name in page
    other = portal.client("other_officer").get(QUEUE).content.decode()
    assert "Torion" not in other


def test_review_queue_exports_csv(portal):
    submit(portal)
    response = portal.client("officer").get(QUEUE + "?_export=csv")
    assert response.status_code == 200
    assert "Torion" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("officer", 200), ("alderman", 403), ("admin", 403), ("organisation", 403), ("other_officer", 200)],
)
def test_review_queue_per_role(portal, role, status):
    assert portal.client(role).get(QUEUE).status_code == status


def test_review_queue_anonymous_goes_to_login(portal):
    assert "/account/login/" in portal.client("anonymous").get(QUEUE)["Location"]


# -- periods -------------------------------------------------------------------------------------------


def period_list_url(world):
    return reverse("agreements:period-list", args=[world.framework.pk])


NEW_PERIOD = {
    "name": "2020 eerste kwartaal",
    "slug": "2020-k1",
    "kind": "kwartaal",
    "year": "2020",
    "number": "1",
    "opens_on": "2020-04-01",
    "deadline": "2020-05-01",
    "agreement": "",
}


def test_officer_adds_a_period(portal):
    response = portal.client("officer").post(period_list_url(portal.world), NEW_PERIOD)
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(slug="2020-k1")
    assert period.framework == portal.world.framework
    assert period.history.first().history_user == portal.world.users["officer"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"number": "5"}, "een kwartaal 1 tot en met 4"),
        ({"year": "2030"}, "buiten het beleidskader"),
        ({"deadline": "2020-03-01"}, "vóór de openingsdatum"),
        ({"slug": "2020-h2"}, "al een periode met deze sleutel"),
    ],
)
def test_a_wrong_period_is_refused_in_dutch_and_keeps_the_input(portal, change, message):
    client = portal.client("officer")
    before = row_counts()
    response = client.post(period_list_url(portal.world), {**NEW_PERIOD, **change})
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content and "2020 eerste kwartaal" in content
    assert row_counts() == before


def test_a_period_for_another_frameworks_agreement_is_refused(portal, world):
    from tests.factories import AgreementFactory

    foreign = AgreementFactory(organisation=world.ggd, framework=world.other_framework)
    response = portal.client("officer").post(period_list_url(world), {**NEW_PERIOD, "agreement": foreign.pk})
    assert response.status_code == 400
    assert not ReportingPeriod.objects.filter(slug="2020-k1").exists()


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("officer", 200, 302),
        ("admin", 200, 302),
        ("alderman", 200, 403),
        ("organisation", 403, 403),
        ("other_officer", 404, 404),
    ],
)
def test_period_list_per_role(portal, role, get, post):
    client = portal.client(role)
    assert client.get(period_list_url(portal.world)).status_code == get
    assert client.post(period_list_url(portal.world), NEW_PERIOD).status_code == post


def test_officer_closes_and_reopens_a_period(portal):
    client = portal.client("officer")
    url = reverse("agreements:period-toggle", args=[portal.open_period.pk])
    assert client.post(url, {"closed": "1"}).status_code == 302
    portal.open_period.refresh_from_db()
    assert portal.open_period.is_closed
    assert client.post(url, {"closed": "0"}).status_code == 302
    portal.open_period.refresh_from_db()
    assert not portal.open_period.is_closed


@pytest.mark.parametrize("data", [{}, {"closed": "ja"}])
def test_a_toggle_without_a_clear_choice_changes_nothing(portal, data):
    portal.open_period.is_closed = True
    portal.open_period.save()
    url = reverse("agreements:period-toggle", args=[portal.open_period.pk])

    response = portal.client("officer").post(url, data)

    assert response.status_code == 400
    assert "Kies of de periode open of dicht moet." in response.content.decode()
    portal.open_period.refresh_from_db()
    assert portal.open_period.is_closed


def test_opening_a_future_period_opens_it_today(portal):
    url = reverse("agreements:period-toggle", args=[portal.future_period.pk])
    portal.client("officer").post(url, {"closed": "0"})
    portal.future_period.refresh_from_db()
    assert portal.future_period.opens_on == datetime.date.today()


@pytest.mark.parametrize(
    ("role", "status"),
    [("alderman", 403), ("organisation", 403), ("other_officer", 404), ("other_organisation", 403)],
)
def test_only_officers_open_and_close(portal, role, status):
    url = reverse("agreements:period-toggle", args=[portal.open_period.pk])
    assert portal.client(role).post(url, {"closed": "1"}).status_code == status
    portal.open_period.refresh_from_db()
    assert not portal.open_period.is_closed


def test_period_edit(portal):
    url = reverse("agreements:period-edit", args=[portal.open_period.pk])
    client = portal.client("officer")
    assert client.get(url).status_code == 200
    data = {**NEW_PERIOD, "slug": "2020-h2", "kind": "halfjaar", "number": "2", "name": "Tweede helft"}
    assert client.post(url, data).status_code == 302
    portal.open_period.refresh_from_db()
    assert portal.open_period.name == "Tweede helft"
    assert portal.client("alderman").post(url, data).status_code == 403
    assert portal.client("other_officer").get(url).status_code == 404


# -- who has not reported ------------------------------------------------------------------------------


def status_url(portal):
    return reverse("agreements:period-status", args=[portal.open_period.pk])


def test_period_status_shows_who_has_not_reported(portal):
    submit(portal)
    client = portal.client("officer")
    page = client.get(status_url(portal)).content.decode()
    assert "Torion" in page and "GGD" in page
    assert "ingediend" in page and "open" in page
    missing = client.get(status_url(portal) + "?show=ontbreekt").content.decode()
    torion_report = entry_url(portal)
    ggd_report = entry_url(portal, assignment=portal.world.ggd_assignment)
    assert ggd_report in missing and torion_report not in missing
    csv = client.get(status_url(portal) + "?show=ontbreekt&_export=csv").content.decode()
    assert "GGD" in csv and "Torion" not in csv


def test_period_status_marks_late_reports_after_the_deadline(portal):
    portal.open_period.deadline = datetime.date.today() - datetime.timedelta(days=2)
    portal.open_period.save()
    page = portal.client("officer").get(status_url(portal)).content.decode()
    assert "te laat" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [("officer", 200), ("alderman", 200), ("admin", 200), ("organisation", 403), ("other_officer", 404)],
)
def test_period_status_per_role(portal, role, status):
    assert portal.client(role).get(status_url(portal)).status_code == status


def test_municipal_pages_query_counts_do_not_grow(portal, query_count):
    from tests.agreements.test_portal import _grow

    submit(portal)
    client = portal.client("officer")
    urls = [status_url(portal), period_list_url(portal.world), QUEUE]
    small = [query_count(client, url) for url in urls]
    _grow(portal, 5)
    for report in PeriodReport.objects.exclude(pk=report_of(portal).pk):
        report.status = "ingediend"
        report.save()
    assert [query_count(client, url) for url in urls] == small
