"""Hours and money of an assignment per municipality, from its (prefetched) lines."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from agreements.models import Assignment
from agreements.money import ZERO, Amount, hour_cost


@dataclass(frozen=True)
class EffortRow:
    """One municipality's share of an assignment: hours, hour cost, direct costs and revenues, total."""

    municipality: str
    hours: Amount
    hour_cost: Amount
    direct_costs: Amount
    direct_revenue: Amount
    notes: tuple[str, ...]

    @property
    def total(self) -> Amount:
        # kosten totaal = directe uren x uurtarief + directe kosten - directe baten
        return self.hour_cost + self.direct_costs - self.direct_revenue


def effort_by_municipality(assignment: Assignment) -> list[EffortRow]:
    """Rows per municipality, using the agreement's hourly rate unless a line has its own."""
    rate = assignment.agreement.hourly_rate
    parts: dict[str, dict] = defaultdict(
        lambda: {"hours": Amount(), "cost": Amount(), "costs": Amount(), "revenue": Amount(), "notes": []}
    )
    for line in assignment.hours_lines.all():
        part = parts[line.municipality.name]
        if line.is_pm or line.hours is None:
            part["hours"] += Amount.pm()
            part["cost"] += Amount.pm()
        else:
            part["hours"] += Amount(line.hours)
            line_rate = line.hourly_rate if line.hourly_rate is not None else rate
            part["cost"] += (
                Amount(hour_cost(hours=line.hours, hourly_rate=line_rate))
                if line_rate is not None
                else Amount.pm()
            )
        if line.note:
            part["notes"].append(line.note)
    for line in assignment.money_lines.all():
        part = parts[line.municipality.name]
        amount = Amount.pm() if line.is_pm or line.amount is None else Amount(line.amount)
        part["costs" if line.kind == line.Kind.COST else "revenue"] += amount
    return [
        EffortRow(name, p["hours"], p["cost"], p["costs"], p["revenue"], tuple(p["notes"]))
        for name, p in sorted(parts.items())
    ]


def total_hours(rows: list[EffortRow]) -> Amount:
    total = Amount(ZERO)
    for row in rows:
        total += row.hours
    return total
