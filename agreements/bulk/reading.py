"""Check an uploaded bulk-entry workbook row by row against the organisation's rows for the period.

Every problem is collected with its sheet, row and column, so the user sees them all at once. A key
that is not one of the organisation's own rows is refused without a word about what it belongs to.
"""

from __future__ import annotations

import datetime
import io
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from agreements.bulk import cells
from agreements.bulk.cells import CellProblem
from agreements.bulk.data import BulkData
from agreements.bulk.layout import (
    ASSIGNMENT_KEY,
    CATEGORY,
    COSTS,
    DENOMINATOR,
    DIRECT_COSTS,
    DIRECT_REVENUE,
    EXPLANATION,
    FILE_KEY_CELL,
    GUIDE,
    HOURS,
    INDICATORS,
    KEY,
    MUNICIPALITY_KEY,
    NUMERATOR,
    REALISED_HOURS,
    VALUE,
)
from agreements.models import Assignment, PerformanceIndicator, Realisation
from agreements.services.reports import EnteredValue, ReportInput
from effects.models import IndicatorDefinition

ValueType = IndicatorDefinition.ValueType
logger = logging.getLogger(__name__)

# A zip of 10 MB can unpack to gigabytes; a real template unpacks to a few MB.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def check_xlsx_file(upload) -> None:
    """Refuse anything but an .xlsx workbook within the size limit; the content is checked, not the name."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Het bestand is te groot: hoogstens %(size)s MB.") % {"size": f"{limit / 1024 / 1024:g}"},
            code="too_large",
        )
    wrong = ValidationError(
        _(
            "Dit is geen Excel-werkmap (.xlsx). Download het sjabloon, vul het in en sla het op als "
            "‘Excel-werkmap (.xlsx)’."
        ),
        code="not_xlsx",
    )
    if not upload.name.lower().endswith(".xlsx"):
        raise wrong
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise wrong from error
    finally:
        upload.seek(0)
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names or unpacked > MAX_UNPACKED_BYTES:
        raise wrong


@dataclass(frozen=True)
class UploadError:
    """One problem in the file, with the sheet, row and column it is in (when it is in one)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    letter: str = ""

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        if self.row is None:
            return _("blad %(sheet)s: %(message)s") % {"sheet": self.sheet, "message": self.message}
        return _("blad %(sheet)s, rij %(row)s, kolom %(column)s (%(letter)s): %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "letter": self.letter,
            "message": self.message,
        }


@dataclass
class Changes:
    """How many values, hours rows and cost rows an upload changes (in one report, or in all)."""

    values: int = 0
    hours: int = 0
    costs: int = 0

    def __iadd__(self, other: Changes) -> Changes:
        self.values += other.values
        self.hours += other.hours
        self.costs += other.costs
        return self


@dataclass
class ParsedUpload:
    """What an upload changes, per assignment id, and every problem found in it."""

    errors: list[UploadError] = field(default_factory=list)
    values: dict[int, dict[int, EnteredValue]] = field(default_factory=dict)
    hours: dict[int, dict[tuple[int, str], Decimal | None]] = field(default_factory=dict)
    costs: dict[int, dict[int, tuple[Decimal | None, Decimal | None]]] = field(default_factory=dict)
    changes: dict[int, Changes] = field(default_factory=dict)

    def report_input(self, assignment_id: int) -> ReportInput | None:
        """The changes for one assignment as save_report takes them; None when there are none."""
        if assignment_id not in self.changes:
            return None
        return ReportInput(
            values=self.values.get(assignment_id, {}),
            hours=self.hours.get(assignment_id, {}),
            costs=self.costs.get(assignment_id, {}),
        )

    def count(self, kind: str, assignment_id: int) -> None:
        changes = self.changes.setdefault(assignment_id, Changes())
        setattr(changes, kind, getattr(changes, kind) + 1)


