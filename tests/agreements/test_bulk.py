"""Bulk entry through Excel: the pre-filled template, the check of an upload row by row, all or nothing.

Files are made the way a user makes them: download the template, fill cells with openpyxl, upload it back.
"""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from agreements.bulk import load_bulk_data, parse_decimal, read_upload, save_upload
from agreements.bulk.cells import CellProblem, typed_value
from agreements.forms_reports import value_field
from agreements.models import (
    HoursLine,
    PerformanceIndicator,
    PerformanceTarget,
    PeriodReport,
    Realisation,
    RealisedCost,
    RealisedHours,
    ReportEvent,
    ReportingPeriod,
)
from partners.models import Membership
from tests.factories import AssignmentFactory
from tests.helpers import ROLES, row_counts

pytestmark = pytest.mark.django_db

# Organisation users use the bulk entry; municipal roles may not (403), anonymous users log in first.
STATUS = {
    "organisation": 200,
    "other_organisation": 200,
    "officer": 403,
    "alderman": 403,
    "admin": 403,
    "other_officer": 403,
    "anonymous": 302,
}


def template_url(period, **params):
    url = reverse("agreements:bulk-template", args=[period.pk])
    return url + "".join(f"?{k}={v}" for k, v in params.items())


def upload_url(period, **params):
    url = reverse("agreements:bulk-upload", args=[period.pk])
    return url + "".join(f"?{k}={v}" for k, v in params.items())


def download(client, period, **params) -> bytes:
    response = client.get(template_url(period, **params))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def column_index(sheet, name: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == name)


def row_of(sheet, key, column: str = "Sleutel") -> int:
    index = column_index(sheet, column)
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, index).value == key)


def fill(content: bytes, changes: dict) -> bytes:
    """Set cells: {(sheet, key, column): value}; key is the indicator id, or (assignment, municipality)."""
    workbook = load_workbook(io.BytesIO(content))
    for (sheet_name, key, column), value in changes.items():
        sheet = workbook[sheet_name]
        if sheet_name == "Indicatoren":
            row = row_of(sheet, key)
        else:
            assignment_id, municipality_id = key
            rows = [
                row
                for row in range(2, sheet.max_row + 1)
                if sheet.cell(row, 1).value == assignment_id and sheet.cell(row, 2).value == municipality_id
            ]
            row = rows[0]
        sheet.cell(row, column_index(sheet, column)).value = value
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def post_file(client, period, content: bytes, name: str = "realisaties.xlsx", **params):
    return client.post(upload_url(period, **params), {"file": SimpleUploadedFile(name, content)})


def page_text(response) -> str:
    return response.content.decode()


@pytest.fixture
def torion(portal):
    return portal.client("organisation")


def filled_template(portal, torion) -> bytes:
    world = portal.world
    return fill(
        download(torion, portal.open_period),
        {
            ("Indicatoren", portal.count.pk, "Waarde"): 12,
            ("Indicatoren", portal.percentage.pk, "Teller"): 8,
            ("Indicatoren", portal.percentage.pk, "Noemer"): 10,
            ("Indicatoren", portal.text.pk, "Waarde"): "Meer vrijwilligers dan verwacht",
            ("Indicatoren", portal.count.pk, "Toelichting"): "Minder huisbezoeken door ziekte",
            ("Uren", (world.assignment.pk, world.haren.pk), "Gerealiseerde uren"): "700,5",
            ("Kosten", (world.assignment.pk, world.haren.pk), "Directe kosten"): 1250.75,
            ("Kosten", (world.assignment.pk, world.haren.pk), "Directe baten"): 100,
        },
    )


# The template ---------------------------------------------------------------------------------------


