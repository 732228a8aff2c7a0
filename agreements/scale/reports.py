"""Half-year periods, the reports of every assignment in every period, and their realised values.

Reports in closed periods are approved; in the open period they are in every state, and the values of a
report carry its status and its submitter and reviewer.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from agreements.models import (
    Assignment,
    PerformanceIndicator,
    PeriodReport,
    Realisation,
    RealisedCost,
    RealisedHours,
    ReportEvent,
    ReportingPeriod,
)
from agreements.scale.generation import Generation
from agreements.scale.sizes import ValueType
from agreements.scale.writing import BATCH, bulk, leaves
from effects.models import PolicyFramework, percentage_of
from partners.models import Municipality, User

# The states of the assignments' reports in the open period, round the assignments: half concept, the rest
# submitted or sent back.
OPEN_STATUSES = [
    PeriodReport.Status.DRAFT,
    PeriodReport.Status.SUBMITTED,
    PeriodReport.Status.DRAFT,
    PeriodReport.Status.SUBMITTED,
    PeriodReport.Status.DRAFT,
    PeriodReport.Status.DRAFT,
    PeriodReport.Status.SUBMITTED,
    PeriodReport.Status.DRAFT,
    PeriodReport.Status.SUBMITTED,
    PeriodReport.Status.RETURNED,
]
VALUE_STATUS = {
    PeriodReport.Status.DRAFT: Realisation.Status.DRAFT,
    PeriodReport.Status.SUBMITTED: Realisation.Status.SUBMITTED,
    PeriodReport.Status.RETURNED: Realisation.Status.RETURNED,
    PeriodReport.Status.APPROVED: Realisation.Status.APPROVED,
}


def periods(generation: Generation, framework: PolicyFramework) -> list[ReportingPeriod]:
    """Half years of the framework; all closed except the last, which is open now."""
    halves = [(year, half) for year in generation.years for half in (1, 2)]
    made = []
    for position, (year, half) in enumerate(halves):
        last = position == len(halves) - 1
        end_month = 6 if half == 1 else 12
        made.append(
            ReportingPeriod(
                framework=framework,
                slug=f"{year}-h{half}",
                name=f"{year} – {'eerste' if half == 1 else 'tweede'} halfjaar",
                kind=ReportingPeriod.Kind.HALF_YEAR,
                year=year,
                number=half,
                opens_on=generation.today - datetime.timedelta(days=14)
                if last
                else datetime.date(year, end_month, 15),
                deadline=generation.today + datetime.timedelta(days=30)
                if last
                else datetime.date(year + (half == 2), 2 if half == 2 else 8, 1),
                is_closed=not last,
            )
        )
    return generation.made("periods", bulk(ReportingPeriod, made))


def period_reports(
    generation: Generation,
    municipality: Municipality,
    periods: list[ReportingPeriod],
    assignments: list[Assignment],
    indicators: list[PerformanceIndicator],
    officer: User,
    submitters: dict[int, User],
) -> None:
    """A report per assignment and period, with its hours, costs and steps, and a value per indicator.

    The officer reviews; the submitter is the user of the assignment's organisation (submitters, by
    organisation id).
    """
    rnd = generation.random
    agreement_org = {a.pk: a.agreement.organisation_id for a in assignments}
    reports = []
    for period in periods:
        for position, assignment in enumerate(assignments):
            status = PeriodReport.Status.APPROVED if period.is_closed else OPEN_STATUSES[position % 10]
            submitted = status != PeriodReport.Status.DRAFT
            reviewed = status in (PeriodReport.Status.APPROVED, PeriodReport.Status.RETURNED)
            submitted_on = (
                (period.deadline - datetime.timedelta(days=5))
                if period.is_closed
                else (generation.today - datetime.timedelta(days=position % 10))
            )
            reports.append(
                PeriodReport(
                    assignment=assignment,
                    period=period,
                    status=status,
                    submitted_by=submitters[agreement_org[assignment.pk]] if submitted else None,
                    submitted_at=generation.at(submitted_on) if submitted else None,
                    reviewed_by=officer if reviewed else None,
                    reviewed_at=generation.at(submitted_on, 15) if reviewed else None,
                    version=2 if reviewed else 1,
                )
            )
    reports = generation.made("period_reports", bulk(PeriodReport, reports))
    hours, costs, events = [], [], []
    for report in reports:
        hours.append(
            RealisedHours(report=report, municipality=municipality, hours=Decimal(rnd.randint(10, 800)))
        )
        costs.append(
            RealisedCost(
                report=report,
                municipality=municipality,
                direct_costs=Decimal(rnd.randint(0, 100) * 50),
                direct_revenue=Decimal(rnd.randint(0, 10) * 50),
            )
        )
        if report.submitted_at:
            events.append(
                ReportEvent(
                    report=report,
                    kind=ReportEvent.Kind.SUBMITTED,
                    by=report.submitted_by,
                    at=report.submitted_at,
                )
            )
        if report.reviewed_at:
            approved = report.status == PeriodReport.Status.APPROVED
            events.append(
                ReportEvent(
                    report=report,
                    kind=ReportEvent.Kind.APPROVED if approved else ReportEvent.Kind.RETURNED,
                    by=report.reviewed_by,
                    at=report.reviewed_at,
                    comment="" if approved else "Graag de toelichting aanvullen.",
                )
            )
    generation.made("realised_hours", leaves(RealisedHours, hours))
    generation.made("realised_costs", leaves(RealisedCost, costs))
    generation.made("report_events", leaves(ReportEvent, events))
    by_report = {(r.assignment_id, r.period_id): r for r in reports}
    realisations = []
    for period in periods:
        for indicator in indicators:
            report = by_report[(indicator.assignment_id, period.pk)]
            realisations.append(realisation(generation, indicator, period, report))
            # Written in chunks, so that the largest size never holds all its realisations at once.
            if len(realisations) >= 20 * BATCH:
                generation.made("realisations", leaves(Realisation, realisations))
                realisations = []
    generation.made("realisations", leaves(Realisation, realisations))


def realisation(
    generation: Generation, indicator: PerformanceIndicator, period: ReportingPeriod, report: PeriodReport
) -> Realisation:
    """A value of the indicator's type (half the percentages as a fraction), in the state of its report."""
    rnd, value_type = generation.random, indicator.value_type
    value, numerator, denominator, text = None, None, None, ""
    if value_type == ValueType.TEXT:
        text = "Geen bijzonderheden." if rnd.random() < 0.7 else "Wachtlijst loopt op."
    elif value_type == ValueType.PERCENTAGE and rnd.random() < 0.5:
        denominator = Decimal(rnd.randint(20, 400))
        numerator = (denominator * generation.level(value_type) / 100).quantize(Decimal(1))
        value = percentage_of(numerator, denominator)  # as the app stores it (rounding half up)
    else:
        value = generation.level(value_type)
        if value_type == ValueType.COUNT:
            value = value.quantize(Decimal(1))
    status = VALUE_STATUS[report.status]
    reviewed = status in (Realisation.Status.APPROVED, Realisation.Status.RETURNED)
    return Realisation(
        indicator=indicator,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        text=text,
        explanation="Toelichting van de organisatie.",
        status=status,
        submitted_by=report.submitted_by,
        submitted_at=report.submitted_at,
        reviewed_by=report.reviewed_by if reviewed else None,
        reviewed_at=report.reviewed_at if reviewed else None,
    )
