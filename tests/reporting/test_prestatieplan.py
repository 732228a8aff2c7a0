"""Prestatieplan of one organisation: assignments by kernfunctie, then hours and money whose totals add up."""

import io
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from agreements.models import HoursLine, MoneyLine, PerformanceIndicator, PerformanceTarget
from partners.models import Membership, Municipality
from reporting.builders.prestatieplan import PrestatieplanForm
from reporting.documents import REPORTS
from tests.factories import AgreementFactory, AssignmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db

WOW = Path(__file__).resolve().parents[2] / "demo" / "welzijn-op-waarde-2016.yaml"
URL = reverse("reporting:report", args=["prestatieplan"])


@pytest.fixture(scope="module")
def wow(django_db_setup, django_db_blocker):
    """The Welzijn op Waarde jaarplan imported once for this module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_kader", str(WOW), stdout=StringIO())
        yield
        transaction.set_rollback(True)


def build(user, **params):
    form = PrestatieplanForm(params, user=user)
    assert form.is_valid(), form.errors
    return REPORTS["prestatieplan"].build(user, form.cleaned_data)


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def amount(cell) -> tuple[Decimal, bool]:
    """A money or hours cell as (known part, includes PM): 12.50, "PM" or "€ 1.234,56 + PM"."""
    if cell is None:
        return Decimal(0), False
    if isinstance(cell, Decimal | int):
        return Decimal(cell), False
    if cell == "PM":
        return Decimal(0), True
    known, _, pm = cell.partition(" + ")
    assert pm == "PM", cell
    digits = known.replace("€", "").replace(".", "").replace(",", ".").strip()
    return Decimal(digits), True


def add(cells) -> tuple[Decimal, bool]:
    parts = [amount(cell) for cell in cells]
    return sum((known for known, _ in parts), Decimal(0)), any(pm for _, pm in parts)


@pytest.fixture
def plan(world):
    """Torion's plan in the world: 1403 h at the agreement's € 73 with costs and revenues (kernfunctie left
    empty), a Blok A assignment with an own rate in two municipalities, and a Blok B assignment with PM."""
    MoneyLine.objects.create(assignment=world.assignment, municipality=world.haren, kind="kosten", amount=500)
    MoneyLine.objects.create(
        assignment=world.assignment, municipality=world.haren, kind="baten", amount=Decimal("120.50")
    )
    block_a = AssignmentFactory(
        agreement=world.agreement, code="A1", title="Buurtcoaches", core_function="Blok A", position=1
    )
    HoursLine.objects.create(
        assignment=block_a, municipality=world.haren, hours=Decimal("10.5"), hourly_rate=Decimal("80.15")
    )
    HoursLine.objects.create(assignment=block_a, municipality=world.assen, hours=20)
    MoneyLine.objects.create(
        assignment=block_a, municipality=world.assen, kind="kosten", amount=Decimal("0.01")
    )
    block_b = AssignmentFactory(
        agreement=world.agreement,
        code="B1",
        title="Mantelzorgondersteuning",
        core_function="Blok B",
        position=2,
    )
    HoursLine.objects.create(assignment=block_b, municipality=world.haren, hours=40)
    MoneyLine.objects.create(assignment=block_b, municipality=world.haren, kind="kosten", is_pm=True)
    indicator = PerformanceIndicator.objects.create(
        assignment=block_b, name="Aantal ondersteunde mantelzorgers"
    )
    PerformanceTarget.objects.create(indicator=indicator, year=2020, value=120)
    return world


def rows_of(table, *, total: bool):
    return [row for index, row in enumerate(table.rows) if (index in table.total_rows) == total]


MONEY_COLUMNS = ("hours", "hour_cost", "direct_costs", "direct_revenue", "total")


def column(table, key):
    return [column.key for column in table.columns].index(key)


def test_kernfunctie_subtotals_are_the_sum_of_their_rows_and_the_overall_total_of_both(plan):
    document = build(plan.users["officer"], organisation="torion")
    table = document.table("uren-en-geld")
    data, totals = rows_of(table, total=False), rows_of(table, total=True)
    subtotals, overall = totals[:-1], totals[-1]
    assert [row[0] for row in subtotals] == ["Blok A", "Blok B", "Overig"]
    for key in MONEY_COLUMNS:
        i = column(table, key)
        for subtotal in subtotals:
            assert amount(subtotal[i]) == add(row[i] for row in data if row[0] == subtotal[0]), (
                key,
                subtotal,
            )
        assert amount(overall[i]) == add(row[i] for row in data), key
        assert amount(overall[i]) == add(row[i] for row in subtotals), key

    per_municipality = document.table("totaal-per-gemeente")
    municipality_rows = rows_of(per_municipality, total=False)
    assert [row[0] for row in municipality_rows] == ["Gemeente Assen", "Gemeente Haren"]
    for key in MONEY_COLUMNS:
        i, j = column(per_municipality, key), column(table, key)
        assert amount(per_municipality.rows[-1][i]) == amount(overall[j]), key
        assert amount(per_municipality.rows[-1][i]) == add(row[i] for row in municipality_rows), key


def test_cost_is_hours_times_the_rate_of_the_line_or_agreement_plus_costs_minus_revenue_to_the_cent(plan):
    table = build(plan.users["officer"], organisation="torion").table("uren-en-geld")
    rows = {(row[1], row[2]): row for row in rows_of(table, total=False)}
    haren = rows[(f"2 {plan.assignment.title}", "Gemeente Haren")]
    assert haren[3:] == [
        Decimal("1403.00"), Decimal("73.00"), Decimal("102419.00"), Decimal("500"), Decimal("120.50"),
        Decimal("102798.50"),
    ]  # fmt: skip
    own_rate = rows[("A1 Buurtcoaches", "Gemeente Haren")]
    assert own_rate[4] == Decimal("80.15") and own_rate[5] == Decimal("841.58")  # 10,5 x 80,15 half up
    subtotal_a = next(row for row in rows_of(table, total=True) if row[0] == "Blok A")
    assert subtotal_a[-1] == Decimal("841.58") + Decimal("1460.00") + Decimal("0.01")


def test_a_pm_amount_prints_pm_and_every_total_that_includes_it_says_plus_pm(plan):
    document = build(plan.users["officer"], organisation="torion")
    table = document.table("uren-en-geld")
    pm_row = next(row for row in rows_of(table, total=False) if row[1] == "B1 Mantelzorgondersteuning")
    assert pm_row[6] == "PM"
    assert pm_row[-1] == "€ 2.920,00 + PM"
    assert table.rows[-1][-1].endswith(" + PM")
    assert document.table("totaal-per-gemeente").rows[-1][-1].endswith(" + PM")

    text = flat(pdf_text(plan.client("officer").get(URL, {"organisation": "torion", "formaat": "pdf"})))
    assert "Prestatieplan Torion" in text
    assert "€ 2.920,00 + PM" in text
    assert table.rows[-1][-1] in text  # the overall total with "+ PM"
    assert "€ 102.798,50" in text and "€ 841,58" in text


def test_the_pdf_groups_assignments_by_kernfunctie_with_goals_products_indicators_and_hours(plan):
    text = flat(pdf_text(plan.client("officer").get(URL, {"organisation": "torion", "formaat": "pdf"})))
    first, second, other = (
        text.index("Kernfunctie: Blok A"),
        text.index("Kernfunctie: Blok B"),
        text.index("Kernfunctie: Overig"),
    )
    assert first < second < other
    overig = text[other:]
    assert "Maatschappelijk effect 2: Meer inwoners zijn actief" in overig
    assert "Huisbezoeken" in overig and "Cursussen" in overig
    assert "Gemeente Haren: 1.403 uur" in overig
    assert "Aantal ondersteunde mantelzorgers — streefwaarde 2020: 120" in text[second:other]
    assert "Uurtarief: € 73,00" in text


def test_a_framework_selects_all_the_organisations_agreements_in_it_and_an_agreement_only_that_one(world):
    second = AgreementFactory(
        organisation=world.torion, framework=world.framework, municipalities=[world.haren]
    )
    AssignmentFactory(agreement=second, code="Z1", title="Uit de tweede afspraak")
    elsewhere = AgreementFactory(organisation=world.torion, framework=None, municipalities=[world.haren])
    AssignmentFactory(agreement=elsewhere, code="X1", title="Zonder beleidskader")
    officer = world.users["officer"]

    def labels(**params):
        document = build(officer, organisation="torion", **params)
        return {item["label"] for group in document.context["groups"] for item in group["items"]}

    in_framework = labels(framework="haren-kader")
    assert "Z1 Uit de tweede afspraak" in in_framework and "X1 Zonder beleidskader" not in in_framework
    assert f"2 {world.assignment.title}" in in_framework
    assert labels(agreement=second.slug) == {"Z1 Uit de tweede afspraak"}
    assert "X1 Zonder beleidskader" in labels()


def test_xlsx_holds_the_amounts_as_numbers_with_a_euro_format(plan):
    response = plan.client("officer").get(
        URL, {"organisation": "torion", "formaat": "xlsx", "tabel": "uren-en-geld"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Kernfunctie", "Opdracht", "Gemeente", "Directe uren"]
    label = f"2 {plan.assignment.title}"
    row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == label)
    assert row[3].value == 1403 and isinstance(row[3].value, int | float | Decimal)
    total = row[header.index("Totaal")]
    assert total.value == Decimal("102798.50") and "€" in total.number_format


def test_welzijn_op_waarde_plan_shows_its_kernfuncties_in_order_and_the_subsidy_asked(wow):
    officer = MembershipFactory(
        role=Membership.Role.POLICY_OFFICER, municipality=Municipality.objects.get(slug="bernheze")
    ).user
    document = build(officer, organisation="welzijn-op-waarde", framework="wow-2016")
    per_municipality = document.table("totaal-per-gemeente")
    assert per_municipality.columns[-1].label == "Subsidie gevraagd 2016"
    subsidy = {row[0]: row[-1] for row in per_municipality.rows}
    assert subsidy["Gemeente Bernheze"] == Decimal("1978219")
    # The total is the sum of the municipalities' lines; the application's own regional total differs by
    # its rounding (Boekel's lines add up to 457.124, the paper prints 457.123), and the report says so.
    assert subsidy["Totaal"] == sum(value for name, value in subsidy.items() if name != "Totaal")
    assert subsidy["Totaal"] == Decimal("16322409")
    blocks = {(row[0], row[1]): row for row in document.table("subsidie").rows}
    assert blocks[("Regio", "Totaal")][4] == Decimal("16322407")
    # The sum of the rows as stated (the paper prints 17,66 from unrounded formations).
    assert blocks[("Gemeente Bernheze", "Totaal")][3:5] == [Decimal("17.65"), Decimal("1978219.00")]
    assert blocks[("Gemeente Bernheze", "Subtotaal incidenteel")][4] == Decimal("27500")

    client = _client(officer)
    params = {"organisation": "welzijn-op-waarde", "framework": "wow-2016", "formaat": "pdf"}
    text = flat(pdf_text(client.get(URL, params)))
    positions = [
        text.index(f"Kernfunctie: {name}")
        for name in ("Diensten", "Kernactiviteiten", "Ontwikkelen en vernieuwen", "Kernprestaties")
    ]
    assert positions == sorted(positions)
    assert "1.1 Contactpersoon per partner (Q1)" in text
    assert "Klanttevredenheid" in text
    assert (
        "Gemeente Bernheze incidenteel Procesversnellers (Voor ontwikkeling Sociale teams) 0,26 € 27.500,00"
        in text
    )
    assert "noemt voor de hele regio € 16.322.407,00; de som van de gemeenten is € 16.322.409,00" in text
    assert "Uurtarief: niet vastgelegd" in text


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "role, status",
    [
        ("organisation", 200),
        ("officer", 200),
        ("alderman", 200),
        ("admin", 200),
        ("other_organisation", 400),  # Torion is not among the GGD user's choices
        ("other_officer", 400),  # nor among Assen's organisations
    ],
)
def test_who_may_have_torions_plan(plan, role, status):
    response = plan.client(role).get(URL, {"organisation": "torion"})
    assert response.status_code == status
    if status == 200:
        assert "Prestatieplan Torion" in response.content.decode()


def test_anonymous_is_sent_to_login(world):
    response = world.client("anonymous").get(URL, {"organisation": "torion"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_organisation_user_cannot_reach_another_organisations_agreement(plan):
    ggd_agreement = plan.ggd_assignment.agreement
    response = plan.client("organisation").get(
        URL, {"organisation": "torion", "agreement": ggd_agreement.slug}
    )
    assert response.status_code == 400
    response = plan.client("officer").get(URL, {"organisation": "torion", "agreement": ggd_agreement.slug})
    assert response.status_code == 400
    assert "niet van de gekozen organisatie" in response.content.decode()


def test_query_count_does_not_grow_with_the_plan(world, query_count):
    client = world.client("officer")
    url = f"{URL}?organisation=torion"
    world.grow(1)
    query_count(client, url)  # warm up the session and caches
    small = query_count(client, url)
    world.grow(6)
    assert query_count(client, url) == small
