"""What one bulk-entry workbook shows: the organisation's expected assignments for a period, row by row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet

from agreements.models import (
    Assignment,
    HoursLine,
    PerformanceIndicator,
    PerformanceTarget,
    PeriodReport,
    Realisation,
    ReportingPeriod,
)
from agreements.progress import report_state, target_for
from agreements.selectors import cost_rows, expected_assignments, hours_rows
from agreements.services.reports import check_report_writable as check_may_write
from partners.models import Municipality, Organisation
from partners.permissions import access_for


@dataclass(frozen=True)
class IndicatorRow:
    assignment: Assignment
    indicator: PerformanceIndicator
    realisation: Realisation | None
    target: PerformanceTarget | None


@dataclass(frozen=True)
class HoursRow:
    assignment: Assignment
    municipality: Municipality
    category: str
    planned: Decimal | None
    planned_is_pm: bool
    realised: Decimal | None


@dataclass(frozen=True)
class CostRow:
    assignment: Assignment
    municipality: Municipality
    direct_costs: Decimal | None
    direct_revenue: Decimal | None


@dataclass
class BulkData:
    """Everything the workbook of one organisation and period shows, loaded in a fixed number of queries."""

    period: ReportingPeriod
    organisation: Organisation
    assignments: list[Assignment]
    realisations: dict[int, Realisation]  # by indicator id
    reports: dict[int, PeriodReport]  # by assignment id

    @property
    def file_key(self) -> str:
        return f"P{self.period.pk}-O{self.organisation.pk}"

    def status_label(self, assignment: Assignment, today: datetime.date) -> str:
        report = self.reports.get(assignment.pk)
        return str(report_state(report.status if report else None, self.period, today).label)

    def write_problem(self, assignment: Assignment, user, today: datetime.date) -> str | None:
        """Why this assignment's report cannot be changed now (submitted, approved, period closed), if so.

        Asks the service's own rule, so the file refuses exactly what save_report would refuse.
        """
        report = self.reports.get(assignment.pk) or PeriodReport(status=PeriodReport.Status.DRAFT)
        report.assignment, report.period = assignment, self.period  # already loaded: no extra queries
        try:
            check_may_write(user, report, today)
        except ValidationError as error:
            return " ".join(error.messages)
        except PermissionDenied as error:
            return str(error)
        return None

    def indicator_rows(self) -> list[IndicatorRow]:
        return [
            IndicatorRow(
                assignment,
                indicator,
                self.realisations.get(indicator.pk),
                target_for(indicator.targets.all(), self.period),
            )
            for assignment in self.assignments
            for indicator in assignment.indicators.all()
        ]

    def hours_rows(self) -> list[HoursRow]:
        """Per assignment, the entry form's hours rows (per planned municipality and category), so the file
        offers exactly the rows the form shows."""
        rows = []
        for assignment in self.assignments:
            report = self.reports.get(assignment.pk)
            realised = (
                {(h.municipality_id, h.category): h.hours for h in report.hours.all()} if report else {}
            )
            rows += [
                HoursRow(
                    assignment, row.municipality, row.category, row.planned, row.planned_is_pm, row.realised
                )
                for row in hours_rows(assignment, realised)
            ]
        return rows

    def cost_rows(self) -> list[CostRow]:
        """Per assignment, the entry form's cost rows: one per municipality of the agreement."""
        rows = []
        for assignment in self.assignments:
            report = self.reports.get(assignment.pk)
            realised = {c.municipality_id: c for c in report.costs.all()} if report else {}
            rows += [
                CostRow(assignment, row.municipality, row.realised_costs, row.realised_revenue)
                for row in cost_rows(assignment, realised)
            ]
        return rows


def entry_organisations(user) -> QuerySet[Organisation]:
    """The organisations for which the user enters realised values (their own, as organisation user)."""
    return Organisation.objects.filter(pk__in=access_for(user).organisation_ids).order_by("name", "pk")


def load_bulk_data(*, period: ReportingPeriod, organisation: Organisation) -> BulkData:
    """The organisation's expected assignments for the period with targets, values, hours and costs."""
    assignments = list(
        expected_assignments(period)
        .filter(agreement__organisation=organisation)
        .select_related("agreement", "effect", "smart_goal")
        .prefetch_related(
            "agreement__municipalities",
            Prefetch("indicators", queryset=PerformanceIndicator.objects.prefetch_related("targets")),
            Prefetch("hours_lines", queryset=HoursLine.objects.select_related("municipality")),
            "money_lines",
        )
        .order_by("sort_key", "position", "pk")
    )
    ids = [assignment.pk for assignment in assignments]
    realisations = Realisation.objects.filter(
        indicator__assignment__in=ids, period=period, municipality__isnull=True
    )
    reports = PeriodReport.objects.filter(assignment__in=ids, period=period)
    return BulkData(
        period=period,
        organisation=organisation,
        assignments=assignments,
        realisations={r.indicator_id: r for r in realisations},
        reports={r.assignment_id: r for r in reports.prefetch_related("hours", "costs")},
    )
