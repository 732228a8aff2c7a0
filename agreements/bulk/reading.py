"""Check an uploaded bulk-entry workbook row by row against the organisation's rows for the period.

Every problem is collected with its sheet, row and column, so the user sees them all at once. A key
that is not one of the organisation's own rows is refused without a word about what it belongs to.
"""

from __future__ import annotations

import datetime
import io
import logging
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from agreements.attachments import XLSX, max_bytes, megabytes, sniff
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
from agreements.forms_reports import fraction_problem
from agreements.models import Assignment, PerformanceIndicator, Realisation
from agreements.services.reports import EnteredValue, ReportInput
from effects.models import IndicatorDefinition, percentage_of

ValueType = IndicatorDefinition.ValueType
logger = logging.getLogger(__name__)

# What reading a damaged sheet raises: a broken zip member (BadZipFile, zlib.error), broken XML
# (SyntaxError), or a cell whose type, reference or style does not fit (ValueError, TypeError, IndexError).
DAMAGED_SHEET_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    SyntaxError,
    ValueError,
    TypeError,
    IndexError,
    OSError,
    EOFError,
)
# A zip of 10 MB can unpack to gigabytes; a real template unpacks to a few MB.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def check_xlsx_file(upload) -> None:
    """Refuse anything but an .xlsx workbook within the size limit; the content is checked, not the name."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("Het bestand is te groot: hoogstens %(size)s MB.") % {"size": megabytes(max_bytes())},
            code="too_large",
        )
    if (
        not upload.name.lower().endswith(".xlsx")
        or sniff(upload) is not XLSX
        or _unpacked(upload) > MAX_UNPACKED_BYTES
    ):
        raise ValidationError(
            _(
                "Dit is geen Excel-werkmap (.xlsx). Download het sjabloon, vul het in en sla het op als "
                "‘Excel-werkmap (.xlsx)’."
            ),
            code="not_xlsx",
        )


def _unpacked(upload) -> int:
    """Bytes the workbook unpacks to: openpyxl unpacks it all, an attachment is only stored."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return sum(info.file_size for info in archive.infolist())
    finally:
        upload.seek(0)


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

    @property
    def changes(self) -> dict[int, Changes]:
        """How many rows of each sheet change, per assignment id with any change."""
        changed = set(self.values) | set(self.hours) | set(self.costs)
        return {
            assignment_id: Changes(
                values=len(self.values.get(assignment_id, {})),
                hours=len(self.hours.get(assignment_id, {})),
                costs=len(self.costs.get(assignment_id, {})),
            )
            for assignment_id in sorted(changed)
        }

    def report_input(self, assignment_id: int) -> ReportInput:
        """The changes for one assignment as save_report takes them."""
        return ReportInput(
            values=self.values.get(assignment_id, {}),
            hours=self.hours.get(assignment_id, {}),
            costs=self.costs.get(assignment_id, {}),
        )


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
        problem = None if row.has_errors else fraction_problem(numerator, denominator)
        if problem:
            part, message = problem
            row.error(NUMERATOR if part == "numerator" else DENOMINATOR, message)
        elif numerator is not None:
            value = percentage_of(numerator, denominator)
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


def _changed(*compared: tuple[str, object, object]) -> list[str]:
    """The columns whose new value differs from the old, given (column, old, new) per cell."""
    return [column for column, old, new in compared if old != new]