def test_template_has_a_row_per_indicator_with_target_and_current_value(portal, torion):
    Realisation.objects.create(
        indicator=portal.count, period=portal.open_period, value=40, explanation="Goed"
    )
    workbook = load_workbook(io.BytesIO(download(torion, portal.open_period)))

    assert workbook.sheetnames == ["Uitleg", "Indicatoren", "Uren", "Kosten"]
    sheet = workbook["Indicatoren"]
    keys = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    assert keys == [portal.count.pk, portal.percentage.pk, portal.text.pk]
    row = row_of(sheet, portal.count.pk)
    values = {sheet.cell(1, column).value: sheet.cell(row, column).value for column in range(1, 12)}
    assert values["Indicator"] == "Aantal huisbezoeken"
    assert values["Streefwaarde"] == 100 and values["Streefwaarde geldt voor"] == "jaar 2020"
    assert values["Waarde"] == 40 and isinstance(values["Waarde"], int)
    assert values["Toelichting"] == "Goed"
    assert sheet.cell(row_of(sheet, portal.percentage.pk), column_index(sheet, "Streefwaarde")).value == 80


def test_template_marks_keys_and_read_only_columns_and_freezes_the_header(portal, torion):
    workbook = load_workbook(io.BytesIO(download(torion, portal.open_period)))
    sheet = workbook["Indicatoren"]
    row = row_of(sheet, portal.count.pk)

    assert sheet.cell(1, 1).font.bold
    assert sheet.freeze_panes == "D2"
    assert sheet.protection.sheet
    key_cell, value_cell = sheet.cell(row, 1), sheet.cell(row, column_index(sheet, "Waarde"))
    assert key_cell.protection.locked and key_cell.fill.fgColor.rgb.endswith("E7E6E6")
    assert not value_cell.protection.locked
    # Teller and noemer belong to percentages only.
    assert sheet.cell(row, column_index(sheet, "Teller")).protection.locked
    percentage_row = row_of(sheet, portal.percentage.pk)
    assert not sheet.cell(percentage_row, column_index(sheet, "Teller")).protection.locked
    assert "Vul" in workbook["Uitleg"]["A7"].value


def test_template_has_hours_per_municipality_and_category_and_costs_per_municipality(portal, torion):
    world = portal.world
    HoursLine.objects.create(
        assignment=world.assignment, municipality=world.haren, category="administratie", hours=40
    )
    workbook = load_workbook(io.BytesIO(download(torion, portal.open_period)))

    hours = workbook["Uren"]
    rows = [[cell.value for cell in row] for row in hours.iter_rows(min_row=2)]
    assert [row[:6] for row in rows] == [
        [world.assignment.pk, world.haren.pk, str(world.assignment), "Gemeente Haren", None, 1403],
        [world.assignment.pk, world.haren.pk, str(world.assignment), "Gemeente Haren", "administratie", 40],
    ]
    costs = workbook["Kosten"]
    assert [[cell.value for cell in row][:2] for row in costs.iter_rows(min_row=2)] == [
        [world.assignment.pk, world.haren.pk]
    ]


def test_other_organisation_gets_only_its_own_rows(portal):
    workbook = load_workbook(io.BytesIO(download(portal.client("other_organisation"), portal.open_period)))
    sheet = workbook["Indicatoren"]

    assert [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)] == [portal.ggd_indicator.pk]
    assert "Aantal huisbezoeken" not in {cell.value for row in sheet.iter_rows() for cell in row}
    assert [row[0].value for row in workbook["Uren"].iter_rows(min_row=2)] == [portal.world.ggd_assignment.pk]


# Round trip ---------------------------------------------------------------------------------------


