"""Uitvoeringsplan: SMART goals per ER-doel and investment line, with a mark in every planned year."""

import io
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from effects.models import SmartGoal
from partners.models import Membership, Municipality
from reporting.builders.uitvoeringsplan import UitvoeringsplanForm
from reporting.documents import REPORTS
from tests.factories import MembershipFactory, SocietalEffectFactory

pytestmark = pytest.mark.django_db

HAREN_2017 = Path(__file__).resolve().parents[2] / "demo" / "haren-sociaal-domein-2017-2020.yaml"
URL = reverse("reporting:report", args=["uitvoeringsplan"])
PLAN = "haren-sociaal-domein-2017-2020"
REINTEGRATION = "Haren scoort in de provinciale top 3 qua uitstroom re-integratie"
METHOD = "Eind 2018 is een methodiek geïmplementeerd"


@pytest.fixture(scope="module")
def haren_2017(django_db_setup, django_db_blocker):
    """The Haren beleidsnota 2017-2020 imported once for this module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_kader", str(HAREN_2017), stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def officer(haren_2017):
    haren = Municipality.objects.get(slug="haren")
    return MembershipFactory(role=Membership.Role.POLICY_OFFICER, municipality=haren).user


def build(user, **params):
    form = UitvoeringsplanForm(params, user=user)
    assert form.is_valid(), form.errors
    return REPORTS["uitvoeringsplan"].build(user, form.cleaned_data)


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def test_a_goal_is_marked_in_exactly_the_years_it_is_planned(officer):
    table = build(officer, framework=PLAN).table("uitvoeringsplan")
    assert [column.label for column in table.columns] == [
        "ER-doel", "Investeringslijn", "Wat (SMART-doel)", "2017", "2018", "2019", "2020", "Met wie", "Geld",
    ]  # fmt: skip
    rows = {row[2]: row for row in table.rows}
    assert rows[REINTEGRATION][:7] == [
        "2 Meer inwoners zijn actief", "Investeren in de samenleving", REINTEGRATION, "x", "x", "x", "x",
    ]  # fmt: skip
    assert rows[REINTEGRATION][7:] == [
        "Werkgevers, Arbeidsmarktregio, ESF",
        "Bestaande middelen en innovatiegelden",
    ]
    method = next(row for title, row in rows.items() if title.startswith(METHOD))
    assert method[3:7] == [None, "x", None, None]
    assert len(table.rows) == SmartGoal.objects.filter(framework__slug=PLAN).count()


def test_the_pdf_follows_the_note_er_doel_by_er_doel_with_the_investment_lines_in_order(officer, client):
    client.force_login(officer)
    text = pdf_text(client.get(URL, {"framework": PLAN, "formaat": "pdf"}))
    assert "Uitvoeringsplan 2017–2020" in text and "Ambitie" in text
    assert "2017 2018 2019 2020 Met wie Geld" in text
    goals = [text.index(f"ER-doel {code}:") for code in "23456"]
    assert goals == sorted(goals)
    chapter_2 = text[goals[0] : goals[1]]
    assert chapter_2.index("Investeren in de toekomst") < chapter_2.index("Investeren in de samenleving")
    assert re.search(r"uitstroom re-integratie x x x x Werkgevers, Arbeidsmarktregio, ESF", text)
    assert "Uitvoeringsplan · Beleidsnota Sociaal Domein 2017-2020" in text  # running header
    assert "pagina 1 van" in text


def test_a_goal_serving_two_er_goals_appears_under_each(world):
    second = SocietalEffectFactory(framework=world.framework, code="3", title="Meer jongeren doen mee")
    world.goal.effects.add(second)
    document = build(world.users["officer"], framework="haren-kader")
    rows = [row for row in document.table("uitvoeringsplan").rows if row[2] == world.goal.title]
    assert [row[0] for row in rows] == ["2 Meer inwoners zijn actief", "3 Meer jongeren doen mee"]
    assert all(row[3:7] == [None, None, None, "x"] for row in rows)  # planned in 2020 only

    text = pdf_text(world.client("officer").get(URL, {"framework": "haren-kader", "formaat": "pdf"}))
    assert text.count(world.goal.title) == 2


def test_a_goal_without_er_goal_is_listed_last_under_its_own_heading(world):
    SmartGoal.objects.create(
        framework=world.framework, title="Eind 2019 is er een notitie", planned_years=[2019]
    )
    rows = build(world.users["officer"], framework="haren-kader").table("uitvoeringsplan").rows
    assert rows[-1][:7] == [
        "Zonder ER-doel", "Geen investeringslijn", "Eind 2019 is er een notitie", None, None, "x", None,
    ]  # fmt: skip


def test_xlsx_has_a_column_per_year_holding_x_or_nothing(world):
    response = world.client("officer").get(URL, {"framework": "haren-kader", "formaat": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[3:7] == ["2017", "2018", "2019", "2020"]
    row = [cell.value for cell in sheet[2]]
    assert row[2] == world.goal.title and row[3:7] == [None, None, None, "x"]


@pytest.mark.parametrize(
    "role, status",
    [
        ("officer", 200),
        ("alderman", 200),
        ("admin", 200),
        ("organisation", 403),  # not a report for organisations
        ("other_organisation", 403),
        ("other_officer", 400),  # Haren's framework is not among Assen's choices
    ],
)
def test_who_may_have_the_uitvoeringsplan(world, role, status):
    response = world.client(role).get(URL, {"framework": "haren-kader"})
    assert response.status_code == status
    if status == 200:
        assert world.goal.title in response.content.decode()


def test_anonymous_is_sent_to_login(world):
    response = world.client("anonymous").get(URL, {"framework": "haren-kader"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_query_count_does_not_grow_with_the_plan(world, query_count):
    client = world.client("officer")
    url = f"{URL}?framework=haren-kader"
    world.grow(1)
    query_count(client, url)  # warm up the session and caches
    small = query_count(client, url)
    world.grow(6)
    assert query_count(client, url) == small