def _changed_columns(entered: EnteredValue, realisation: Realisation | None) -> list[str]:
    if realisation is None:
        return [] if entered.is_empty else [VALUE if entered.has_value else EXPLANATION]
    return _changed(
        (VALUE, realisation.value, entered.value),
        (VALUE, realisation.text, entered.text),
        (NUMERATOR, realisation.numerator, entered.numerator),
        (DENOMINATOR, realisation.denominator, entered.denominator),
        (EXPLANATION, realisation.explanation, entered.explanation),
    )


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

    def takes(self, row: _Row, assignment: Assignment, changed: list[str]) -> bool:
        """Whether a row's change is taken: something changed and the report may change now.

        A change to a report that cannot change is an error at the first changed cell.
        """
        if not changed:
            return False
        if assignment.pk not in self._problems:
            self._problems[assignment.pk] = self.data.write_problem(assignment, self.user, self.today)
        problem = self._problems[assignment.pk]
        if problem:
            row.error(changed[0], problem)
        return not problem

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

    def known_rows(self, sheet: _Sheet, known: dict, *, key_of, key_column: str, blank: tuple[str, ...]):
        """The sheet's non-blank rows with the known item their key names; an unknown or repeated key is
        an error at the key column."""
        seen: dict = {}
        for row in sheet.rows():
            if row.is_blank(blank):
                continue
            key = key_of(row)
            item = known.get(key)
            if item is None:
                row.error(key_column, self.unknown_key())
            elif key in seen:
                message = _("Deze regel staat dubbel in het blad (ook in rij %(row)s).") % {"row": seen[key]}
                row.error(key_column, message)
            else:
                seen[key] = row.number
                yield row, item

    def indicators(self) -> None:
        columns = (KEY, VALUE, NUMERATOR, DENOMINATOR, EXPLANATION)
        sheet = self.sheet(INDICATORS, columns)
        if sheet is None:
            return
        known = {item.indicator.pk: item for item in self.data.indicator_rows()}
        rows = self.known_rows(
            sheet, known, key_of=lambda row: cells.key(row.raw(KEY)), key_column=KEY, blank=columns
        )
        for row, item in rows:
            entered = _entered_value(row, item.indicator)
            if entered is not None and self.takes(
                row, item.assignment, _changed_columns(entered, item.realisation)
            ):
                self.result.values.setdefault(item.assignment.pk, {})[item.indicator.pk] = entered

    def hours(self) -> None:
        sheet = self.sheet(HOURS, (ASSIGNMENT_KEY, MUNICIPALITY_KEY, CATEGORY, REALISED_HOURS))
        if sheet is None:
            return
        known = {(i.assignment.pk, i.municipality.pk, i.category): i for i in self.data.hours_rows()}

        def key_of(row: _Row) -> tuple:
            return (
                cells.key(row.raw(ASSIGNMENT_KEY)),
                cells.key(row.raw(MUNICIPALITY_KEY)),
                cells.text(row.raw(CATEGORY)),
            )

        blank = (ASSIGNMENT_KEY, MUNICIPALITY_KEY, REALISED_HOURS)
        for row, item in self.known_rows(sheet, known, key_of=key_of, key_column=ASSIGNMENT_KEY, blank=blank):
            amount = row.read(REALISED_HOURS, cells.hours)
            if not row.has_errors and self.takes(
                row, item.assignment, _changed((REALISED_HOURS, item.realised, amount))
            ):
                hours = self.result.hours.setdefault(item.assignment.pk, {})
                hours[(item.municipality.pk, item.category)] = amount

    def costs(self) -> None:
        columns = (ASSIGNMENT_KEY, MUNICIPALITY_KEY, DIRECT_COSTS, DIRECT_REVENUE)
        sheet = self.sheet(COSTS, columns)
        if sheet is None:
            return
        known = {(i.assignment.pk, i.municipality.pk): i for i in self.data.cost_rows()}

        def key_of(row: _Row) -> tuple:
            return (cells.key(row.raw(ASSIGNMENT_KEY)), cells.key(row.raw(MUNICIPALITY_KEY)))

        for row, item in self.known_rows(
            sheet, known, key_of=key_of, key_column=ASSIGNMENT_KEY, blank=columns
        ):
            direct_costs = row.read(DIRECT_COSTS, cells.money)
            direct_revenue = row.read(DIRECT_REVENUE, cells.money)
            changed = _changed(
                (DIRECT_COSTS, item.direct_costs, direct_costs),
                (DIRECT_REVENUE, item.direct_revenue, direct_revenue),
            )
            if not row.has_errors and self.takes(row, item.assignment, changed):
                costs = self.result.costs.setdefault(item.assignment.pk, {})
                costs[item.municipality.pk] = (direct_costs, direct_revenue)


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
    except DAMAGED_SHEET_ERRORS:
        # Sheets are read lazily: their XML may be broken even when the workbook opened.
        logger.warning("Unreadable sheet in an uploaded workbook", exc_info=True)
        return _unreadable()
    finally:
        workbook.close()
    return reader.result
