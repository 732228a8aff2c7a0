"""Read one cell of an uploaded workbook as what its column asks for, or say in Dutch why it cannot.

Every parser takes the cell's value and number format and returns the parsed value, or raises
CellProblem with the message for the error list.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from agreements.forms_reports import (
    FRACTION_RULE,
    HOURS_RULE,
    MONEY_RULE,
    VALUE_RULES,
    NumberRule,
)
from effects.models import IndicatorDefinition

ValueType = IndicatorDefinition.ValueType

YES = {"ja", "j", "yes", "waar", "true", "1"}
NO = {"nee", "n", "no", "onwaar", "false", "0"}


class CellProblem(Exception):
    """A cell that does not hold what its column asks for; the message says what is expected."""


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_decimal(text: str) -> Decimal:
    """A number as people type it: '12,5', '1.234,56', '€ 1 234,50', '12.5' or '1,234.5'."""
    cleaned = re.sub(r"[\s\u00a0€]", "", text)
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")  # 1.234.567: dots that group thousands
    elif re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", cleaned):
        # 1.234 is 1234 to a Dutch reader and 1.234 to Excel: refuse rather than guess.
        raise CellProblem(
            _("‘%(text)s’ is dubbelzinnig: schrijf duizendtallen zonder punt en decimalen met een komma.")
            % {"text": text.strip()}
        )
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise CellProblem(_("‘%(text)s’ is geen getal.") % {"text": text.strip()[:40]})
    return Decimal(cleaned)


def number(value, number_format: str) -> Decimal | None:
    """Any number in a cell: typed, calculated or written as text with a decimal comma."""
    if blank(value):
        return None
    if isinstance(value, bool):
        raise CellProblem(_("Vul een getal in, geen WAAR of ONWAAR."))
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise CellProblem(_("Dit is een datum of tijd; vul een getal in."))
    if isinstance(value, str):
        return parse_decimal(value)
    # Formulas leave binary noise (0.30000000000000004); nine places is far below what is stored.
    result = Decimal(repr(round(value, 9))) if isinstance(value, float) else Decimal(value)
    if "%" in (number_format or ""):
        result *= 100  # Excel holds 80 % as 0.8
    return result


def _kept(value: Decimal | None, rule: NumberRule) -> Decimal | None:
    """The number if it keeps the rule the entry form checks too; else the rule's problem."""
    if value is not None and (problem := rule.problem(value)):
        raise CellProblem(problem)
    return value


def hours(value, number_format: str) -> Decimal | None:
    return _kept(number(value, number_format), HOURS_RULE)


def money(value, number_format: str) -> Decimal | None:
    return _kept(number(value, number_format), MONEY_RULE)


def fraction_part(value, number_format: str) -> Decimal | None:
    """Teller or noemer of a percentage."""
    return _kept(number(value, number_format), FRACTION_RULE)


def yes_no(value, number_format: str = "") -> Decimal | None:
    """ja/nee as 1/0."""
    if blank(value):
        return None
    if isinstance(value, bool):
        return Decimal(int(value))
    text = str(int(value)) if isinstance(value, int | float) and value in (0, 1) else str(value)
    text = text.strip().lower()
    if text in YES:
        return Decimal(1)
    if text in NO:
        return Decimal(0)
    raise CellProblem(_("Vul ja of nee in."))


def typed_value(value, number_format: str, value_type: str) -> Decimal | None:
    """The Waarde cell of any type but tekst, checked by the same rule as the entry form."""
    if value_type == ValueType.YES_NO:
        return yes_no(value)
    parsed = _kept(number(value, number_format), VALUE_RULES[value_type])
    return Decimal(int(parsed)) if value_type == ValueType.COUNT and parsed is not None else parsed


def text(value) -> str:
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d-%m-%Y")
    return str(value).strip()


def key(value) -> int | None:
    """A key column's id; anything else (text, decimals, blank) is no key."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