class _Sheet:
    """One sheet of the upload: its columns found by their header, and the data rows below it."""

    def __init__(self, worksheet, name: str, required: tuple[str, ...], errors: list[UploadError]):
        self.worksheet, self.name, self.errors = worksheet, name, errors
        header = next(worksheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        self.columns = {str(value).strip(): index for index, value in enumerate(header) if value is not None}
        missing = [column for column in required if column not in self.columns]
        if missing:
            message = _("de kolom(men) %(columns)s ontbreken in de kopregel; gebruik het sjabloon.")
            errors.append(UploadError(message % {"columns": ", ".join(missing)}, sheet=name))
        self.is_usable = not missing

    def rows(self) -> Iterator[_Row]:
        for number, row_cells in enumerate(self.worksheet.iter_rows(min_row=2), start=2):
            yield _Row(self, number, row_cells)


class _Row:
    """One data row: its cells by column name, and a place to note a problem at a column."""

    def __init__(self, sheet: _Sheet, number: int, row_cells: tuple):
        self.sheet, self.number, self.cells = sheet, number, row_cells
        self.has_errors = False

    def _cell(self, column: str):
        index = self.sheet.columns.get(column)
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def raw(self, column: str):
        cell = self._cell(column)
        value = cell.value if cell is not None else None
        return None if cells.blank(value) else value

    def number_format(self, column: str) -> str:
        return getattr(self._cell(column), "number_format", None) or "General"

    def is_blank(self, columns: tuple[str, ...]) -> bool:
        return all(self.raw(column) is None for column in columns)

    def error(self, column: str, message: str) -> None:
        self.has_errors = True
        letter = get_column_letter(self.sheet.columns[column] + 1)
        self.sheet.errors.append(
            UploadError(message=message, sheet=self.sheet.name, row=self.number, column=column, letter=letter)
        )

    def read(self, column: str, parse, *args):
        """The cell parsed by `parse(value, number_format, *args)`, or None with the problem noted."""
        try:
            return parse(self.raw(column), self.number_format(column), *args)
        except CellProblem as problem:
            self.error(column, str(problem))
            return None


def _entered_value(row: _Row, indicator: PerformanceIndicator) -> EnteredValue | None:
    """What one Indicatoren row holds for its indicator, or None when a cell is wrong (noted on the row)."""
    value_type = indicator.value_type
    value, text, numerator, denominator = None, "", None, None
    if value_type == ValueType.TEXT:
        text = cells.text(row.raw(VALUE))
    else:
        value = row.read(VALUE, cells.typed_value, value_type)
    if value_type == ValueType.PERCENTAGE:
        numerator = row.read(NUMERATOR, cells.fraction_part)
        denominator = row.read(DENOMINATOR, cells.fraction_part)
        if row.has_errors:
            pass
        elif (numerator is None) != (denominator is None):
            missing = DENOMINATOR if denominator is None else NUMERATOR
            row.error(missing, _("Vul zowel teller als noemer in, of geen van beide."))
        elif denominator is not None and denominator <= 0:
            row.error(DENOMINATOR, _("De noemer moet groter zijn dan 0."))
        elif numerator is not None and numerator > denominator:
            row.error(NUMERATOR, _("De teller kan niet groter zijn dan de noemer."))
        elif numerator is not None:
            value = cells.percentage_of(numerator, denominator)
    else:
        for column in (NUMERATOR, DENOMINATOR):
            if row.raw(column) is not None:
                row.error(column, _("Teller en noemer horen alleen bij een percentage; laat deze cel leeg."))
    explanation = cells.text(row.raw(EXPLANATION))
    if row.has_errors:
        return None
    return EnteredValue(
        value=value, numerator=numerator, denominator=denominator, text=text, explanation=explanation
    )


def _changed_columns(entered: EnteredValue, realisation: Realisation | None) -> list[str]:
    if realisation is None:
        return [] if entered.is_empty else [VALUE if entered.has_value else EXPLANATION]
    fields = (
        (VALUE, realisation.value, entered.value),
        (VALUE, realisation.text, entered.text),
        (NUMERATOR, realisation.numerator, entered.numerator),
        (DENOMINATOR, realisation.denominator, entered.denominator),
        (EXPLANATION, realisation.explanation, entered.explanation),
    )
    return [column for column, old, new in fields if old != new]


class _Reader:
    """Reads one workbook against the organisation's rows for the period; see read_upload."""

    def __init__(self, workbook, data: BulkData, user, today: datetime.date):
        self.workbook, self.data, self.user, self.today = workbook, data, user, today
        self.result = ParsedUpload()
        self._problems: dict[int, str | None] = {}

    def unknown_key(self) -> str:
        return _(
            "Onbekende sleutel: deze regel hoort niet bij de opdrachten van %(organisation)s in deze "
            "periode. Laat de sleutelkolommen staan zoals ze in het sjabloon staan."
        ) % {"organisation": self.data.organisation.name}

    def refused(self, row: _Row, assignment: Assignment, column: str) -> bool:
        """A change to a report that cannot change now is an error at the changed cell."""
        if assignment.pk not in self._problems:
            self._problems[assignment.pk] = self.data.write_problem(assignment, self.user, self.today)
        problem = self._problems[assignment.pk]
        if problem:
            row.error(column, problem)
        return bool(problem)

    def sheet(self, name: str, required: tuple[str, ...]) -> _Sheet | None:
        if name not in self.workbook.sheetnames:
            return None  # a sheet left out changes nothing
        sheet = _Sheet(self.workbook[name], name, required, self.result.errors)
        return sheet if sheet.is_usable else None

    def check_file_key(self) -> bool:
        """The file was made for this organisation and period (not another period of the same plan)."""
        key = self.workbook[GUIDE][FILE_KEY_CELL].value if GUIDE in self.workbook.sheetnames else None
        if key == self.data.file_key:
            return True
        message = _(
            "Dit bestand is niet het sjabloon van %(organisation)s voor %(period)s (de sleutel op het blad "
            "Uitleg klopt niet). Download het sjabloon op deze pagina en vul dat in."
        )
        params = {"organisation": self.data.organisation.name, "period": self.data.period.name}
        self.result.errors.append(UploadError(message % params))
        return False

    @staticmethod
    def duplicate(row: _Row, column: str, seen: dict, key) -> bool:
        if key in seen:
            message = _("Deze regel staat dubbel in het blad (ook in rij %(row)s).") % {"row": seen[key]}
            row.error(column, message)
            return True
        seen[key] = row.number
        return False

    def indicators(self) -> None:
        columns = (KEY, VALUE, NUMERATOR, DENOMINATOR, EXPLANATION)
        sheet = self.sheet(INDICATORS, columns)
        if sheet is None:
            return
        known = {item.indicator.pk: item for item in self.data.indicator_rows()}
        seen: dict[int, int] = {}
        for row in sheet.rows():
            if row.is_blank(columns):
                continue
            item = known.get(cells.key(row.raw(KEY)))
            if item is None:
                row.error(KEY, self.unknown_key())
                continue
            if self.duplicate(row, KEY, seen, item.indicator.pk):
                continue
            entered = _entered_value(row, item.indicator)
            if entered is None:
                continue
            changed = _changed_columns(entered, item.realisation)
            if not changed or self.refused(row, item.assignment, changed[0]):
                continue
            self.result.values.setdefault(item.assignment.pk, {})[item.indicator.pk] = entered
            self.result.count("values", item.assignment.pk)

    def hours(self) -> None:
        sheet = self.sheet(HOURS, (ASSIGNMENT_KEY, MUNICIPALITY_KEY, CATEGORY, REALISED_HOURS))
        if sheet is None:
            return
        known = {(i.assignment.pk, i.municipality.pk, i.category): i for i in self.data.hours_rows()}
        seen: dict[tuple, int] = {}
        for row in sheet.rows():
            if row.is_blank((ASSIGNMENT_KEY, MUNICIPALITY_KEY, REALISED_HOURS)):
                continue
            category = cells.text(row.raw(CATEGORY))
            key = (cells.key(row.raw(ASSIGNMENT_KEY)), cells.key(row.raw(MUNICIPALITY_KEY)), category)
            item = known.get(key)
            if item is None:
                row.error(ASSIGNMENT_KEY, self.unknown_key())
                continue
            if self.duplicate(row, ASSIGNMENT_KEY, seen, key):
                continue
            amount = row.read(REALISED_HOURS, cells.hours)
            if row.has_errors or amount == item.realised:
                continue
            if self.refused(row, item.assignment, REALISED_HOURS):
                continue
            self.result.hours.setdefault(item.assignment.pk, {})[(item.municipality.pk, category)] = amount
            self.result.count("hours", item.assignment.pk)

    def costs(self) -> None:
        columns = (ASSIGNMENT_KEY, MUNICIPALITY_KEY, DIRECT_COSTS, DIRECT_REVENUE)
        sheet = self.sheet(COSTS, columns)
        if sheet is None:
            return
        known = {(i.assignment.pk, i.municipality.pk): i for i in self.data.cost_rows()}
        seen: dict[tuple, int] = {}
        for row in sheet.rows():
            if row.is_blank(columns):
                continue
            key = (cells.key(row.raw(ASSIGNMENT_KEY)), cells.key(row.raw(MUNICIPALITY_KEY)))
            item = known.get(key)
            if item is None:
                row.error(ASSIGNMENT_KEY, self.unknown_key())
                continue
            if self.duplicate(row, ASSIGNMENT_KEY, seen, key):
                continue
            direct_costs = row.read(DIRECT_COSTS, cells.money)
            direct_revenue = row.read(DIRECT_REVENUE, cells.money)
            if row.has_errors:
                continue
            changed = [
                column
                for column, old, new in (
                    (DIRECT_COSTS, item.direct_costs, direct_costs),
                    (DIRECT_REVENUE, item.direct_revenue, direct_revenue),
                )
                if old != new
            ]
            if not changed or self.refused(row, item.assignment, changed[0]):
                continue
            costs = self.result.costs.setdefault(item.assignment.pk, {})
            costs[item.municipality.pk] = (direct_costs, direct_revenue)
            self.result.count("costs", item.assignment.pk)


def _unreadable() -> ParsedUpload:
    return ParsedUpload(
        errors=[UploadError(_("Het bestand kan niet worden gelezen als Excel-werkmap (.xlsx)."))]
    )


def read_upload(content: bytes, data: BulkData, *, user, today: datetime.date) -> ParsedUpload:
    """Check every row of an uploaded workbook; collect what it changes and every problem, all at once.

    Rows that change nothing are left alone, so a re-upload of the same file (or of the unchanged rows
    of a report that was submitted meanwhile) passes and writes nothing.
    """
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file; all mean the same here
        return _unreadable()
    reader = _Reader(workbook, data, user, today)
    try:
        if reader.check_file_key():
            reader.indicators()
            reader.hours()
            reader.costs()
    except (zipfile.BadZipFile, KeyError, SyntaxError, OSError, EOFError):
        # Sheets are read lazily: their XML may be broken even when the workbook opened.
        logger.warning("Unreadable sheet in an uploaded workbook", exc_info=True)
        return _unreadable()
    finally:
        workbook.close()
    return reader.result
