"""The tables of a report: typed columns, so every table downloads as XLSX (numbers as numbers) and CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

from reporting import formatting

# What a column holds decides how a cell is written: text, a whole number, a decimal, euros, hours, %.
TEXT, INTEGER, DECIMAL, MONEY, HOURS, PERCENT = "text", "integer", "decimal", "money", "hours", "percent"
XLSX_FORMATS = {
    INTEGER: "#,##0",
    DECIMAL: "#,##0.##",
    MONEY: '"€" #,##0.00;"€" -#,##0.00',
    HOURS: "#,##0.##",
    PERCENT: '0.##"%"',
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT

    @property
    def is_number(self) -> bool:
        return self.kind != TEXT


@dataclass(frozen=True)
class Cell:
    text: str
    is_number: bool


def format_cell(value, kind: str) -> str:
    if kind == MONEY:
        return formatting.euro(value)
    if kind == PERCENT:
        return formatting.percent(value)
    if kind == TEXT:
        return "" if value is None else str(value)
    return formatting.number(value)


@dataclass
class DataTable:
    """One table of a report. A row is a list of cell values in column order; None is an empty cell,
    and a text (e.g. "PM") in a number column is kept as text."""

    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    slug: str = ""
    # Rows that sum up the others (subtotals, totals): shown in bold and kept apart from the data rows.
    total_rows: set[int] = field(default_factory=set)

    def __post_init__(self):
        self.slug = self.slug or slugify(self.title)[:60] or "tabel"

    @property
    def html_rows(self) -> list[dict]:
        """Rows as the HTML table shows them: formatted text per cell."""
        return [
            {
                "total": index in self.total_rows,
                "cells": [
                    Cell(format_cell(value, column.kind), column.is_number)
                    for value, column in zip(row, self.columns, strict=True)
                ],
            }
            for index, row in enumerate(self.rows)
        ]

    def add(self, *cells, total: bool = False) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{self.title}: {len(cells)} cellen voor {len(self.columns)} kolommen")
        if total:
            self.total_rows.add(len(self.rows))
        self.rows.append(list(cells))


def _csv_text(value, kind: str = TEXT) -> str:
    """A cell as CSV text: amounts to the cent, other numbers without trailing zeros, a decimal point."""
    if value is None:
        return ""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        if kind == MONEY:
            return f"{Decimal(value).quantize(Decimal('0.01')):f}"
        return f"{Decimal(value).normalize():f}"
    return str(value)


def to_csv(tables: list[DataTable]) -> str:
    """CSV with a semicolon (what Dutch Excel opens), one block per table with its title above it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(tables):
        if len(tables) > 1:
            if index:
                writer.writerow([])
            writer.writerow([table.title])
        writer.writerow([column.label for column in table.columns])
        for row in table.rows:
            writer.writerow(
                [_csv_text(value, column.kind) for value, column in zip(row, table.columns, strict=True)]
            )
    return out.getvalue()


def to_xlsx(tables: list[DataTable], *, title: str = "") -> bytes:
    """One sheet per table; numbers are numbers with a Dutch euro / number format, headers bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        name = _sheet_name(table.title, used)
        sheet = workbook.create_sheet(name)
        sheet.append([column.label for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, row in enumerate(table.rows):
            sheet.append(list(row))  # openpyxl writes Decimal as a number
            excel_row = sheet.max_row
            for position, column in enumerate(table.columns, start=1):
                cell = sheet.cell(row=excel_row, column=position)
                if column.kind in XLSX_FORMATS and isinstance(cell.value, int | float | Decimal):
                    cell.number_format = XLSX_FORMATS[column.kind]
                if index in table.total_rows:
                    cell.font = Font(bold=True)
        for position, column in enumerate(table.columns, start=1):
            cells = (len(_csv_text(row[position - 1])) for row in table.rows)
            width = max(len(column.label), *cells, 0)
            sheet.column_dimensions[get_column_letter(position)].width = min(max(width + 2, 8), 60)
    if title:
        workbook.properties.title = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Tabel"
    name, counter = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {counter}"
        counter += 1
    used.add(name.lower())
    return name
