"""The plan of an agreement as plain data: stored when an amendment starts, and shown again later.

A snapshot keeps names (of municipalities, periods) as text, so an earlier version stays readable
even when those rows are renamed or removed afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from agreements.models import (
    Agreement,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
)
from agreements.money import format_euro

SNAPSHOT_FORMAT = 1
AGREEMENT_FIELDS = [
    "title",
    "kind",
    "start_year",
    "end_year",
    "document_date",
    "hourly_rate",
    "fte",
    "description",
]
ASSIGNMENT_FIELDS = [
    "code",
    "title",
    "role",
    "core_function",
    "description",
    "policy_principles",
    "task",
    "change_note",
    "preconditions",
    "municipal_remarks",
    "contractor_remarks",
]
HOURS_FIELDS = ["municipality", "category", "hours", "is_pm", "hourly_rate", "note"]
MONEY_FIELDS = ["municipality", "kind", "amount", "is_pm", "description"]
INDICATOR_FIELDS = [
    "name",
    "value_type",
    "unit",
    "direction",
    "aggregation",
    "source",
    "source_detail",
    "frequency",
    "group",
    "description",
    "baseline_value",
    "baseline_text",
    "baseline_date",
]
TARGET_FIELDS = ["year", "period", "value", "text", "change_reason"]
EURO_FIELDS = {"hourly_rate", "amount"}


def _values(obj: models.Model, names: list[str]) -> dict[str, Any]:
    values = {}
    for name in names:
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            related = getattr(obj, name)
            values[name] = str(related) if related is not None else None
        else:
            values[name] = getattr(obj, name)
    return values


def plan_snapshot(agreement: Agreement) -> dict[str, Any]:
    """The agreement and every assignment with its lists, hours, money, indicators and targets."""
    assignments = (
        Assignment.objects.filter(agreement=agreement)
        .order_by("sort_key", "position", "pk")
        .prefetch_related(
            "activities",
            "results",
            Prefetch("hours_lines", queryset=HoursLine.objects.select_related("municipality")),
            Prefetch("money_lines", queryset=MoneyLine.objects.select_related("municipality")),
            Prefetch(
                "indicators",
                queryset=PerformanceIndicator.objects.prefetch_related(
                    Prefetch("targets", queryset=PerformanceTarget.objects.select_related("period"))
                ),
            ),
        )
    )
    return {
        "format": SNAPSHOT_FORMAT,
        "version": agreement.version,
        "status": agreement.status,
        "agreement": _values(agreement, AGREEMENT_FIELDS),
        "sections": [{"title": s.title, "body": s.body} for s in agreement.sections.all()],
        "assignments": [
            {
                **_values(assignment, ASSIGNMENT_FIELDS),
                "display_title": assignment.display_title,
                "activities": [item.description for item in assignment.activities.all()],
                "results": [item.description for item in assignment.results.all()],
                "hours_lines": [_values(line, HOURS_FIELDS) for line in assignment.hours_lines.all()],
                "money_lines": [_values(line, MONEY_FIELDS) for line in assignment.money_lines.all()],
                "indicators": [
                    {
                        **_values(indicator, INDICATOR_FIELDS),
                        "targets": [_values(target, TARGET_FIELDS) for target in indicator.targets.all()],
                    }
                    for indicator in assignment.indicators.all()
                ],
            }
            for assignment in assignments
        ],
    }


# -- reading a snapshot back ------------------------------------------------------------------


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]


@dataclass
class ReadableIndicator:
    name: str
    fields: list[tuple[str, str]]
    targets: Table


@dataclass
class ReadableAssignment:
    heading: str
    fields: list[tuple[str, str]]
    activities: list[str]
    results: list[str]
    hours: Table
    money: Table
    indicators: list[ReadableIndicator] = field(default_factory=list)


@dataclass
class ReadablePlan:
    status: str
    fields: list[tuple[str, str]]
    sections: list[tuple[str, str]]
    assignments: list[ReadableAssignment]


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _text(model: type[models.Model], name: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(model_field, models.DecimalField):
        number = Decimal(str(value))
        return format_euro(number) if name in EURO_FIELDS else number_format(number, use_l10n=True)
    return str(value)


def _fields(model: type[models.Model], data: dict, names: list[str]) -> list[tuple[str, str]]:
    """(label, text) of the filled-in fields, in the order of names."""
    pairs = [(_label(model, name), _text(model, name, data.get(name))) for name in names]
    return [(label, text) for label, text in pairs if text]


def _table(model: type[models.Model], rows: list[dict], names: list[str], amount: str | None) -> Table:
    """A table of lines; a PM line shows PM instead of its number (and no separate PM column)."""
    shown = [name for name in names if name != "is_pm"]
    body = []
    for row in rows:
        cells = []
        for name in shown:
            if name == amount and row.get("is_pm"):
                cells.append("PM")
            else:
                cells.append(_text(model, name, row.get(name)))
        body.append(cells)
    return Table([_label(model, name) for name in shown], body)


def readable_plan(snapshot: dict) -> ReadablePlan:
    """A stored snapshot with Dutch labels and choice texts, ready for a template."""
    assignments = []
    for data in snapshot.get("assignments", []):
        heading = " ".join(part for part in (data.get("code"), data.get("display_title")) if part)
        assignments.append(
            ReadableAssignment(
                heading=heading or _("Opdracht"),
                fields=_fields(Assignment, data, ASSIGNMENT_FIELDS[2:]),
                activities=list(data.get("activities", [])),
                results=list(data.get("results", [])),
                hours=_table(HoursLine, data.get("hours_lines", []), HOURS_FIELDS, "hours"),
                money=_table(MoneyLine, data.get("money_lines", []), MONEY_FIELDS, "amount"),
                indicators=[
                    ReadableIndicator(
                        name=indicator.get("name", ""),
                        fields=_fields(PerformanceIndicator, indicator, INDICATOR_FIELDS[1:]),
                        targets=_table(PerformanceTarget, indicator.get("targets", []), TARGET_FIELDS, None),
                    )
                    for indicator in data.get("indicators", [])
                ],
            )
        )
    return ReadablePlan(
        status=_text(Agreement, "status", snapshot.get("status")),
        fields=_fields(Agreement, snapshot.get("agreement", {}), AGREEMENT_FIELDS),
        sections=[(s.get("title", ""), s.get("body", "")) for s in snapshot.get("sections", [])],
        assignments=assignments,
    )