def test_filled_template_round_trip_saves_values_hours_and_costs_as_concept(portal, torion):
    world, user = portal.world, portal.world.users["organisation"]
    response = post_file(torion, portal.open_period, filled_template(portal, torion))

    assert response.status_code == 302
    values = {
        r.indicator_id: r for r in Realisation.objects.filter(period=portal.open_period, municipality=None)
    }
    assert values[portal.count.pk].value == 12
    assert values[portal.count.pk].explanation == "Minder huisbezoeken door ziekte"
    percentage = values[portal.percentage.pk]
    assert (percentage.numerator, percentage.denominator, percentage.value) == (8, 10, Decimal(80))
    assert values[portal.text.pk].text == "Meer vrijwilligers dan verwacht"
    report = PeriodReport.objects.get(assignment=world.assignment, period=portal.open_period)
    assert report.status == PeriodReport.Status.DRAFT
    assert RealisedHours.objects.get(report=report, municipality=world.haren, category="").hours == Decimal(
        "700.5"
    )
    cost = RealisedCost.objects.get(report=report, municipality=world.haren)
    assert (cost.direct_costs, cost.direct_revenue) == (Decimal("1250.75"), Decimal(100))
    event = ReportEvent.objects.get(report=report)
    assert (event.kind, event.by) == (ReportEvent.Kind.UPLOADED, user)
    assert values[portal.count.pk].history.first().history_user == user

    page = page_text(torion.get(response.url))
    assert "3 waarde(n), 1 urenregel(s) en 1 kostenregel(s) opgeslagen in 1 rapportage(s)" in page


def test_uploading_the_same_file_twice_changes_nothing_the_second_time(portal, torion):
    content = filled_template(portal, torion)
    assert post_file(torion, portal.open_period, content).status_code == 302
    before = row_counts()

    response = post_file(torion, portal.open_period, content)

    assert response.status_code == 302
    assert row_counts() == before
    assert "geen wijzigingen" in page_text(torion.get(response.url))


def test_a_re_downloaded_template_uploads_without_changes(portal, torion):
    post_file(torion, portal.open_period, filled_template(portal, torion))
    before = row_counts()

    assert post_file(torion, portal.open_period, download(torion, portal.open_period)).status_code == 302
    assert row_counts() == before


def test_one_changed_value_writes_exactly_one_history_row_of_it(portal, torion):
    realisation = Realisation.objects.create(indicator=portal.count, period=portal.open_period, value=3)
    content = fill(download(torion, portal.open_period), {("Indicatoren", portal.count.pk, "Waarde"): 4})

    post_file(torion, portal.open_period, content)

    assert realisation.history.count() == 1 + 1  # the creation above, and the upload's change
    assert Realisation.objects.get(pk=realisation.pk).value == 4


def test_dutch_decimal_commas_percent_cells_and_yes_no_are_read(portal, torion):
    yes_no = PerformanceIndicator.objects.create(
        assignment=portal.world.assignment, name="Is er een jaarplan?", value_type="ja_nee", position=3
    )
    amount = PerformanceIndicator.objects.create(
        assignment=portal.world.assignment, name="Opbrengst", value_type="bedrag", position=4
    )
    content = download(torion, portal.open_period)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Indicatoren"]
    value = column_index(sheet, "Waarde")
    cell = sheet.cell(row_of(sheet, portal.percentage.pk), value)
    cell.value, cell.number_format = 0.755, "0.0%"  # typed as 75,5 % in Excel
    sheet.cell(row_of(sheet, yes_no.pk), value).value = "Ja"
    sheet.cell(row_of(sheet, amount.pk), value).value = "€ 1.234,50"
    output = io.BytesIO()
    workbook.save(output)

    assert post_file(torion, portal.open_period, output.getvalue()).status_code == 302
    saved = {r.indicator_id: r.value for r in Realisation.objects.all()}
    assert saved == {portal.percentage.pk: Decimal("75.5"), yes_no.pk: 1, amount.pk: Decimal("1234.50")}


# Errors --------------------------------------------------------------------------------------------


