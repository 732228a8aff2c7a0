"""Opdrachtformulier: one effect with its opdrachtnemers (T before P), or the whole book with contents."""

import io
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from agreements.models import Assignment, MoneyLine
from partners.models import Membership, Municipality
from reporting.builders.opdrachtformulier import OpdrachtformulierForm
from reporting.documents import REPORTS
from reporting.pdf import render_pdf
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HAREN_2013 = Path(__file__).resolve().parents[2] / "demo" / "haren-wmo-2013-2016.yaml"
URL = reverse("reporting:report", args=["opdrachtformulier"])
CODES = [
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4",
    "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4",
]  # fmt: skip


def build(user, **params):
    form = OpdrachtformulierForm(params, user=user)
    assert form.is_valid(), form.errors
    return REPORTS["opdrachtformulier"].build(user, form.cleaned_data)


def pages_of(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def body_text(pdf: bytes) -> str:
    """The text of all pages without the running header and footer, as one flow."""
    running = re.compile(r" ?(Opdrachtformulier · \S.*?)?Afgedrukt op \d+ \w+ \d{4} pagina \d+ van \d+$")
    return " ".join(running.sub("", page) for page in pages_of(pdf))


@pytest.fixture(scope="module")
def haren(django_db_setup, django_db_blocker):
    """The Haren Wmo 2013-2016 opdrachtformulier imported once for this module, with an alderman, rolled back
    afterwards. Yields the alderman, the PDF text of effect 4.3 and 1.1 and the pages of the whole book."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_kader", str(HAREN_2013), stdout=StringIO())
        municipality = Municipality.objects.get(slug="haren")
        alderman = MembershipFactory(role=Membership.Role.ALDERMAN, municipality=municipality).user
        framework = "haren-wmo-2013-2016"
        yield {
            "alderman": alderman,
            "4.3": body_text(render_pdf(build(alderman, framework=framework, effect="4.3"))),
            "1.1": body_text(render_pdf(build(alderman, framework=framework, effect="1.1"))),
            "book": pages_of(render_pdf(build(alderman, framework=framework))),
        }
        transaction.set_rollback(True)


def block_of(text: str, heading: str) -> str:
    """The text of one opdrachtnemer block: from its heading to the next opdrachtnemer or effect."""
    start = text.index(heading)
    end = text.find("Opdrachtnemer:", start + 1)
    return text[start : end if end != -1 else len(text)]


# --- content ---------------------------------------------------------------------------------------------


def test_4_3_shows_1403_direct_hours_under_torion_as_trekker(haren):
    torion = block_of(haren["4.3"], "Opdrachtnemer: Torion – trekker (T)")
    assert "Inzet directe beroepskrachturen: 1403" in torion
    assert "Aantal klanten casemanagement" in torion  # its prestatie-indicatoren
    assert "1403" not in block_of(haren["4.3"], "Opdrachtnemer: Noordermaat")


def test_1_1_holds_what_the_seed_prints_in_the_seed_order(haren):
    text = haren["1.1"]
    in_order = [
        "1.1 Meer inwoners met een uitkering zijn aan het werk en/of actief als vrijwilliger",
        "Portefeuillehouder Werk&Inkomen",
        "Prioriteit A",
        "Cijfers uitstroom WIZ/uitkeringsadministratie",
        "Aantal mensen met een uitkering 168",
        "Aantal Nuggers",
        "Gemeente afd. WIZ (T)",
        "Torion (P)",
        "Inzet van het instrument Social Return on Investments",
        "Opmerkingen gemeente",
        "Opdrachtnemer: Gemeente Haren, afdeling Werk, Inkomen en Zorg (WIZ) – trekker (T)",
        "Scholing van werkzoekenden",
        "Meer lokale werkgevers bieden (tijdelijke) arbeidsplaatsen en/of werkervaringsplaatsen",
        "Aantal benaderde werkgevers",
        "WIZ koopt geen trajecten op voorhand in.",
        "Opdrachtnemer: Torion – partner (P)",
        "VVB/Actieve bemiddeling vraag en aanbod vrijwilligerswerk",
        "Aantal uitgevoerde sociale activering/ re-integratietrajecten",
        "Inzet directe beroepskrachturen: 190",
        "Gemiddelde prijs voor uitvoering sociale activeringstraject bedraagt € 2.000 per traject.",
    ]
    positions = [text.find(part) for part in in_order]
    missing = [part for part, position in zip(in_order, positions, strict=True) if position == -1]
    assert not missing
    assert positions == sorted(positions)


def effect_starts(pages: list[str], code: str) -> list[int]:
    """Numbers of the pages that open with the heading of this effect (after its theme)."""
    heading = re.compile(rf"(?!Inhoud)\D*{re.escape(code)} \w")
    return [n for n, text in enumerate(pages, start=1) if heading.match(text)]


def test_book_has_a_cover_and_contents_whose_page_numbers_point_at_each_effect(haren):
    pages = haren["book"]
    assert "Opdrachtformulier Wmo 2013-2016" in pages[0] and "Gemeente Haren" in pages[0]
    assert "2013–2016" in pages[0]
    contents = pages[1]
    assert contents.startswith("Inhoud")
    for code in CODES:
        match = re.search(rf"{re.escape(code)} .*?\.{{4,}} ?(\d+)", contents)
        assert match, code
        assert int(match.group(1)) in effect_starts(pages, code), code


def test_book_prints_every_effect_in_code_order_each_from_a_new_page(haren):
    starts = [effect_starts(haren["book"], code) for code in CODES]
    assert all(len(found) == 1 for found in starts), starts
    assert [found[0] for found in starts] == sorted({found[0] for found in starts})


def test_book_pages_are_numbered_page_x_of_y(haren):
    pages = haren["book"]
    for number, text in enumerate(pages, start=1):
        assert f"pagina {number} van {len(pages)}" in text


def test_trekker_blocks_come_before_partner_blocks(world):
    # GGD (P) is listed first and Torion (T) last: the form still shows the trekker first.
    Assignment.objects.filter(pk=world.ggd_assignment.pk).update(position=0)
    Assignment.objects.filter(pk=world.assignment.pk).update(position=9)
    document = build(world.users["officer"], framework="haren-kader", effect="2")

    blocks = document.context["sheets"][0].blocks
    assert [block.organisation for block in blocks] == [world.torion.name, world.ggd.name]
    text = body_text(render_pdf(document))
    trekker = text.index(f"Opdrachtnemer: {world.torion.name} – trekker (T)")
    assert trekker < text.index(f"Opdrachtnemer: {world.ggd.name} – partner (P)")


def test_cost_per_municipality_comes_from_the_money_rule_and_xlsx_holds_numbers(world):
    # 1403 h x € 73 = 102.419; + 12.000 directe kosten - 19.000 directe baten = 95.419.
    line = {"assignment": world.assignment, "municipality": world.haren}
    MoneyLine.objects.create(**line, kind="kosten", amount=12000)
    MoneyLine.objects.create(**line, kind="baten", amount=19000)
    client = world.client("officer")

    page = client.get(URL, {"framework": "haren-kader", "effect": "2"}).content.decode()
    assert "€ 102.419,00" in page and "€ 95.419,00" in page
    response = client.get(URL, {"framework": "haren-kader", "formaat": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content))["Inzet en kosten"]
    header = [cell.value for cell in sheet[1]]
    torion = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1] == "Torion")
    assert torion[header.index("Directe uren")] == 1403
    assert torion[header.index("Kosten uren")] == 102419
    assert torion[header.index("Totaal")] == 95419 and isinstance(torion[header.index("Totaal")], int | float)


def test_csv_of_one_table_downloads(world):
    response = world.client("alderman").get(
        URL, {"framework": "haren-kader", "formaat": "csv", "tabel": "inzet-en-kosten"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Effect;Opdrachtnemer;Rol;Gemeente;Directe uren")
    assert "2;Torion;T;Gemeente Haren;1403;73.00;102419.00;0.00;0.00;102419.00;" in lines


def test_indicator_table_has_a_target_column_per_year(world):
    document = build(world.users["officer"], framework="haren-kader")
    table = document.table("indicatoren")
    years = world.framework.years
    assert [column.label for column in table.columns][-len(years) :] == [f"Streefwaarde {y}" for y in years]


# --- selection -------------------------------------------------------------------------------------------


def test_an_effect_code_the_framework_lacks_is_refused_in_dutch(world):
    response = world.client("officer").get(URL, {"framework": "haren-kader", "effect": "9.9"})
    assert response.status_code == 400
    assert "Het beleidskader heeft geen effect met code 9.9" in response.content.decode()


def test_only_the_whole_book_is_made_in_the_background(world):
    spec = REPORTS["opdrachtformulier"]
    assert spec.is_large({"framework": world.framework, "effect": ""})
    assert not spec.is_large({"framework": world.framework, "effect": "2"})
    client = world.client("officer")
    response = client.get(URL, {"framework": "haren-kader", "effect": "2", "formaat": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    response = client.get(URL, {"framework": "haren-kader", "formaat": "pdf"})
    assert response.status_code == 302


# --- who may have it -------------------------------------------------------------------------------------


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
    response = world.client(role).get(URL, {"framework": "haren-kader"})
    assert response.status_code == status
    if status == 200:
        assert "Meer inwoners zijn actief" in response.content.decode()


def test_build_for_another_municipalitys_framework_raises_not_found(world):
    # The view turns this into a 404, whatever reaches the builder.
    with pytest.raises(ObjectDoesNotExist):
        REPORTS["opdrachtformulier"].build(
            world.users["other_officer"], {"framework": world.framework, "effect": ""}
        )


def test_book_page_runs_the_same_number_of_queries_for_more_effects(world, query_count):
    client = world.client("officer")
    url = f"{URL}?framework=haren-kader"
    world.grow(1)
    few = query_count(client, url)
    world.grow(4)
    more = query_count(client, url)
    assert few == more
    assert "9.5" in client.get(url).content.decode()


def test_a_book_too_long_for_one_page_lists_its_effects(world, monkeypatch):
    from reporting.builders import opdrachtformulier

    world.grow(2)
    monkeypatch.setattr(opdrachtformulier, "PAGE_MAX_ASSIGNMENTS", 3)
    client = world.client("alderman")

    response = client.get(URL, {"framework": "haren-kader"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "te lang om als één pagina te lezen" in html
    assert "Huisbezoeken" not in html  # no assignment blocks on this page
    assert "effect=9.3" in html
    one = client.get(URL, {"framework": "haren-kader", "effect": "2"})
    assert "Huisbezoeken" in one.content.decode()


def test_hours_notes_and_pm_are_kept(haren):
    book = " ".join(haren["book"])
    assert "Inzet directe beroepskrachturen: 866" in book
    assert "866 regulier jongerenwerk + tijdelijk project jeugdoverlastcoördinator" in book
    assert "Inzet directe beroepskrachturen: PM" in book
