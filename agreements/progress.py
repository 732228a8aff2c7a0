"""How one period's value of a performance indicator compares with its target.

A target may be set for the period itself or for the year. Against a year target, a cumulative
indicator compares what was realised so far this year with the share of the year that has passed;
a stock or level compares its latest value with the target as it stands.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import PerformanceIndicator, PerformanceTarget, ReportingPeriod
from effects.models import IndicatorDefinition
from effects.progress import Progress, progress_status


def period_share(period: ReportingPeriod) -> Decimal:
    """The part of its year that has passed at the end of the period: 1/2 after the first half year."""
    if period.number and period.kind == ReportingPeriod.Kind.HALF_YEAR:
        return Decimal(period.number) / 2
    if period.number and period.kind == ReportingPeriod.Kind.QUARTER:
        return Decimal(period.number) / 4
    return Decimal(1)


@dataclass(frozen=True)
class Assessment:
    target: PerformanceTarget | None
    expected: Decimal | None  # what `compared` should reach by the end of this period
    earlier: Decimal  # realised in earlier periods of the year, counted in for cumulative indicators
    compared: Decimal | None
    status: Progress

    @property
    def needs_explanation(self) -> bool:
        """A toelichting is required where the value falls behind by more than the threshold."""
        return self.status == Progress.BEHIND

    @property
    def is_year_to_date(self) -> bool:
        return self.earlier != 0 or (self.target is not None and self.target.period_id is None)


def target_for(targets: Iterable[PerformanceTarget], period: ReportingPeriod) -> PerformanceTarget | None:
    """The period's own target if there is one, otherwise the target for the period's year."""
    year_target = None
    for target in targets:
        if target.period_id == period.pk:
            return target
        if target.period_id is None and target.year == period.year and year_target is None:
            year_target = target
    return year_target


def assess(
    indicator: PerformanceIndicator,
    period: ReportingPeriod,
    value: Decimal | None,
    *,
    targets: Iterable[PerformanceTarget],
    earlier_this_year: Decimal = Decimal(0),
    threshold_percent: Decimal,
) -> Assessment:
    """The status of a period's value against its target (see effects.progress.STATUS_RULE)."""
    target = target_for(targets, period)
    expected = target.value if target is not None else None
    compared = value
    earlier = Decimal(0)
    cumulative = indicator.aggregation == IndicatorDefinition.Aggregation.CUMULATIVE
    if target is not None and target.period_id is None and cumulative:
        earlier = earlier_this_year
        if expected is not None:
            expected = expected * period_share(period)
        if value is not None:
            compared = earlier + value
    status = progress_status(
        indicator.direction,
        compared,
        target=expected,
        baseline=indicator.baseline_value,
        threshold_percent=threshold_percent,
    )
    return Assessment(target=target, expected=expected, earlier=earlier, compared=compared, status=status)


class ReportState(models.TextChoices):
    """Where an expected report stands, as the organisation and the officer see it."""

    NOT_OPEN = "nog_niet_open", _("nog niet open")
    OPEN = "open", _("open")
    LATE = "te_laat", _("te laat")
    SUBMITTED = "ingediend", _("ingediend")
    RETURNED = "teruggestuurd", _("teruggestuurd")
    APPROVED = "goedgekeurd", _("goedgekeurd")
    MISSED = "niet_ingediend", _("niet ingediend (periode gesloten)")


def report_state(status: str | None, period: ReportingPeriod, today: datetime.date) -> ReportState:
    """The state of the report of one assignment for a period, from its status (None: not started)."""
    if status in (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.APPROVED):
        return ReportState(status)
    if period.is_closed:
        return ReportState.MISSED
    if not period.is_open_on(today):
        return ReportState.NOT_OPEN
    if period.is_past_deadline_on(today):
        return ReportState.LATE
    return ReportState.OPEN