def test_errors_are_listed_by_sheet_row_and_column_all_at_once_and_nothing_is_saved(portal, torion):
    amount = PerformanceIndicator.objects.create(
        assignment=portal.world.assignment, name="Opbrengst", value_type="bedrag", position=5
    )
    world = portal.world
    content = fill(
        download(torion, portal.open_period),
        {
            ("Indicatoren", portal.count.pk, "Waarde"): -3,
            ("Indicatoren", portal.percentage.pk, "Waarde"): 140,
            ("Indicatoren", portal.text.pk, "Waarde"): "Deze regel is goed",
            ("Indicatoren", amount.pk, "Waarde"): "veel",
            ("Uren", (world.assignment.pk, world.haren.pk), "Gerealiseerde uren"): "-1",
            ("Kosten", (world.assignment.pk, world.haren.pk), "Directe kosten"): "12,345",
        },
    )
    before = row_counts()

    response = post_file(torion, portal.open_period, content)

    assert response.status_code == 400
    page = page_text(response)
    for expected in (
        "blad Indicatoren, rij 2, kolom Waarde (H): Vul een heel getal in van 0 of meer.",
        "blad Indicatoren, rij 3, kolom Waarde (H): Een percentage ligt tussen 0 en 100.",
        "blad Indicatoren, rij 5, kolom Waarde (H): ‘veel’ is geen getal.",
        "blad Uren, rij 2, kolom Gerealiseerde uren (H): Vul een aantal uren in van 0 of meer",
        "blad Kosten, rij 2, kolom Directe kosten (F): Vul een bedrag in van 0 of meer",
        "het bestand bevat 5 fouten",
    ):
        assert expected in page.replace("&#x27;", "'"), expected
    assert row_counts() == before


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (12, 10, "kolom Teller (I): De teller kan niet groter zijn dan de noemer."),
        (5, 0, "kolom Noemer (J): De noemer moet groter zijn dan 0."),
        (5, None, "kolom Noemer (J): Vul zowel teller als noemer in, of geen van beide."),
    ],
)
def test_numerator_and_denominator_are_checked(portal, torion, numerator, denominator, message):
    content = fill(
        download(torion, portal.open_period),
        {
            ("Indicatoren", portal.percentage.pk, "Teller"): numerator,
            ("Indicatoren", portal.percentage.pk, "Noemer"): denominator,
        },
    )
    response = post_file(torion, portal.open_period, content)

    assert response.status_code == 400
    assert message in page_text(response)
    assert not Realisation.objects.exists()


def test_a_yes_no_indicator_takes_only_ja_or_nee(portal, torion):
    yes_no = PerformanceIndicator.objects.create(
        assignment=portal.world.assignment, name="Is er een jaarplan?", value_type="ja_nee"
    )
    content = fill(download(torion, portal.open_period), {("Indicatoren", yes_no.pk, "Waarde"): "misschien"})

    response = post_file(torion, portal.open_period, content)

    assert response.status_code == 400 and "Vul ja of nee in." in page_text(response)


def test_one_bad_row_among_good_ones_saves_nothing(portal, torion):
    content = fill(filled_template(portal, torion), {("Indicatoren", portal.percentage.pk, "Waarde"): 140})
    content = fill(content, {("Indicatoren", portal.percentage.pk, "Teller"): None})
    content = fill(content, {("Indicatoren", portal.percentage.pk, "Noemer"): None})
    before = row_counts()

    assert post_file(torion, portal.open_period, content).status_code == 400
    assert row_counts() == before
    assert not PeriodReport.objects.exists()


def test_a_refusal_while_saving_rolls_back_every_report_of_the_file(portal, torion):
    world, user = portal.world, portal.world.users["organisation"]
    second = AssignmentFactory(agreement=world.agreement, effect=world.effect, code="9")
    other_indicator = PerformanceIndicator.objects.create(assignment=second, name="Aantal cursussen")
    content = fill(
        download(torion, portal.open_period),
        {("Indicatoren", portal.count.pk, "Waarde"): 5, ("Indicatoren", other_indicator.pk, "Waarde"): 6},
    )
    data = load_bulk_data(period=portal.open_period, organisation=world.torion)
    parsed = read_upload(content, data, user=user, today=datetime.date.today())
    assert not parsed.errors and set(parsed.changes) == {world.assignment.pk, second.pk}
    # Between reading and saving, a colleague submits the second report.
    PeriodReport.objects.create(assignment=second, period=portal.open_period, status="ingediend")
    before = row_counts()

    with pytest.raises(ValidationError):
        save_upload(data=data, upload=parsed, user=user, file_name="realisaties.xlsx")

    assert row_counts() == before
    assert not Realisation.objects.exists()


