"""The money rules of an assignment: hour cost and total cost, to the cent, with PM kept visible."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")


def hour_cost(*, hours: Decimal, hourly_rate: Decimal) -> Decimal:
    """Direct hours times the hourly rate, rounded half up to the cent."""
    return (hours * hourly_rate).quantize(CENT, rounding=ROUND_HALF_UP)


def assignment_cost(
    *, hours: Decimal, hourly_rate: Decimal, direct_costs: Decimal, direct_revenue: Decimal
) -> Decimal:
    """kosten totaal = directe uren x uurtarief + directe kosten - directe baten."""
    return hour_cost(hours=hours, hourly_rate=hourly_rate) + direct_costs - direct_revenue


@dataclass(frozen=True)
class Amount:
    """A sum that may include PM (pro memorie) parts: known amount plus 'not yet known'."""

    known: Decimal = ZERO
    includes_pm: bool = False

    @classmethod
    def pm(cls) -> Amount:
        return cls(ZERO, True)

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.known + other.known, self.includes_pm or other.includes_pm)

    def __sub__(self, other: Amount) -> Amount:
        return Amount(self.known - other.known, self.includes_pm or other.includes_pm)

    def __str__(self) -> str:
        return format_amount(self)


def format_euro(value: Decimal) -> str:
    """Dutch notation: 11615.5 -> '€ 11.615,50'."""
    sign = "-" if value < 0 else ""
    text = f"{abs(value).quantize(CENT):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{sign}€ {text}"


def format_amount(amount: Amount) -> str:
    """A known amount prints as euros, a pure PM as 'PM', a mixed one as '€ 1.000,00 + PM'."""
    if amount.includes_pm and amount.known == ZERO:
        return "PM"
    text = format_euro(amount.known)
    return f"{text} + PM" if amount.includes_pm else text
