"""What the report builders share: hours and money as table cells with PM kept visible, the columns of
an effort table, the hourly rate shown per municipality, and a list of municipality names.

The amounts themselves come from agreements.costs / agreements.money (the one cost rule); this module
only adds them up with Amount and writes them into cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from agreements.costs import EffortRow
from agreements.models import Assignment
from agreements.money import ZERO, Amount, format_amount
from partners.models import Municipality
from reporting.formatting import number
from reporting.tables import HOURS, MONEY, Column


def pm_text(amount: Amount, known: str) -> str:
    """An amount as text with PM kept: 'PM' when nothing is known yet, else `known` (+ ' + PM' if partly)."""
    if amount.includes_pm and amount.known == ZERO:
        return "PM"
    return f"{known} + PM" if amount.includes_pm else known


def money_cell(amount: Amount):
    """A number when known; "PM", or "€ x + PM" when (partly) not yet known."""
    return format_amount(amount) if amount.includes_pm else amount.known


def hours_cell(amount: Amount):
    """A number when known; "PM", or "x + PM" when (partly) not yet known."""
    return pm_text(amount, number(amount.known)) if amount.includes_pm else amount.known


def rate_cell(assignment: Assignment, municipality: str):
    """The hourly rate of an assignment's hours in one municipality: the line's own, else the agreement's;
    "divers" when its lines differ, "PM" when none is known, empty when it plans no hours there."""
    rates = {
        line.hourly_rate if line.hourly_rate is not None else assignment.agreement.hourly_rate
        for line in assignment.hours_lines.all()
        if line.municipality.name == municipality and not (line.is_pm or line.hours is None)
    }
    if not rates:
        return None
    if len(rates) > 1:
        return _("divers")
    rate = rates.pop()
    return rate if rate is not None else "PM"


def effort_columns(*, with_rate: bool = True) -> list[Column]:
    """Directe uren, (uurtarief,) kosten uren, directe kosten, directe baten, totaal: see EffortSums.cells."""
    rate = [Column("rate", _("Uurtarief"), MONEY)] if with_rate else []
    return [
        Column("hours", _("Directe uren"), HOURS),
        *rate,
        Column("hour_cost", _("Kosten uren"), MONEY),
        Column("direct_costs", _("Directe kosten"), MONEY),
        Column("direct_revenue", _("Directe baten"), MONEY),
        Column("total", _("Totaal"), MONEY),
    ]


@dataclass
class EffortSums:
    """Hours and money of EffortRows added up with Amount, so PM carries through to every total."""

    hours: Amount = field(default_factory=Amount)
    hour_cost: Amount = field(default_factory=Amount)
    direct_costs: Amount = field(default_factory=Amount)
    direct_revenue: Amount = field(default_factory=Amount)
    total: Amount = field(default_factory=Amount)

    @classmethod
    def of(cls, row: EffortRow) -> EffortSums:
        sums = cls()
        sums.add(row)
        return sums

    def add(self, row: EffortRow) -> None:
        self.hours += row.hours
        self.hour_cost += row.hour_cost
        self.direct_costs += row.direct_costs
        self.direct_revenue += row.direct_revenue
        self.total += row.total

    def cells(self, rate=None, *, with_rate: bool = True) -> list:
        """The cells under effort_columns(with_rate=...), with `rate` in the rate column."""
        money = [money_cell(a) for a in (self.hour_cost, self.direct_costs, self.direct_revenue, self.total)]
        return [hours_cell(self.hours), *([rate] if with_rate else []), *money]


def municipality_names(municipalities: Iterable[Municipality]) -> str:
    """'Gemeente Assen, Gemeente Haren': the names in alphabetical order."""
    return ", ".join(sorted(municipality.name for municipality in municipalities))