def test_changes_to_a_submitted_report_are_row_errors_but_its_unchanged_rows_pass(portal, torion):
    world = portal.world
    PeriodReport.objects.create(
        assignment=world.assignment, period=portal.open_period, status=PeriodReport.Status.SUBMITTED
    )
    Realisation.objects.create(indicator=portal.count, period=portal.open_period, value=5)
    content = download(torion, portal.open_period)
    before = row_counts()

    assert post_file(torion, portal.open_period, content).status_code == 302
    response = post_file(
        torion, portal.open_period, fill(content, {("Indicatoren", portal.count.pk, "Waarde"): 6})
    )

    assert response.status_code == 400
    assert "blad Indicatoren, rij 2, kolom Waarde (H): Deze rapportage is ingediend" in page_text(response)
    assert row_counts() == before


def test_a_closed_period_refuses_changes_unless_the_report_was_returned(portal, torion):
    closed = portal.closed_period
    content = fill(download(torion, closed), {("Indicatoren", portal.count.pk, "Waarde"): 6})

    response = post_file(torion, closed, content)
    assert response.status_code == 400
    assert "Deze periode is niet open voor rapportage." in page_text(response)
    assert not Realisation.objects.exists()

    PeriodReport.objects.create(
        assignment=portal.world.assignment, period=closed, status=PeriodReport.Status.RETURNED
    )
    assert post_file(torion, closed, content).status_code == 302
    assert Realisation.objects.get().value == 6


def test_a_template_of_another_period_is_refused(portal, torion):
    other = ReportingPeriod.objects.create(
        framework=portal.world.framework, year=2020, slug="2020", name="2020", kind="jaar"
    )
    content = fill(download(torion, portal.open_period), {("Indicatoren", portal.count.pk, "Waarde"): 6})

    response = post_file(torion, other, content)

    assert response.status_code == 400
    assert "Dit bestand is niet het sjabloon van Torion voor 2020" in page_text(response)
    assert not Realisation.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused_by_its_content(portal, torion):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("word/document.xml", "<w/>")
    for name, content in (
        ("realisaties.xlsx", b"Dit is gewoon tekst"),
        ("realisaties.xlsx", archive.getvalue()),
        ("realisaties.xls", download(torion, portal.open_period)),
    ):
        response = post_file(torion, portal.open_period, content, name=name)
        assert response.status_code == 400
        assert "Dit is geen Excel-werkmap (.xlsx)." in page_text(response)
    assert not PeriodReport.objects.exists()


def test_a_damaged_workbook_is_refused(portal, torion):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("[Content_Types].xml", "<Types/>")
        zipped.writestr("xl/workbook.xml", "kapot")

    response = post_file(torion, portal.open_period, archive.getvalue())

    assert response.status_code == 400
    assert "Het bestand kan niet worden gelezen als Excel-werkmap (.xlsx)." in page_text(response)


