"""Edit screens and history pages of agreements, assignments and performance indicators.

Forms are posted the way a browser sends them: every field of the page as it was loaded (blank new rows
included), with the changes a person makes on top.
"""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from agreements.models import (
    Activity,
    AgreedResult,
    Agreement,
    AgreementSection,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
    Realisation,
    ReportingPeriod,
)
from tests.factories import MunicipalityFactory
from tests.helpers import row_counts

pytestmark = pytest.mark.django_db

ROLES = ["officer", "alderman", "admin", "organisation", "other_organisation", "other_officer", "anonymous"]
# Edit pages: the policy officer of Haren edits; who may read the agreement gets 403, anyone else 404.
EDIT = {
    "officer": 200,
    "alderman": 403,
    "admin": 403,
    "organisation": 403,
    "other_organisation": 404,
    "other_officer": 404,
    "anonymous": 302,
}
# History pages: everyone who may read the agreement, its own organisation included.
HISTORY = {**EDIT, "alderman": 200, "admin": 200, "organisation": 200}


class _FormReader(HTMLParser):
    """The fields of the page's own edit form (the POST form without an action), as a browser sends them."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.in_form = self.in_template = False
        self.select = self.textarea = None
        self.first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and "action" not in attrs:
            self.in_form = True
        elif tag == "template":
            self.in_template = True
        if not self.in_form or self.in_template:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self.data[name] = "on"
            elif attrs.get("type") not in ("submit", "button"):
                self.data[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = attrs.get("value", "")
            if "selected" in attrs:
                self.data[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "template":
            self.in_template = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select:
            self.data.setdefault(self.select, self.first_option or "")
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def form_data(response, status: int = 200) -> dict[str, str]:
    assert response.status_code == status, response.status_code
    reader = _FormReader()
    reader.feed(response.content.decode())
    return {name: value.lstrip("\n") for name, value in reader.data.items()}


def row_of(data: dict, prefix: str, field: str, value: str) -> str:
    """The form prefix ("uren-0") of the row whose field has this value."""
    for name, current in data.items():
        if name.startswith(prefix + "-") and name.endswith("-" + field) and current == value:
            return name.rsplit("-", 1)[0]
    raise AssertionError(f"no {prefix} row with {field}={value!r}")


def extra_row(data: dict, prefix: str) -> str:
    """The prefix of the first blank new row of a list."""
    return f"{prefix}-{data[f'{prefix}-INITIAL_FORMS']}"


@pytest.fixture
def indicator(world):
    indicator = PerformanceIndicator.objects.create(
        assignment=world.assignment, name="Aantal huisbezoeken", value_type="aantal", position=0
    )
    PerformanceTarget.objects.create(indicator=indicator, year=2018, value=120)
    return indicator


@pytest.fixture
def period(world):
    return ReportingPeriod.objects.create(
        framework=world.framework,
        slug="2018-h1",
        name="Eerste halfjaar 2018",
        kind="halfjaar",
        year=2018,
        number=1,
    )


def _urls(world, indicator):
    return {
        "agreement-edit": (reverse("agreements:agreement-edit", args=[world.agreement.pk]), EDIT),
        "assignment-edit": (reverse("agreements:assignment-edit", args=[world.assignment.pk]), EDIT),
        "indicator-edit": (reverse("agreements:indicator-edit", args=[indicator.pk]), EDIT),
        "agreement-history": (reverse("agreements:agreement-history", args=[world.agreement.pk]), HISTORY),
        "assignment-history": (reverse("agreements:assignment-history", args=[world.assignment.pk]), HISTORY),
        "indicator-history": (reverse("agreements:indicator-history", args=[indicator.pk]), HISTORY),
    }


PAGES = [
    "agreement-edit",
    "assignment-edit",
    "indicator-edit",
    "agreement-history",
    "assignment-history",
    "indicator-history",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_page_answers_each_role_as_designed(world, indicator, page, role):
    url, expected = _urls(world, indicator)[page]
    response = world.client(role).get(url)
    assert response.status_code == expected[role], (page, role)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("page", ["agreement-edit", "assignment-edit", "indicator-edit"])
@pytest.mark.parametrize("role", [role for role in ROLES if role != "officer"])
def test_only_the_policy_officer_can_post_an_edit(world, indicator, page, role):
    url = _urls(world, indicator)[page][0]
    data = form_data(world.client("officer").get(url))
    data.update({"title": "Gekaapt", "name": "Gekaapt"})
    client = world.client(role)
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code == EDIT[role]
    assert row_counts() == before


def test_saving_an_unchanged_assignment_page_with_its_blank_rows_changes_no_list(world, indicator):
    client = world.client("officer")
    url = reverse("agreements:assignment-edit", args=[world.assignment.pk])
    before = row_counts()
    response = client.post(url, form_data(client.get(url)))
    assert response.status_code == 302, response.content.decode()[:3000]
    after = row_counts()
    # Only the assignment itself is saved (its version goes up); no list gets a row or a history row.
    assert {label: after[label] - before[label] for label in after if after[label] != before[label]} == {
        "agreements.HistoricalAssignment": 1
    }


def test_officer_saves_the_assignment_with_one_history_row_per_change(world, indicator):
    client = world.client("officer")
    url = reverse("agreements:assignment-edit", args=[world.assignment.pk])
    data = form_data(client.get(url))
    first, second = (
        row_of(data, "activiteiten", "description", "Huisbezoeken"),
        row_of(data, "activiteiten", "description", "Cursussen"),
    )
    new_activity, new_hours = extra_row(data, "activiteiten"), extra_row(data, "uren")
    new_money = extra_row(data, "geld")
    data.update({
        "title": "Huisbezoeken bij ouderen",
        f"{first}-ORDER": "2",
        f"{second}-ORDER": "1",
        f"{new_activity}-description": "Spreekuur in het dorpshuis",
        f"{new_activity}-ORDER": "3",
        f"{new_hours}-municipality": str(world.haren.pk),
        f"{new_hours}-category": "administratie",
        f"{new_hours}-is_pm": "on",
        f"{new_money}-municipality": str(world.haren.pk),
        f"{new_money}-kind": "kosten",
        f"{new_money}-amount": "12000",
    })  # fmt: skip
    history_before = {
        model: model.history.count() for model in (Assignment, Activity, HoursLine, MoneyLine, AgreedResult)
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == reverse("agreements:assignment-detail", args=[world.assignment.pk])
    assignment = Assignment.objects.get(pk=world.assignment.pk)
    assert assignment.title == "Huisbezoeken bij ouderen"
    assert assignment.version == world.assignment.version + 1
    assert list(assignment.activities.values_list("description", flat=True)) == [
        "Cursussen",
        "Huisbezoeken",
        "Spreekuur in het dorpshuis",
    ]
    pm_line = assignment.hours_lines.get(category="administratie")
    assert pm_line.is_pm and pm_line.hours is None
    assert assignment.money_lines.get().amount == Decimal("12000")
    growth = {model: model.history.count() - count for model, count in history_before.items()}
    # The assignment once, two moved activities and one new one, one new hours line, one money line.
    assert growth == {Assignment: 1, Activity: 3, HoursLine: 1, MoneyLine: 1, AgreedResult: 0}
    history = client.get(
        reverse("agreements:assignment-history", args=[world.assignment.pk])
    ).content.decode()
    assert "Huisbezoeken bij ouderen" in history
    assert "Spreekuur in het dorpshuis" in history


@pytest.mark.parametrize(
    ("hours", "is_pm", "message"),
    [
        ("-5", False, "Dit getal kan niet negatief zijn."),
        ("40", True, "Vul een aantal in óf kies PM, niet allebei."),
        ("", False, "Vul een aantal in of kies PM."),
        ("veel", False, "Voer een getal in."),
    ],
)
def test_invalid_hours_keep_what_was_typed_and_write_nothing(world, hours, is_pm, message):
    client = world.client("officer")
    url = reverse("agreements:assignment-edit", args=[world.assignment.pk])
    data = form_data(client.get(url))
    row = extra_row(data, "uren")
    data.update({
        "title": "Titel die bewaard moet blijven",
        f"{row}-municipality": str(world.haren.pk),
        f"{row}-category": "schoonmaak",
        f"{row}-hours": hours,
        f"{row}-note": "toelichting bij de uren",
    })  # fmt: skip
    if is_pm:
        data[f"{row}-is_pm"] = "on"
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Titel die bewaard moet blijven" in page
    assert "toelichting bij de uren" in page
    assert row_counts() == before


def test_negative_amount_and_pm_with_an_amount_are_refused(world):
    client = world.client("officer")
    url = reverse("agreements:assignment-edit", args=[world.assignment.pk])
    data = form_data(client.get(url))
    data.update({
        "geld-TOTAL_FORMS": str(int(data["geld-TOTAL_FORMS"]) + 1),
        "geld-0-municipality": str(world.haren.pk), "geld-0-kind": "kosten", "geld-0-amount": "-1",
        "geld-1-municipality": str(world.haren.pk), "geld-1-kind": "baten", "geld-1-amount": "500",
        "geld-1-is_pm": "on", "geld-1-ORDER": "2",
    })  # fmt: skip
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit getal kan niet negatief zijn." in page
    assert "Vul een bedrag in óf kies PM, niet allebei." in page
    assert row_counts() == before


def test_a_municipality_the_agreement_does_not_have_is_refused(world):
    client = world.client("officer")
    url = reverse("agreements:assignment-edit", args=[world.assignment.pk])
    data = form_data(client.get(url))
    assert f'<option value="{world.assen.pk}"' not in client.get(url).content.decode()
    row = extra_row(data, "uren")
    data.update({f"{row}-municipality": str(world.assen.pk), f"{row}-hours": "10"})
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code == 400
    assert "geldige keuze" in response.content.decode()
    assert row_counts() == before


def test_an_indicator_of_another_assignment_cannot_be_changed_through_this_page(world, indicator):
    foreign = PerformanceIndicator.objects.create(assignment=world.ggd_assignment, name="Bereik GGD")
    client = world.client("officer")
    url = reverse("agreements:assignment-edit", args=[world.assignment.pk])
    data = form_data(client.get(url))
    row = row_of(data, "indicatoren", "id", str(indicator.pk))
    data.update({f"{row}-id": str(foreign.pk), f"{row}-name": "Overgenomen"})
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code == 400
    assert row_counts() == before
    assert PerformanceIndicator.objects.get(pk=foreign.pk).name == "Bereik GGD"
    assert PerformanceIndicator.objects.get(pk=foreign.pk).assignment == world.ggd_assignment


def test_an_indicator_with_realisations_is_not_deleted(world, indicator, period):
    Realisation.objects.create(indicator=indicator, period=period, municipality=world.haren, value=50)
    client = world.client("officer")
    url = reverse("agreements:assignment-edit", args=[world.assignment.pk])
    data = form_data(client.get(url))
    data[f"{row_of(data, 'indicatoren', 'id', str(indicator.pk))}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "heeft al realisaties" in response.content.decode()
    assert PerformanceIndicator.objects.filter(pk=indicator.pk).exists()


def test_second_save_of_an_assignment_gets_the_conflict_screen_with_its_input_intact(world):
    first, second = world.client("officer"), world.client("officer")
    url = reverse("agreements:assignment-edit", args=[world.assignment.pk])
    first_data, second_data = form_data(first.get(url)), form_data(second.get(url))
    first_data["task"] = "Wekelijks spreekuur in Haren"
    assert first.post(url, first_data).status_code == 302
    second_data["contractor_remarks"] = "Mijn eigen aanvulling"
    response = second.post(url, second_data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Mijn eigen aanvulling" in page  # the second person's input is still on the form
    assert "Wekelijks spreekuur in Haren" in page  # and the other person's change is shown
    assignment = Assignment.objects.get(pk=world.assignment.pk)
    assert assignment.contractor_remarks == ""
    assert assignment.task == "Wekelijks spreekuur in Haren"
    # Saving again from the conflict screen (which carries the current version) succeeds.
    retry = second.post(url, form_data(response, status=409))
    assert retry.status_code == 302
    assert Assignment.objects.get(pk=world.assignment.pk).contractor_remarks == "Mijn eigen aanvulling"


def test_officer_edits_the_agreement_and_its_sections(world):
    client = world.client("officer")
    url = reverse("agreements:agreement-edit", args=[world.agreement.pk])
    data = form_data(client.get(url))
    row = extra_row(data, "hoofdstukken")
    data.update({
        "hourly_rate": "75.50", "start_year": "2017", "end_year": "2020",
        f"{row}-title": "Inleiding", f"{row}-body": "Waarom deze afspraak.",
    })  # fmt: skip
    before = Agreement.history.filter(id=world.agreement.pk).count()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == reverse("agreements:agreement-detail", args=[world.agreement.pk])
    agreement = Agreement.objects.get(pk=world.agreement.pk)
    assert agreement.hourly_rate == Decimal("75.50")
    assert list(agreement.sections.values_list("title", flat=True)) == ["Inleiding"]
    assert Agreement.history.filter(id=agreement.pk).count() == before + 1
    assert AgreementSection.history.filter(agreement_id=agreement.pk).count() == 1


def test_agreement_with_end_year_before_start_year_is_refused(world):
    client = world.client("officer")
    url = reverse("agreements:agreement-edit", args=[world.agreement.pk])
    data = form_data(client.get(url))
    data.update({"start_year": "2020", "end_year": "2017", "description": "Mijn toelichting"})
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Het eindjaar ligt voor het startjaar." in response.content.decode()
    assert "Mijn toelichting" in response.content.decode()
    assert row_counts() == before


def test_malformed_posts_are_form_errors_not_crashes(world, indicator):
    client = world.client("officer")
    for url in _urls(world, indicator).values():
        if "bewerken" in url[0]:
            assert client.post(url[0], {"version": "x"}).status_code == 400


def test_indicator_targets_are_limited_to_the_periods_of_the_framework(world, indicator, period):
    foreign_period = ReportingPeriod.objects.create(
        framework=world.other_framework, slug="assen-2018", name="Assen 2018", kind="jaar", year=2018
    )
    client = world.client("officer")
    url = reverse("agreements:indicator-edit", args=[indicator.pk])
    page = client.get(url).content.decode()
    assert "Eerste halfjaar 2018" in page and "Assen 2018" not in page
    data = form_data(client.get(url))
    row = row_of(data, "streefwaarden", "year", "2018")
    data[f"{row}-period"] = str(foreign_period.pk)
    before = row_counts()
    assert client.post(url, data).status_code == 400
    assert row_counts() == before
    data[f"{row}-period"] = str(period.pk)
    assert client.post(url, data).status_code == 302
    assert indicator.targets.get().period == period


def test_changing_a_target_after_realisations_exist_needs_a_reason(world, indicator, period):
    Realisation.objects.create(indicator=indicator, period=period, municipality=world.haren, value=50)
    client = world.client("officer")
    url = reverse("agreements:indicator-edit", args=[indicator.pk])
    data = form_data(client.get(url))
    row = row_of(data, "streefwaarden", "year", "2018")
    data[f"{row}-value"] = "100"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Geef de reden van deze wijziging" in response.content.decode()
    assert indicator.targets.get().value == 120
    data[f"{row}-change_reason"] = "Minder aanmeldingen door de verbouwing"
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("agreements:assignment-detail", args=[world.assignment.pk])
    target = indicator.targets.get()
    assert (target.value, target.change_reason) == (100, "Minder aanmeldingen door de verbouwing")
    assert PerformanceTarget.history.filter(id=target.pk).count() == 2  # created + this one change
    history = client.get(reverse("agreements:indicator-history", args=[indicator.pk])).content.decode()
    assert "Minder aanmeldingen door de verbouwing" in history


def test_assignment_page_shows_edit_links_only_to_editors(world, indicator):
    url = reverse("agreements:assignment-detail", args=[world.assignment.pk])
    edit_url = reverse("agreements:assignment-edit", args=[world.assignment.pk])
    indicator_url = reverse("agreements:indicator-edit", args=[indicator.pk])
    history_url = reverse("agreements:assignment-history", args=[world.assignment.pk])
    officer = world.client("officer").get(url).content.decode()
    assert edit_url in officer and indicator_url in officer and history_url in officer
    for role in ("alderman", "organisation"):
        page = world.client(role).get(url).content.decode()
        assert edit_url not in page and indicator_url not in page
        assert history_url in page


# -- query counts ----------------------------------------------------------------------------------


def grow_assignment(world, n: int) -> None:
    """n more of every list on the assignment, in two municipalities, with targets per period."""
    extra = MunicipalityFactory(slug="tynaarlo", name="Gemeente Tynaarlo")
    world.agreement.municipalities.add(extra)
    period, _ = ReportingPeriod.objects.get_or_create(
        framework=world.framework, slug="2019", defaults={"name": "2019", "kind": "jaar", "year": 2019}
    )
    offset = world.assignment.activities.count()
    for i in range(offset, offset + n):
        Activity.objects.create(assignment=world.assignment, description=f"Activiteit {i}", position=i)
        AgreedResult.objects.create(assignment=world.assignment, description=f"Resultaat {i}", position=i)
        for municipality in (world.haren, extra):
            HoursLine.objects.create(
                assignment=world.assignment, municipality=municipality, hours=i, position=i
            )
            MoneyLine.objects.create(
                assignment=world.assignment, municipality=municipality, kind="kosten", amount=i, position=i
            )
        indicator = PerformanceIndicator.objects.create(
            assignment=world.assignment, name=f"Bereik {i}", position=i
        )
        PerformanceTarget.objects.create(indicator=indicator, year=2019, period=period, value=i)


@pytest.mark.parametrize(("name", "bound"), [("assignment-detail", 25), ("assignment-edit", 25)])
def test_query_count_of_the_assignment_pages_does_not_grow_with_the_data(
    world, query_count, django_assert_max_num_queries, name, bound
):
    client = world.client("officer")
    url = reverse(f"agreements:{name}", args=[world.assignment.pk])
    grow_assignment(world, 2)
    query_count(client, url)  # warm up the session
    small = query_count(client, url)
    with django_assert_max_num_queries(bound):
        client.get(url)
    grow_assignment(world, 12)
    large = query_count(client, url)
    with django_assert_max_num_queries(bound):
        client.get(url)
    assert large == small, f"{name}: {small} queries with little data, {large} with more"


def test_query_count_of_the_indicator_edit_page_does_not_grow_with_its_targets(
    world, indicator, period, query_count, django_assert_max_num_queries
):
    client = world.client("officer")
    url = reverse("agreements:indicator-edit", args=[indicator.pk])
    query_count(client, url)
    small = query_count(client, url)
    for year in (2017, 2019, 2020):
        PerformanceTarget.objects.create(indicator=indicator, year=year, value=year - 2000)
        ReportingPeriod.objects.create(
            framework=world.framework, slug=f"jaar-{year}", name=f"Jaar {year}", kind="jaar", year=year
        )
    with django_assert_max_num_queries(small):
        client.get(url)
