"""Report tables: numbers stay numbers in Excel, CSV opens in Dutch Excel, and amounts read the Dutch way."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reporting.formatting import euro, number, percent
from reporting.tables import HOURS, MONEY, Column, DataTable, to_csv, to_xlsx
from reporting.templatetags.reports import css_string


def costs_table():
    table = DataTable(
        "Uren en geld", [Column("a", "Opdracht"), Column("h", "Uren", HOURS), Column("m", "Totaal", MONEY)]
    )
    table.add("Huisbezoeken", Decimal("255"), Decimal("11615.00"))
    table.add("Cursussen", Decimal("12.5"), "PM")
    table.add("Totaal", Decimal("267.5"), Decimal("11615.00"), total=True)
    return table


def test_xlsx_holds_numbers_with_a_euro_format_and_keeps_pm_as_text():
    sheet = load_workbook(io.BytesIO(to_xlsx([costs_table()]))).active
    assert sheet["A1"].value == "Opdracht" and sheet["A1"].font.bold
    assert sheet["C2"].value == 11615 and isinstance(sheet["C2"].value, int | float)
    assert "€" in sheet["C2"].number_format
    assert sheet["B3"].value == 12.5
    assert sheet["C3"].value == "PM"
    assert sheet["A4"].font.bold  # the total row
    assert sheet.freeze_panes == "A2"


def test_every_table_gets_its_own_uniquely_named_sheet():
    tables = [costs_table(), costs_table(), DataTable("a/b:c?" * 10, [Column("x", "X")])]
    workbook = load_workbook(io.BytesIO(to_xlsx(tables)))
    assert len(workbook.sheetnames) == 3
    assert len({name.lower() for name in workbook.sheetnames}) == 3
    assert all(len(name) <= 31 for name in workbook.sheetnames)


def test_csv_uses_semicolons_and_plain_decimal_points_and_titles_each_table():
    text = to_csv([costs_table(), costs_table()])
    lines = text.splitlines()
    assert lines[0] == "Uren en geld"
    assert lines[1] == "Opdracht;Uren;Totaal"
    assert lines[2] == "Huisbezoeken;255;11615.00"
    assert lines[3] == "Cursussen;12.5;PM"
    assert lines[5] == "" and lines[6] == "Uren en geld"


def test_a_row_must_fill_every_column():
    with pytest.raises(ValueError):
        costs_table().add("te kort")


def test_dutch_notation():
    assert number(Decimal("1403.00")) == "1.403"
    assert number(Decimal("12.50")) == "12,5"
    assert number(Decimal("-1234567.25")) == "-1.234.567,25"
    assert euro(Decimal("11615.5")) == "€ 11.615,50"
    assert euro("PM") == "PM"
    assert percent(Decimal("83.3333")) == "83,3%"


def test_css_string_cannot_break_out_of_the_running_header():
    assert css_string('Kader "A" \\ </style>') == 'Kader \\"A\\" \\\\ \\3c /style>'


def test_html_rows_format_cells_by_kind():
    rows = costs_table().html_rows
    assert [cell.text for cell in rows[0]["cells"]] == ["Huisbezoeken", "255", "€ 11.615,00"]
    assert rows[2]["total"] and not rows[0]["total"]