def test_a_file_over_the_size_limit_is_refused(portal, torion, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = post_file(torion, portal.open_period, filled_template(portal, torion))

    assert response.status_code == 400
    assert "Het bestand is te groot" in page_text(response)
    assert not Realisation.objects.exists()


def test_a_workbook_without_the_template_key_is_refused(portal, torion):
    workbook = Workbook()
    workbook.active.title = "Indicatoren"
    workbook.active.append(["Sleutel", "Waarde", "Teller", "Noemer", "Toelichting"])
    workbook.active.append([portal.count.pk, 5])
    output = io.BytesIO()
    workbook.save(output)

    response = post_file(torion, portal.open_period, output.getvalue())

    assert response.status_code == 400 and "Download het sjabloon op deze pagina" in page_text(response)


# Isolation ---------------------------------------------------------------------------------------


def test_an_indicator_of_another_organisation_is_refused_and_not_revealed(portal, torion):
    workbook = load_workbook(io.BytesIO(download(torion, portal.open_period)))
    sheet = workbook["Indicatoren"]
    sheet.cell(row_of(sheet, portal.count.pk), 1).value = portal.ggd_indicator.pk
    sheet.cell(row_of(sheet, portal.ggd_indicator.pk), column_index(sheet, "Waarde")).value = 99
    sheet.append([portal.ggd_indicator.pk, None, None, None, None, None, None, 98])
    hours = workbook["Uren"]
    hours.append([portal.world.ggd_assignment.pk, portal.world.haren.pk, None, None, None, None, None, 10])
    output = io.BytesIO()
    workbook.save(output)
    before = row_counts()

    response = post_file(torion, portal.open_period, output.getvalue())

    assert response.status_code == 400
    page = page_text(response)
    assert "blad Indicatoren, rij 2, kolom Sleutel (A): Onbekende sleutel" in page
    assert "blad Indicatoren, rij 5, kolom Sleutel (A): Onbekende sleutel" in page
    assert "blad Uren, rij 3, kolom Sleutel opdracht (A): Onbekende sleutel" in page
    assert "Aantal voorlichtingen" not in page and "GGD" not in page
    assert row_counts() == before


def test_a_period_of_another_municipality_is_not_found(portal, torion):
    foreign = ReportingPeriod.objects.create(
        framework=portal.world.other_framework, year=2020, slug="assen-2020", name="Assen 2020", kind="jaar"
    )
    assert torion.get(template_url(foreign)).status_code == 404
    assert torion.get(upload_url(foreign)).status_code == 404
    assert post_file(torion, foreign, b"x").status_code == 404


@pytest.mark.parametrize("url", [template_url, upload_url])
def test_the_organisation_parameter_must_be_one_of_the_users_own(portal, torion, url):
    world = portal.world
    assert torion.get(url(portal.open_period, organisatie=world.torion.pk)).status_code == 200
    assert torion.get(url(portal.open_period, organisatie=world.ggd.pk)).status_code == 404
    assert torion.get(url(portal.open_period, organisatie="abc")).status_code == 404


def test_posting_another_organisation_is_not_found_and_writes_nothing(portal, torion):
    content = filled_template(portal, torion)
    before = row_counts()

    response = post_file(torion, portal.open_period, content, organisatie=portal.world.ggd.pk)

    assert response.status_code == 404
    assert row_counts() == before


def test_a_user_of_two_organisations_chooses_one(portal):
    user = portal.world.users["organisation"]
    Membership.objects.create(
        user=user, role=Membership.Role.ORGANISATION_USER, organisation=portal.world.ggd
    )
    client = portal.client("organisation")

    ggd = load_workbook(io.BytesIO(download(client, portal.open_period, organisatie=portal.world.ggd.pk)))
    assert [row[0].value for row in ggd["Indicatoren"].iter_rows(min_row=2)] == [portal.ggd_indicator.pk]
    page = page_text(client.get(upload_url(portal.open_period)))
    assert 'name="organisatie"' in page and "GGD" in page and "Torion" in page


@pytest.mark.parametrize("role", ROLES)
def test_bulk_pages_per_role(portal, role):
    client = portal.client(role)
    for url in (template_url(portal.open_period), upload_url(portal.open_period)):
        response = client.get(url)
        assert response.status_code == STATUS[role], (url, role)
        if role == "anonymous":
            assert response.url.startswith(reverse("login"))
    before = row_counts()
    response = post_file(client, portal.open_period, b"PK")
    assert response.status_code == (400 if STATUS[role] == 200 else STATUS[role])
    assert row_counts() == before


# Query counts ---------------------------------------------------------------------------------------


def grow(portal, n: int) -> None:
    """n more assignments for Torion, each with indicators, targets, values, hours and costs."""
    world = portal.world
    for i in range(n):
        assignment = AssignmentFactory(agreement=world.agreement, effect=world.effect, code=f"7.{i}")
        HoursLine.objects.create(assignment=assignment, municipality=world.haren, category="welzijn", hours=5)
        for value_type in ("aantal", "percentage", "tekst"):
            indicator = PerformanceIndicator.objects.create(
                assignment=assignment, name=f"{value_type} {i}", value_type=value_type
            )
            PerformanceTarget.objects.create(indicator=indicator, year=2020, value=10)
            Realisation.objects.create(indicator=indicator, period=portal.open_period, value=3)
        report = PeriodReport.objects.create(assignment=assignment, period=portal.open_period)
        RealisedHours.objects.create(report=report, municipality=world.haren, category="welzijn", hours=4)
        RealisedCost.objects.create(report=report, municipality=world.haren, direct_costs=5)


@pytest.mark.parametrize("url", [template_url, upload_url])
def test_bulk_page_queries_do_not_grow_with_the_data(portal, torion, query_count, url):
    grow(portal, 1)
    small = query_count(torion, url(portal.open_period))
    grow(portal, 4)
    assert query_count(torion, url(portal.open_period)) == small


def test_upload_page_links_each_report_with_its_status(portal, torion):
    page = page_text(torion.get(upload_url(portal.open_period)))
    assert (
        reverse("agreements:report-entry", args=[portal.world.assignment.pk, portal.open_period.pk]) in page
    )
    assert template_url(portal.open_period) in page


# Reading numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", Decimal("12.5")),
        ("1.234,56", Decimal("1234.56")),
        ("€ 1 234,50", Decimal("1234.50")),
        ("12.5", Decimal("12.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1.234.567", Decimal("1234567")),
        ("-3", Decimal("-3")),
    ],
)
def test_numbers_are_read_as_people_type_them(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["veel", "1.234", "12,5,3", "1e5", ""])
def test_what_is_not_clearly_a_number_is_refused(text):
    with pytest.raises(CellProblem):
        parse_decimal(text)


