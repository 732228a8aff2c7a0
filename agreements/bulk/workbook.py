"""Write the pre-filled bulk-entry workbook: an explanation, then indicators, hours and costs."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from agreements.bulk.data import BulkData
from agreements.bulk.layout import (
    ASSIGNMENT,
    ASSIGNMENT_KEY,
    CATEGORY,
    COST_COLUMNS,
    COSTS,
    DENOMINATOR,
    DIRECT_COSTS,
    DIRECT_REVENUE,
    EXPLANATION,
    FILE_KEY_CELL,
    GUIDE,
    HOURS,
    HOURS_COLUMNS,
    INDICATOR,
    INDICATOR_COLUMNS,
    INDICATORS,
    KEY,
    MUNICIPALITY,
    MUNICIPALITY_KEY,
    NUMERATOR,
    PLANNED_HOURS,
    REALISED_HOURS,
    STATUS,
    TARGET,
    TARGET_FOR,
    TYPE,
    VALUE,
    Column,
    letter,
)
from agreements.models import Realisation
from effects.models import IndicatorDefinition

ValueType = IndicatorDefinition.ValueType

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
READ_ONLY_FILL = PatternFill("solid", fgColor="E7E6E6")
EDITABLE = Protection(locked=False)
GENERAL, WHOLE, TWO_PLACES, MONEY, TEXT = "General", "0", "0.00", "#,##0.00", "@"
VALUE_FORMATS = {
    ValueType.COUNT: WHOLE,
    ValueType.AMOUNT: MONEY,
    ValueType.TEXT: TEXT,
    ValueType.YES_NO: TEXT,
}
TYPE_HINTS = {
    ValueType.COUNT: gettext_lazy("aantal: heel getal, 0 of meer"),
    ValueType.PERCENTAGE: gettext_lazy("percentage: 0-100, 2 decimalen, of teller en noemer"),
    ValueType.AMOUNT: gettext_lazy("bedrag in euro: 0 of meer, 2 decimalen"),
    ValueType.GRADE: gettext_lazy("rapportcijfer: 1 tot en met 10, 1 decimaal"),
    ValueType.YES_NO: gettext_lazy("ja/nee: vul ja of nee in"),
    ValueType.TEXT: gettext_lazy("tekst"),
}


def excel_number(value: Decimal | None) -> int | float | None:
    """Numbers go in as numbers (not text), without the trailing zeros of the stored scale."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _shown_value(value_type: str, realisation: Realisation):
    if value_type == ValueType.TEXT:
        return realisation.text or None
    if value_type == ValueType.YES_NO and realisation.value is not None:
        return "ja" if realisation.value == 1 else "nee"
    return excel_number(realisation.value)


def _guide_lines() -> list[str]:
    return [
        _(
            "Vul op de bladen Indicatoren, Uren en Kosten de witte cellen in; grijze cellen worden niet "
            "gelezen."
        ),
        _(
            "Wijzig de sleutelkolommen niet: die zeggen bij welke indicator, opdracht en gemeente een "
            "regel hoort."
        ),
        _(
            "Aantal: heel getal, 0 of meer. Percentage: 0 tot en met 100, hoogstens 2 decimalen, of vul "
            "teller en noemer in (de waarde wordt dan berekend en de kolom Waarde genegeerd). Bedrag: euro, "
            "0 of meer, hoogstens 2 decimalen. Rapportcijfer: 1 tot en met 10, hoogstens 1 decimaal. "
            "Ja/nee: vul ja of nee in. Tekst: vrije tekst."
        ),
        _("Uren en kosten: 0 of meer, hoogstens 2 decimalen. Een komma als decimaalteken mag (12,5)."),
        _("Een lege cel maakt de waarde leeg; regels die u weglaat blijven ongewijzigd."),
        _(
            "Lees het bestand in op de pagina ‘Excel-invoer’. Elke regel wordt gecontroleerd; is er één "
            "fout, dan wordt niets opgeslagen en ziet u per blad, rij en kolom wat er mis is."
        ),
        _(
            "Na het inlezen staan de rapportages als concept klaar: dien elke rapportage daarna in op haar "
            "eigen pagina. Ingediende en goedgekeurde rapportages kunt u via dit bestand niet wijzigen."
        ),
    ]


def _guide_sheet(sheet, data: BulkData) -> None:
    sheet.title = GUIDE
    sheet["A1"] = _("Realisaties invullen in Excel")
    sheet["A1"].font = Font(bold=True, size=14)
    period = data.period
    facts = [
        (_("Organisatie"), data.organisation.name),
        (_("Periode"), period.name),
        (_("Deadline"), period.deadline.strftime("%d-%m-%Y") if period.deadline else ""),
        (_("Sleutel (niet wijzigen)"), data.file_key),
    ]
    for row, (label, value) in enumerate(facts, start=2):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value)
    sheet[FILE_KEY_CELL].fill = READ_ONLY_FILL
    for row, line in enumerate(_guide_lines(), start=len(facts) + 3):
        cell = sheet.cell(row=row, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        sheet.row_dimensions[row].height = 45
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 90
    sheet.protection.sheet = True


def _table_sheet(workbook: Workbook, title: str, columns: tuple[Column, ...]):
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "D2"
    # Locked cells keep keys and read-only columns as they are; filtering and resizing stay possible.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    return sheet


def _write_row(sheet, row: int, columns: tuple[Column, ...], values: dict, *, editable: set, formats: dict):
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=values.get(column.name))
        cell.number_format = formats.get(column.name, GENERAL)
        cell.alignment = Alignment(vertical="top", wrap_text=column.name in (EXPLANATION, INDICATOR))
        if column.name in editable:
            cell.protection = EDITABLE
        else:
            cell.fill = READ_ONLY_FILL


