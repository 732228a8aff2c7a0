"""Jaarverslag / voortgangsrapportage: statuses from approved values, how periods and municipalities add up,
hours and money planned against realised, the monitoring figures, the PDF, and who may have it."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from agreements.models import (
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PeriodReport,
    Realisation,
    RealisedCost,
    RealisedHours,
)
from effects.models import EffectIndicator, EffectIndicatorTarget, EffectIndicatorValue, percentage_of
from effects.progress import STATUS_RULE
from partners.models import AuditEvent, Membership
from reporting.documents import REPORTS
from tests.factories import (
    AgreementFactory,
    AssignmentFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

URL = "/rapporten/jaarverslag/"
SELECTION = "framework=haren-kader&year=2020"
APPROVED, SUBMITTED, RETURNED = "goedgekeurd", "ingediend", "teruggestuurd"
D = Decimal


def build(world, role="officer", **params):
    spec = REPORTS["jaarverslag"]
    form = spec.form_class({"framework": "haren-kader", "year": 2020, **params}, user=world.users[role])
    assert form.is_valid(), form.errors
    return spec.build(world.users[role], form.cleaned_data)


def table_rows(document, slug: str) -> list[dict]:
    table = document.table(slug)
    return [dict(zip([c.key for c in table.columns], row, strict=True)) for row in table.rows]


def indicator(document, name: str) -> dict:
    [row] = [row for row in table_rows(document, "indicatoren") if row["indicator"] == name]
    return row


def realise(indicator, period, value=None, *, status=APPROVED, municipality=None, fraction=None):
    numerator, denominator = fraction or (None, None)
    if fraction:
        value = percentage_of(D(numerator), D(denominator))
    return Realisation.objects.create(
        indicator=indicator,
        period=period,
        municipality=municipality,
        value=value,
        numerator=numerator,
        denominator=denominator,
        status=status,
    )


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


# --- status and how values add up ------------------------------------------------------------------------


def test_cumulative_indicator_adds_up_the_periods_up_to_the_selected_one(portal):
    realise(portal.count, portal.closed_period, D(50))  # 2020 first half
    realise(portal.count, portal.open_period, D(45))  # 2020 second half

    year = indicator(build(portal.world), "Aantal huisbezoeken")
    half = indicator(build(portal.world, period="h1"), "Aantal huisbezoeken")

    # Whole year: 50 + 45 = 95 against 100, 5 % short: within the 10 % threshold.
    assert (year["realised"], year["target"], year["status"]) == (D(95), D(100), "aandacht")
    assert year["measured"] == "t/m 2020 tweede halfjaar"
    # Up to the first half: 50 against half the year target.
    assert (half["realised"], half["target"], half["status"]) == (D(50), D(50), "op koers")


def test_latest_value_indicator_takes_the_latest_period_not_a_sum(portal):
    realise(portal.percentage, portal.closed_period, D(70))
    realise(portal.percentage, portal.open_period, D(85))

    year = indicator(build(portal.world), "Percentage tevreden cliënten")
    half = indicator(build(portal.world, period="h1"), "Percentage tevreden cliënten")

    assert (year["realised"], year["target"], year["status"]) == (D(85), D(80), "op koers")
    assert (half["realised"], half["target"], half["status"]) == (D(70), D(80), "achter")


def test_values_not_yet_approved_do_not_count(portal):
    realise(portal.count, portal.closed_period, D(50))
    realise(portal.count, portal.open_period, D(45), status=SUBMITTED)
    realise(portal.percentage, portal.closed_period, D(70))
    realise(portal.percentage, portal.open_period, D(95), status=RETURNED)

    document = build(portal.world)

    count = indicator(document, "Aantal huisbezoeken")
    assert (count["realised"], count["measured"]) == (D(50), "t/m 2020 eerste halfjaar")
    assert count["status"] == "op koers"  # 50 of the 50 expected by the end of the first half
    assert indicator(document, "Percentage tevreden cliënten")["realised"] == D(70)


@pytest.fixture
def glimmen(portal):
    """A second municipality in Haren's framework and Torion's agreement, which the officer also serves."""
    glimmen = MunicipalityFactory(slug="glimmen", name="Gemeente Glimmen")
    portal.world.framework.municipalities.add(glimmen)
    portal.world.agreement.municipalities.add(glimmen)
    MembershipFactory(
        user=portal.world.users["officer"], role=Membership.Role.POLICY_OFFICER, municipality=glimmen
    )
    return glimmen


def test_percentage_of_several_municipalities_weighs_by_denominators(portal, glimmen):
    haren = portal.world.haren
    realise(portal.percentage, portal.open_period, fraction=(9, 10), municipality=haren)  # 90 %
    realise(portal.percentage, portal.open_period, fraction=(10, 100), municipality=glimmen)  # 10 %

    both = indicator(build(portal.world), "Percentage tevreden cliënten")
    only_haren = indicator(build(portal.world, municipalities=["haren"]), "Percentage tevreden cliënten")

    assert both["realised"] == percentage_of(D(19), D(110))  # 17.27 %, not the average 50 %
    assert both["status"] == "achter"
    assert only_haren["realised"] == D(90)


def test_cumulative_percentage_over_periods_weighs_by_denominators(portal):
    share = PerformanceIndicator.objects.create(
        assignment=portal.world.assignment,
        name="Percentage bereikte jongeren",
        value_type="percentage",
        aggregation="cumulatief",
    )
    realise(share, portal.closed_period, fraction=(9, 10))
    realise(share, portal.open_period, fraction=(10, 100))

    assert indicator(build(portal.world), "Percentage bereikte jongeren")["realised"] == percentage_of(
        D(19), D(110)
    )


def test_effect_indicator_status_follows_direction_target_and_baseline(world):
    world.framework.deviation_threshold = 10
    world.framework.save()
    world.indicator.direction = "hoger_is_beter"
    world.indicator.save()
    EffectIndicatorValue.objects.create(
        indicator=world.indicator, year=2020, value=48
    )  # target 51: 5.9 % short
    calm = EffectIndicator.objects.create(
        framework=world.framework,
        effect=world.effect,
        name="Aantal huisverboden",
        direction="niet_hoger",
        baseline_value=10,
    )
    EffectIndicatorValue.objects.create(indicator=calm, year=2019, value=12)  # rose 20 % above the baseline

    document = build(world)

    assert indicator(document, "Percentage sporters")["status"] == "aandacht"
    row = indicator(document, "Aantal huisverboden")
    assert (row["realised"], row["measured"], row["baseline"], row["status"]) == (
        D(12),
        "2019",
        D(10),
        "achter",
    )
    summary = {row["kind"]: row for row in table_rows(document, "statusoverzicht")}
    assert summary["Effectindicatoren"]["aandacht"] == 1
    assert summary["Effectindicatoren"]["achter"] == 1
    assert summary["Totaal"]["total"] == len(document.table("indicatoren").rows)


# --- hours and money ------------------------------------------------------------------------------------


def test_hours_and_money_planned_against_approved_realised_per_municipality_and_organisation(portal):
    world = portal.world  # Torion plans 1403 hours in Haren at € 73 an hour
    MoneyLine.objects.create(
        assignment=world.assignment, municipality=world.haren, kind="kosten", amount=1000
    )
    first = PeriodReport.objects.create(
        assignment=world.assignment, period=portal.closed_period, status=APPROVED
    )
    RealisedHours.objects.create(report=first, municipality=world.haren, hours=700)
    RealisedCost.objects.create(report=first, municipality=world.haren, direct_costs=100, direct_revenue=50)
    second = PeriodReport.objects.create(
        assignment=world.assignment, period=portal.open_period, status=SUBMITTED
    )
    RealisedHours.objects.create(report=second, municipality=world.haren, hours=500)

    document = build(world)

    haren = table_rows(document, "uren-en-geld-per-gemeente")[0]
    assert haren == {
        "name": "Gemeente Haren",
        "planned_hours": D(1403),
        "realised_hours": D(700),  # the submitted 500 hours do not count yet
        "share": percentage_of(D(700), D(1403)),
        "planned_total": D("103419.00"),  # 1403 x 73 + 1000
        "realised_total": D("51150.00"),  # 700 x 73 + 100 - 50
    }
    organisations = {row["name"]: row for row in table_rows(document, "uren-en-geld-per-organisatie")}
    assert organisations["Torion"]["realised_total"] == D("51150.00")
    assert organisations["GGD"]["planned_hours"] == 0
    assert organisations["Totaal"]["planned_total"] == D("103419.00")


def test_an_organisation_named_like_a_municipality_keeps_its_own_row(world):
    council = OrganisationFactory(slug="gemeente-haren-wiz", name="Gemeente Haren")
    agreement = AgreementFactory(
        organisation=council, framework=world.framework, municipalities=[world.haren]
    )
    HoursLine.objects.create(
        assignment=AssignmentFactory(agreement=agreement, effect=world.effect),
        municipality=world.haren,
        hours=10,
    )

    document = build(world)

    organisations = {row["name"]: row for row in table_rows(document, "uren-en-geld-per-organisatie")}
    municipalities = {row["name"]: row for row in table_rows(document, "uren-en-geld-per-gemeente")}
    assert organisations["Gemeente Haren"]["planned_hours"] == D(10)
    assert (
        organisations["Totaal"]["planned_hours"]
        == municipalities["Gemeente Haren"]["planned_hours"]
        == D(1413)
    )


# --- monitoring figures -------------------------------------------------------------------------------------


def test_monitoring_table_has_a_column_per_year(world):
    figures = EffectIndicator.objects.create(
        framework=world.framework, name="Aantal cliënten Wmo ZIN", group="Cijfers Sociaal Domein"
    )
    for year, value in ((2015, 105), (2016, 161), (2018, 170)):
        EffectIndicatorValue.objects.create(indicator=figures, year=year, value=value)
    EffectIndicator.objects.create(framework=world.framework, name="Verwijzingen HALT", is_bbv=True)

    document = build(world)

    table = document.table("monitoringscijfers-cijfers-sociaal-domein")
    # The framework's years 2017-2020, preceded by the earlier years that have figures.
    assert [c.label for c in table.columns] == [
        "Indicator",
        "Eenheid",
        "2015",
        "2016",
        "2017",
        "2018",
        "2019",
        "2020",
    ]
    assert table.rows == [["Aantal cliënten Wmo ZIN", "", D(105), D(161), None, D(170), None, None]]
    assert document.table("monitoringscijfers-bbv-indicatoren").rows[0][0] == "Verwijzingen HALT"


# --- page, PDF, downloads -------------------------------------------------------------------------------


def test_page_shows_status_rule_and_a_chart_per_indicator_with_values(portal):
    realise(portal.count, portal.closed_period, D(50))

    response = portal.client("officer").get(f"{URL}?{SELECTION}")

    html = response.content.decode()
    assert response.status_code == 200
    assert escape(str(STATUS_RULE)) in html
    assert html.count('role="img"') == 1  # only the indicator with a value gets a chart
    assert 'class="status-op_koers"' in html


def test_pdf_reads_back_with_title_and_status_rule(portal):
    realise(portal.count, portal.closed_period, D(50))

    year = portal.client("alderman").get(f"{URL}?{SELECTION}&formaat=pdf")
    half = portal.client("alderman").get(f"{URL}?{SELECTION}&period=h1&formaat=pdf")

    assert year["Content-Type"] == "application/pdf"
    text = pdf_text(year.content)
    assert "Jaarverslag 2020" in text
    assert " ".join(str(STATUS_RULE).split()) in text
    assert "Aantal huisbezoeken" in text
    assert "pagina 1 van" in text
    assert "Voortgangsrapportage 2020 eerste halfjaar" in pdf_text(half.content)


def test_indicator_table_downloads_with_numbers_as_numbers(portal):
    realise(portal.count, portal.closed_period, D(50))

    response = portal.client("officer").get(f"{URL}?{SELECTION}&formaat=xlsx&tabel=indicatoren")

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[4] == "Aantal huisbezoeken")
    assert row[header.index("Realisatie")] == 50
    assert row[header.index("Streefwaarde")] == 50  # half of the year target by the end of the first half
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert (event.user, event.object_id) == (portal.world.users["officer"], "jaarverslag")
    assert "formaat=xlsx" not in event.detail and "year=2020" in event.detail
    assert event.detail.startswith('attachment; filename="') and ".xlsx" in event.detail


def test_selection_is_checked(world, portal):
    client = world.client("officer")

    assert client.get(f"{URL}?framework=haren-kader&year=2016").status_code == 400  # before the framework
    assert client.get(f"{URL}?{SELECTION}&period=k1").status_code == 400  # no such period
    assert client.get(f"{URL}?{SELECTION}&municipalities=assen").status_code == 400  # not the officer's


# --- who may have it ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("officer", 200),
        ("alderman", 200),
        ("organisation", 403),
        ("other_organisation", 403),
        ("other_officer", 400),  # Haren's framework is not among the choices of Assen's officer
        ("anonymous", 302),
    ],
)
def test_access_per_role(world, role, status):
    response = world.client(role).get(f"{URL}?{SELECTION}")

    assert response.status_code == status
    if role == "anonymous":
        assert "login" in response["Location"] or "inloggen" in response["Location"]


def test_officer_of_another_municipality_gets_their_own_framework_and_never_haren(world):
    response = world.client("other_officer").get(f"{URL}?framework=assen-kader&year=2020")
    assert response.status_code == 200
    assert "Meer inwoners zijn actief" not in response.content.decode()

    spec = REPORTS["jaarverslag"]
    cleaned = {
        "framework": world.framework,
        "year": 2020,
        "reporting_period": None,
        "municipalities": [world.haren],
    }
    with pytest.raises(ObjectDoesNotExist):
        spec.build(world.users["other_officer"], cleaned)


# --- cost ------------------------------------------------------------------------------------------------


def _reported_everything(portal) -> None:
    """Approved values for every performance indicator and approved hours for every assignment."""
    world = portal.world
    for performance in PerformanceIndicator.objects.filter(assignment__agreement__framework=world.framework):
        if not Realisation.objects.filter(indicator=performance).exists():
            realise(performance, portal.closed_period, D(5))
    for assignment in Assignment.objects.filter(agreement__framework=world.framework, reports=None):
        report = PeriodReport.objects.create(
            assignment=assignment, period=portal.closed_period, status=APPROVED
        )
        RealisedHours.objects.create(report=report, municipality=world.haren, hours=3)
        RealisedCost.objects.create(report=report, municipality=world.haren, direct_costs=10)


def test_query_count_does_not_grow_with_the_data(portal, query_count):
    client = portal.client("officer")
    url = f"{URL}?{SELECTION}"
    portal.world.grow(1)
    _reported_everything(portal)
    EffectIndicatorTarget.objects.create(indicator=portal.world.indicator, year=2019, value=40)
    small = query_count(client, url)

    portal.world.grow(4)
    _reported_everything(portal)
    large = query_count(client, url)

    assert small == large


def test_a_framework_with_many_indicators_is_printed_in_the_background(world):
    spec = REPORTS["jaarverslag"]
    assert not spec.is_large({"framework": world.framework})

    world.grow(6)  # five indicators each

    assert spec.is_large({"framework": world.framework})


# --- one effect, and the page of a report too long to read at once ------------------------------------


def test_one_effect_holds_its_own_indicators_goals_and_assignments_only(world):
    world.grow(2)  # effects 9.2 and 9.3, each with a goal shared with effect 2, and assignments

    whole = build(world)
    one = build(world, effect="9.2")

    shown = {row["indicator"] for row in table_rows(one, "indicatoren")}
    assert shown == {"Extra 1", "Doel 1", "Aantal 1"}  # its effect indicator, its goal's, its assignments'
    assert {row["indicator"] for row in table_rows(whole, "indicatoren")} > shown
    assert one.title == "Jaarverslag 2020 · effect 9.2"
    assert [section.code for section in one.context["sections"]] == ["9.2"]
    # The goal also serves effect 2, which is not in this report: it is named, not shown.
    [goal] = one.context["sections"][0].goals
    assert goal.also_effects == ["2"]
    assert one.context["monitoring_tables"] == []
    organisations = {row["name"]: row for row in table_rows(one, "uren-en-geld-per-organisatie")}
    assert organisations["Totaal"]["planned_hours"] == D(11 + 11)  # its own and its goal's assignment


def test_an_unknown_effect_code_is_refused_at_its_field(world):
    response = world.client("officer").get(f"{URL}?{SELECTION}&effect=7.7")

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["effect"] == ["Het beleidskader heeft geen effect met code 7.7."]
    assert form["effect"].value() == "7.7"


def test_a_report_too_long_for_one_page_lists_its_effects(world, monkeypatch, django_assert_max_num_queries):
    from reporting.builders import jaarverslag

    world.grow(2)
    monkeypatch.setattr(jaarverslag, "PAGE_MAX_INDICATORS", 3)
    client = world.client("officer")

    with django_assert_max_num_queries(12):
        response = client.get(f"{URL}?{SELECTION}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "te lang om als één pagina te lezen" in html
    assert "Percentage sporters" not in html  # no indicators on this page
    for code in ("2", "9.2", "9.3"):
        assert f"effect={code}" in html
    assert "formaat=pdf" in html and "formaat=xlsx" in html
    # One effect opens as a report page; the PDF of the whole stays one download.
    one = client.get(f"{URL}?{SELECTION}&effect=9.2")
    assert one.status_code == 200 and "Extra 1" in one.content.decode()
    assert "Extra 2" not in one.content.decode()


def test_the_effect_choice_shows_only_the_users_own_framework(world, monkeypatch):
    from reporting.builders import jaarverslag

    monkeypatch.setattr(jaarverslag, "PAGE_MAX_INDICATORS", 0)

    response = world.client("other_officer").get(f"{URL}?framework=haren-kader&year=2020")

    assert response.status_code == 400  # Haren's framework is not among Assen's choices
    assert "Meer inwoners zijn actief" not in response.content.decode()