def test_future_period_template_is_all_read_only(portal, torion):
    workbook = load_workbook(io.BytesIO(download(torion, portal.future_period)))
    sheet = workbook["Indicatoren"]
    assert all(cell.protection.locked for row in sheet.iter_rows(min_row=2) for cell in row)
    assert datetime.date.today() < portal.future_period.opens_on


@pytest.mark.parametrize(
    ("value_type", "number"),
    [
        ("aantal", "2.5"),
        ("aantal", "-1"),
        ("percentage", "100.01"),
        ("percentage", "33.333"),
        ("bedrag", "10.005"),
        ("bedrag", "1000000000000"),
        ("rapportcijfer", "0.9"),
        ("rapportcijfer", "7.25"),
    ],
)
def test_the_file_refuses_what_the_entry_form_refuses_with_the_same_message(value_type, number):
    with pytest.raises(ValidationError) as refused:
        value_field(value_type, "waarde").clean(number)
    with pytest.raises(CellProblem) as problem:
        typed_value(number.replace(".", ","), "General", value_type)
    assert refused.value.messages == [str(problem.value)]


@pytest.mark.parametrize(
    ("value_type", "number"),
    [("aantal", "12"), ("percentage", "75.25"), ("bedrag", "1234.50"), ("rapportcijfer", "7.5")],
)
def test_the_file_takes_what_the_entry_form_takes(value_type, number):
    assert Decimal(value_field(value_type, "waarde").clean(number)) == typed_value(
        number, "General", value_type
    )