def _indicator_sheet(workbook: Workbook, data: BulkData, writable: dict, status: dict) -> None:
    sheet = _table_sheet(workbook, INDICATORS, INDICATOR_COLUMNS)
    yes_no = DataValidation(type="list", formula1='"ja,nee"', allow_blank=True)
    value_letter = letter(INDICATOR_COLUMNS, VALUE)
    for row, item in enumerate(data.indicator_rows(), start=2):
        indicator, realisation, target = item.indicator, item.realisation, item.target
        value_type = indicator.value_type
        values = {
            KEY: indicator.pk,
            ASSIGNMENT: str(item.assignment),
            INDICATOR: indicator.name,
            TYPE: str(TYPE_HINTS.get(value_type, value_type)),
            STATUS: status[item.assignment.pk],
        }
        if target is not None:
            values[TARGET] = excel_number(target.value) if target.value is not None else target.text
            values[TARGET_FOR] = (
                _("deze periode") if target.period_id else _("jaar %(year)s") % {"year": target.year}
            )
        if realisation is not None:
            values[VALUE] = _shown_value(value_type, realisation)
            values[NUMERATOR] = excel_number(realisation.numerator)
            values[DENOMINATOR] = excel_number(realisation.denominator)
            values[EXPLANATION] = realisation.explanation or None
        editable = set()
        if writable[item.assignment.pk]:
            editable = {VALUE, EXPLANATION}
            if value_type == ValueType.PERCENTAGE:
                editable |= {NUMERATOR, DENOMINATOR}
        formats = {VALUE: VALUE_FORMATS.get(value_type, GENERAL)}
        _write_row(sheet, row, INDICATOR_COLUMNS, values, editable=editable, formats=formats)
        if value_type == ValueType.YES_NO and VALUE in editable:
            yes_no.add(f"{value_letter}{row}")
    if yes_no.sqref:
        sheet.add_data_validation(yes_no)


def _hours_sheet(workbook: Workbook, data: BulkData, writable: dict, status: dict) -> None:
    sheet = _table_sheet(workbook, HOURS, HOURS_COLUMNS)
    formats = {PLANNED_HOURS: TWO_PLACES, REALISED_HOURS: TWO_PLACES}
    for row, item in enumerate(data.hours_rows(), start=2):
        planned = excel_number(item.planned)
        values = {
            ASSIGNMENT_KEY: item.assignment.pk,
            MUNICIPALITY_KEY: item.municipality.pk,
            ASSIGNMENT: str(item.assignment),
            MUNICIPALITY: item.municipality.name,
            CATEGORY: item.category or None,
            PLANNED_HOURS: "PM" if item.planned_is_pm and planned is None else planned,
            STATUS: status[item.assignment.pk],
            REALISED_HOURS: excel_number(item.realised),
        }
        editable = {REALISED_HOURS} if writable[item.assignment.pk] else set()
        _write_row(sheet, row, HOURS_COLUMNS, values, editable=editable, formats=formats)


def _cost_sheet(workbook: Workbook, data: BulkData, writable: dict, status: dict) -> None:
    sheet = _table_sheet(workbook, COSTS, COST_COLUMNS)
    formats = {DIRECT_COSTS: MONEY, DIRECT_REVENUE: MONEY}
    for row, item in enumerate(data.cost_rows(), start=2):
        values = {
            ASSIGNMENT_KEY: item.assignment.pk,
            MUNICIPALITY_KEY: item.municipality.pk,
            ASSIGNMENT: str(item.assignment),
            MUNICIPALITY: item.municipality.name,
            STATUS: status[item.assignment.pk],
            DIRECT_COSTS: excel_number(item.direct_costs),
            DIRECT_REVENUE: excel_number(item.direct_revenue),
        }
        editable = {DIRECT_COSTS, DIRECT_REVENUE} if writable[item.assignment.pk] else set()
        _write_row(sheet, row, COST_COLUMNS, values, editable=editable, formats=formats)


def build_workbook(data: BulkData, *, user, today: datetime.date) -> bytes:
    """The pre-filled XLSX for one organisation and period; reports that cannot change are all grey."""
    workbook = Workbook()
    _guide_sheet(workbook.active, data)
    writable = {a.pk: data.write_problem(a, user, today) is None for a in data.assignments}
    status = {a.pk: data.status_label(a, today) for a in data.assignments}
    _indicator_sheet(workbook, data, writable, status)
    _hours_sheet(workbook, data, writable, status)
    _cost_sheet(workbook, data, writable, status)
    for sheet in workbook.worksheets[1:]:
        sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{max(sheet.max_row, 2)}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
