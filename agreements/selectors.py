"""Reads of agreements and assignments (and the pages that show the whole chain), scoped to the user."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from agreements.models import (
    Agreement,
    AgreementAmendment,
    AgreementTransition,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PeriodReport,
    Realisation,
    ReportAttachment,
    ReportEvent,
    ReportingPeriod,
)
from agreements.progress import Assessment, ReportState, assess, report_state
from effects.models import (
    HAS_VALUE,
    EffectIndicator,
    EffectPartner,
    PolicyFramework,
    SmartGoal,
    SocietalEffect,
)
from effects.selectors import effects_for, frameworks_for, smart_goals_for
from partners.links import pk_url
from partners.models import Municipality
from partners.permissions import access_for


def agreements_for(user) -> QuerySet[Agreement]:
    """Agreements of the user's municipalities, or of the user's own organisation."""
    access = access_for(user)
    if access.is_superuser:
        return Agreement.objects.all()
    visible = Q(municipalities__in=access.reader_municipality_ids) | Q(
        organisation__in=access.organisation_ids
    )
    return Agreement.objects.filter(pk__in=Agreement.objects.filter(visible).values("pk"))


def assignments_for(user) -> QuerySet[Assignment]:
    return Assignment.objects.filter(agreement__in=agreements_for(user))


def performance_indicators_for(user) -> QuerySet[PerformanceIndicator]:
    """Performance indicators of the assignments the user may see."""
    return PerformanceIndicator.objects.filter(assignment__in=assignments_for(user))


def amendments_for(user) -> QuerySet[AgreementAmendment]:
    """Amendments (with the earlier version of the plan) of the agreements the user may see."""
    return AgreementAmendment.objects.filter(agreement__in=agreements_for(user))


def _assignments_with_chain() -> QuerySet[Assignment]:
    return Assignment.objects.select_related("agreement__organisation").order_by("position", "pk")


@dataclass(frozen=True)
class ChainLink:
    """One assignment as the framework overview names it: who, in what role, and where it links to."""

    pk: int
    role: str
    organisation: str
    url: str


def framework_overview(user, pk: int) -> PolicyFramework:
    """A framework with its whole chain, in a fixed number of queries whatever its size.

    The overview names every assignment by organisation and role only, so the assignments are read once as
    plain rows (no model instances) and hung on their effect and SMART goal as ``links``.
    """
    goals = SmartGoal.objects.only("pk", "title", "investment_line", "position").order_by("position", "pk")
    effects = (
        SocietalEffect.objects.select_related("theme")
        .only("pk", "framework_id", "code", "title", "priority", "sort_key", "theme__name")
        .prefetch_related(Prefetch("smart_goals", queryset=goals))
        .annotate(indicator_count=Count("indicators"))
        .order_by("sort_key")
    )
    framework = (
        frameworks_for(user)
        .prefetch_related(
            "municipalities",
            Prefetch("effects", queryset=effects),
            Prefetch("smart_goals", queryset=goals.filter(effects=None), to_attr="goals_without_effect"),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.only("pk", "framework_id", "title", "status").annotate(
                    assignment_count=Count("assignments")
                ),
            ),
        )
        .get(pk=pk)
    )
    by_effect: dict[int, list[ChainLink]] = {}
    by_goal: dict[int, list[ChainLink]] = {}
    rows = (
        Assignment.objects.filter(agreement__framework=framework)
        .order_by("position", "pk")
        .values_list("pk", "role", "agreement__organisation__name", "effect_id", "smart_goal_id")
    )
    for assignment_pk, role, organisation, effect_pk, goal_pk in rows:
        url = pk_url("agreements:assignment-detail", assignment_pk)
        link = ChainLink(assignment_pk, role, organisation, url)
        if effect_pk is not None:
            by_effect.setdefault(effect_pk, []).append(link)
        if goal_pk is not None:
            by_goal.setdefault(goal_pk, []).append(link)
    for effect in framework.effects.all():
        effect.links = by_effect.get(effect.pk, [])
        for goal in effect.smart_goals.all():
            goal.links = by_goal.get(goal.pk, [])
    framework.links = [link for links in by_effect.values() for link in links] + [
        link for links in by_goal.values() for link in links
    ]
    return framework


def _assignment_details() -> QuerySet[Assignment]:
    return _assignments_with_chain().prefetch_related(
        "activities",
        "results",
        "indicators__targets",
        Prefetch("hours_lines", queryset=HoursLine.objects.select_related("municipality")),
        Prefetch("money_lines", queryset=MoneyLine.objects.select_related("municipality")),
    )


def effects_with_assignments(user, *, indicator_targets: bool = False) -> QuerySet[SocietalEffect]:
    """Effects with header, partners, indicators and every assignment block (opdrachtformulier) prefetched:
    a fixed number of queries for any number of effects. The effect indicators come with their targets only
    when asked (the opdrachtformulier prints them; the effect page shows names)."""
    indicators = EffectIndicator.objects.all()
    if indicator_targets:
        indicators = indicators.prefetch_related("targets")
    return (
        effects_for(user)
        .select_related("framework", "theme")
        .prefetch_related(
            "target_groups",
            Prefetch("partners", queryset=EffectPartner.objects.select_related("organisation")),
            Prefetch("indicators", queryset=indicators),
            "related_effects",
            Prefetch("assignments", queryset=_assignment_details()),
        )
    )


def effect_detail(user, pk: int) -> SocietalEffect:
    """An effect with header, partners, indicators, SMART goals and every assignment block."""
    return (
        effects_with_assignments(user).prefetch_related("smart_goals", "framework__municipalities").get(pk=pk)
    )


def smart_goal_detail(user, pk: int) -> SmartGoal:
    return (
        smart_goals_for(user)
        .select_related("framework")
        .prefetch_related(
            "effects",
            "framework__municipalities",
            Prefetch("indicators", queryset=EffectIndicator.objects.prefetch_related("targets", "values")),
            Prefetch("assignments", queryset=_assignment_details()),
        )
        .get(pk=pk)
    )


def agreement_list(user, municipality=None) -> QuerySet[Agreement]:
    agreements = agreements_for(user).select_related("organisation", "framework")
    if municipality is not None and access_for(user).is_municipal:
        agreements = agreements.filter(municipalities=municipality)
    return agreements.prefetch_related("municipalities").annotate(assignment_count=Count("assignments"))


def agreement_detail(user, pk: int) -> Agreement:
    return (
        agreements_for(user)
        .select_related("organisation", "framework")
        .prefetch_related(
            "municipalities",
            "sections",
            "budget_lines",
            "subsidy_lines__municipality",
            "subsidy_lines__amounts",
            Prefetch("transitions", queryset=AgreementTransition.objects.select_related("by")),
            Prefetch(
                "amendments",
                queryset=AgreementAmendment.objects.select_related("created_by").defer("snapshot"),
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("effect", "smart_goal").order_by(
                    "sort_key", "position"
                ),
            ),
        )
        .get(pk=pk)
    )


def assignment_list(user, municipality=None) -> QuerySet[Assignment]:
    assignments = assignments_for(user).select_related(
        "agreement__organisation", "agreement__framework", "effect", "smart_goal"
    )
    if municipality is not None and access_for(user).is_municipal:
        assignments = assignments.filter(agreement__municipalities=municipality)
    return assignments.annotate(indicator_count=Count("indicators", distinct=True))


def assignment_detail(user, pk: int) -> Assignment:
    return (
        assignments_for(user)
        .select_related("agreement__organisation", "agreement__framework", "effect__framework", "smart_goal")
        .prefetch_related(
            "activities",
            "results",
            "agreement__municipalities",
            Prefetch("indicators", queryset=PerformanceIndicator.objects.prefetch_related("targets__period")),
            Prefetch("hours_lines", queryset=HoursLine.objects.select_related("municipality")),
            Prefetch("money_lines", queryset=MoneyLine.objects.select_related("municipality")),
        )
        .get(pk=pk)
    )


def search_assignments(user, text: str) -> QuerySet[Assignment]:
    return (
        assignments_for(user)
        .filter(
            Q(title__icontains=text)
            | Q(task__icontains=text)
            | Q(code__iexact=text)
            | Q(agreement__organisation__name__icontains=text)
            | Q(activities__description__icontains=text)
        )
        .select_related("agreement__organisation", "effect", "smart_goal")
        .distinct()
    )


def period_reports_for(user) -> QuerySet[PeriodReport]:
    """Reports of the assignments the user may see (own organisation, or own municipalities)."""
    return PeriodReport.objects.filter(assignment__in=assignments_for(user))


def attachments_for(user) -> QuerySet[ReportAttachment]:
    """Attachments of the reports the user may see: another organisation's attachment is not there."""
    return ReportAttachment.objects.filter(report__in=period_reports_for(user))


def periods_for(user) -> QuerySet[ReportingPeriod]:
    """Reporting periods of the frameworks the user works in, or that the user's agreements fall under."""
    visible = Q(framework__in=frameworks_for(user)) | Q(framework__agreements__in=agreements_for(user))
    return ReportingPeriod.objects.filter(pk__in=ReportingPeriod.objects.filter(visible).values("pk"))


def expected_assignments(period: ReportingPeriod) -> QuerySet[Assignment]:
    """The assignments that owe a report for the period: those of its agreement, or of every agreement
    of its framework that runs in the period's year."""
    assignments = Assignment.objects.filter(agreement__framework=period.framework_id)
    if period.agreement_id:
        assignments = assignments.filter(agreement=period.agreement_id)
    return assignments.filter(
        Q(agreement__start_year__isnull=True) | Q(agreement__start_year__lte=period.year),
        Q(agreement__end_year__isnull=True) | Q(agreement__end_year__gte=period.year),
    )


def filled_counts(assignment_ids, period_ids) -> dict[tuple[int, int], int]:
    """How many indicators have a value, per (assignment id, period id): counted in the database."""
    rows = (
        Realisation.objects.filter(
            indicator__assignment__in=list(assignment_ids),
            period__in=list(period_ids),
            municipality__isnull=True,
        )
        .filter(HAS_VALUE)
        .values("indicator__assignment", "period")
        .annotate(filled=Count("pk"))
    )
    return {(row["indicator__assignment"], row["period"]): row["filled"] for row in rows}


def earlier_values_this_year(assignment_id: int, period: ReportingPeriod) -> dict[int, Decimal]:
    """Per indicator, the sum realised in earlier periods of the same year (for cumulative targets)."""
    rows = (
        Realisation.objects.filter(
            indicator__assignment=assignment_id,
            period__framework=period.framework_id,
            period__year=period.year,
            period__kind=period.kind,
            period__number__lt=period.number or 0,
            municipality__isnull=True,
        )
        .values("indicator")
        .annotate(total=Sum("value"))
    )
    return {row["indicator"]: row["total"] or Decimal(0) for row in rows}


@dataclass
class SheetRow:
    """One indicator on the entry form: its current value, how it compares, and earlier periods."""

    indicator: PerformanceIndicator
    realisation: Realisation | None
    assessment: Assessment
    previous: list[Realisation | None]


@dataclass
class HoursRow:
    municipality: Municipality
    category: str
    planned: Decimal | None
    planned_is_pm: bool
    realised: Decimal | None


@dataclass
class CostRow:
    municipality: Municipality
    planned_costs: Decimal
    planned_revenue: Decimal
    realised_costs: Decimal | None
    realised_revenue: Decimal | None


@dataclass
class ReportSheet:
    """Everything the report page shows for one assignment and period, loaded in a fixed number of queries."""

    assignment: Assignment
    period: ReportingPeriod
    report: PeriodReport | None
    rows: list[SheetRow]
    hours: list[HoursRow]
    costs: list[CostRow]
    previous_periods: list[ReportingPeriod]
    events: list[ReportEvent]
    attachments: list[ReportAttachment]
    state: ReportState
    threshold: Decimal

    @property
    def filled(self) -> int:
        return sum(1 for row in self.rows if row.realisation and row.realisation.has_value)

    @property
    def status(self) -> str | None:
        return self.report.status if self.report else None


def _period_order(period: ReportingPeriod) -> tuple[int, int]:
    return (period.year, period.number or 0)


def report_periods_for(user, agreement: Agreement) -> QuerySet[ReportingPeriod]:
    """The periods an agreement's assignments report over: its framework's, or its own."""
    return periods_for(user).filter(
        Q(agreement__isnull=True) | Q(agreement=agreement.pk), framework=agreement.framework_id
    )


def report_sheet(user, assignment_pk: int, period_pk: int, today: datetime.date) -> ReportSheet:
    """The report of one assignment for one period as the user may see it; DoesNotExist when they may not."""
    assignment = (
        assignments_for(user)
        .select_related("agreement__organisation", "agreement__framework", "effect", "smart_goal")
        .prefetch_related(
            "agreement__municipalities",
            Prefetch("indicators", queryset=PerformanceIndicator.objects.prefetch_related("targets")),
            Prefetch("hours_lines", queryset=HoursLine.objects.select_related("municipality")),
            "money_lines",
        )
        .get(pk=assignment_pk)
    )
    agreement = assignment.agreement
    period = report_periods_for(user, agreement).select_related("framework").get(pk=period_pk)
    report = (
        PeriodReport.objects.select_related("submitted_by", "reviewed_by")
        .filter(assignment=assignment, period=period)
        .first()
    )
    framework_periods = sorted(
        ReportingPeriod.objects.filter(framework=period.framework_id), key=_period_order
    )
    previous_periods = [p for p in framework_periods if _period_order(p) < _period_order(period)][-2:]
    indicators = list(assignment.indicators.all())
    values = {
        (r.indicator_id, r.period_id): r
        for r in Realisation.objects.filter(
            indicator__in=indicators,
            period__in=[period, *previous_periods],
            municipality__isnull=True,
        )
    }
    earlier = earlier_values_this_year(assignment.pk, period)
    rows = []
    for indicator in indicators:
        realisation = values.get((indicator.pk, period.pk))
        rows.append(
            SheetRow(
                indicator=indicator,
                realisation=realisation,
                assessment=assess(
                    indicator,
                    period,
                    realisation.value if realisation else None,
                    targets=indicator.targets.all(),
                    earlier_this_year=earlier.get(indicator.pk, Decimal(0)),
                    threshold_percent=period.framework.deviation_threshold,
                ),
                previous=[values.get((indicator.pk, p.pk)) for p in previous_periods],
            )
        )
    realised_hours, realised_costs, events, attachments = {}, {}, [], []
    if report is not None:
        realised_hours = {(h.municipality_id, h.category): h.hours for h in report.hours.all()}
        realised_costs = {c.municipality_id: c for c in report.costs.all()}
        events = list(report.events.select_related("by"))
        attachments = list(report.attachments.select_related("uploaded_by"))
    return ReportSheet(
        assignment=assignment,
        period=period,
        report=report,
        rows=rows,
        hours=hours_rows(assignment, realised_hours),
        costs=cost_rows(assignment, realised_costs),
        previous_periods=previous_periods,
        events=events,
        attachments=attachments,
        state=report_state(report.status if report else None, period, today),
        threshold=period.framework.deviation_threshold,
    )


def hours_rows(assignment: Assignment, realised: dict) -> list[HoursRow]:
    """A row per planned (municipality, category); municipalities without a plan get one plain row."""
    rows: dict[tuple[int, str], HoursRow] = {}
    for line in assignment.hours_lines.all():
        key = (line.municipality_id, line.category)
        row = rows.get(key)
        if row is None:
            row = rows[key] = HoursRow(line.municipality, line.category, None, False, realised.get(key))
        if line.is_pm:
            row.planned_is_pm = True
        elif line.hours is not None:
            row.planned = (row.planned or Decimal(0)) + line.hours
    for municipality in assignment.agreement.municipalities.all():
        if not any(key[0] == municipality.pk for key in rows):
            rows[(municipality.pk, "")] = HoursRow(
                municipality, "", None, False, realised.get((municipality.pk, ""))
            )
    return sorted(rows.values(), key=lambda row: (row.municipality.name, row.category))


def cost_rows(assignment: Assignment, realised: dict) -> list[CostRow]:
    """A row per municipality of the agreement: planned direct costs and revenues, and what was realised."""
    planned: dict[int, list[Decimal]] = {}
    for line in assignment.money_lines.all():
        sums = planned.setdefault(line.municipality_id, [Decimal(0), Decimal(0)])
        if line.amount is not None:
            sums[0 if line.kind == MoneyLine.Kind.COST else 1] += line.amount
    rows = []
    for municipality in sorted(assignment.agreement.municipalities.all(), key=lambda m: m.name):
        costs, revenue = planned.get(municipality.pk, [Decimal(0), Decimal(0)])
        current = realised.get(municipality.pk)
        rows.append(
            CostRow(
                municipality,
                costs,
                revenue,
                current.direct_costs if current else None,
                current.direct_revenue if current else None,
            )
        )
    return rows


def _indicator_count() -> Coalesce:
    """An assignment's number of performance indicators, as a subquery: no GROUP BY over the wide rows."""
    per_assignment = (
        PerformanceIndicator.objects.filter(assignment=OuterRef("pk"))
        .order_by()
        .values("assignment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_assignment), 0)


def owes_report(agreement: Agreement, period: ReportingPeriod) -> bool:
    """The rule of expected_assignments for one agreement already in memory (the two are tested to agree)."""
    if agreement.framework_id != period.framework_id:
        return False
    if period.agreement_id and period.agreement_id != agreement.pk:
        return False
    starts_in_time = agreement.start_year is None or agreement.start_year <= period.year
    return starts_in_time and (agreement.end_year is None or agreement.end_year >= period.year)


@dataclass
class HomeRow:
    """One expected report on the organisation's home page."""

    assignment: Assignment
    period: ReportingPeriod
    report: PeriodReport | None
    state: ReportState
    filled: int
    url: str

    @property
    def total(self) -> int:
        return self.assignment.indicator_count

    @property
    def progress(self) -> str:
        return _("%(filled)s van %(total)s") % {"filled": self.filled, "total": self.total}


@dataclass
class OrganisationHome:
    assignments: list[Assignment]
    open_reports: list[HomeRow]
    returned: list[HomeRow]


def organisation_home(user, today: datetime.date) -> OrganisationHome:
    """The user's organisation(s): assignments, reports due in open periods, and reports sent back."""
    access = access_for(user)
    assignments = list(
        assignments_for(user)
        .filter(agreement__organisation__in=access.organisation_ids)
        .select_related("agreement__organisation", "effect", "smart_goal")
        # The page shows titles and names only: the plan's long texts stay in the database.
        .only(
            *("pk", "agreement", "effect", "smart_goal", "title", "sort_key", "position"),
            *("agreement__title", "agreement__framework", "agreement__start_year", "agreement__end_year"),
            *("agreement__organisation__name", "effect__code", "effect__title", "smart_goal__title"),
        )
        .prefetch_related("agreement__municipalities")
        .annotate(indicator_count=_indicator_count())
        .order_by(
            "agreement__framework__start_year",
            "agreement__framework",
            "effect__sort_key",
            "sort_key",
            "position",
            "pk",
        )
    )
    framework_ids = {assignment.agreement.framework_id for assignment in assignments}
    periods = [
        period
        for period in ReportingPeriod.objects.filter(
            framework__in=framework_ids, is_closed=False
        ).select_related("framework")
        if period.is_open_on(today)
    ]
    # The open periods' reports (a few columns; their periods are the ones above), and the returned ones
    # of any period, with their period and reviewer.
    reports = PeriodReport.objects.filter(assignment__in=assignments)
    open_reports = reports.filter(period__in=periods).exclude(status=PeriodReport.Status.RETURNED)
    reports = {
        (r.assignment_id, r.period_id): r
        for r in (
            *open_reports.only("assignment", "period", "status", "is_late"),
            *reports.filter(status=PeriodReport.Status.RETURNED).select_related(
                "period__framework", "reviewed_by"
            ),
        )
    }
    by_id = {assignment.pk: assignment for assignment in assignments}
    returned_periods = {r.period for r in reports.values() if r.status == PeriodReport.Status.RETURNED}
    counts = filled_counts(by_id, [p.pk for p in {*periods, *returned_periods}])
    # Once per assignment, not per row of every open period: the names of its municipalities.
    for assignment in assignments:
        assignment.municipality_names = ", ".join(m.name for m in assignment.agreement.municipalities.all())

    def row(assignment: Assignment, period: ReportingPeriod) -> HomeRow:
        report = reports.get((assignment.pk, period.pk))
        status = report.status if report else None
        return HomeRow(
            assignment,
            period,
            report,
            report_state(status, period, today),
            counts.get((assignment.pk, period.pk), 0),
            pk_url("agreements:report-entry", assignment.pk, period.pk),
        )

    open_reports = [
        row(assignment, period)
        for period in sorted(periods, key=lambda p: (p.deadline or datetime.date.max, p.pk))
        for assignment in assignments
        if owes_report(assignment.agreement, period)
    ]
    returned = [
        row(by_id[r.assignment_id], r.period)
        for r in reports.values()
        if r.status == PeriodReport.Status.RETURNED
    ]
    return OrganisationHome(assignments=assignments, open_reports=open_reports, returned=returned)


def review_queue(user, municipality=None) -> QuerySet[PeriodReport]:
    """Submitted reports this officer may review (of the active municipality when one is chosen).

    One subquery names the agreements and only the shown columns are read: with every relation joined, the
    PostgreSQL planner spent more time choosing a join order than running the query.
    """
    access = access_for(user)
    reports = PeriodReport.objects.filter(status=PeriodReport.Status.SUBMITTED)
    municipality_ids = None if access.is_superuser else set(access.editor_municipality_ids)
    if municipality is not None:
        municipality_ids = (
            {municipality.pk} if municipality_ids is None else municipality_ids & {municipality.pk}
        )
    if municipality_ids is not None:
        agreements = Agreement.objects.filter(municipalities__in=municipality_ids).values("pk")
        reports = reports.filter(assignment__agreement__in=agreements)
    return (
        reports.select_related("assignment__agreement__organisation", "period", "submitted_by")
        .only(
            *("assignment", "period", "status", "submitted_at", "submitted_by", "is_late"),
            *("assignment__title", "assignment__sort_key", "assignment__effect", "assignment__smart_goal"),
            *("assignment__agreement__title", "assignment__agreement__organisation__name"),
            *("period__name", "period__year", "period__number"),
            *("submitted_by__username", "submitted_by__first_name", "submitted_by__last_name"),
        )
        # The effect and goal (an assignment's title when it has none) in their own queries: as two more
        # outer joins they made the planner take 40 ms at regional scale.
        .prefetch_related(
            Prefetch("assignment__effect", queryset=SocietalEffect.objects.only("title")),
            Prefetch("assignment__smart_goal", queryset=SmartGoal.objects.only("title")),
        )
        .order_by("submitted_at", "pk")
    )


def period_status(period: ReportingPeriod, user) -> QuerySet[Assignment]:
    """The expected reports of a period that the user may see, each with its status and filled count."""
    report = PeriodReport.objects.filter(assignment=OuterRef("pk"), period=period.pk)
    filled = (
        Realisation.objects.filter(
            indicator__assignment=OuterRef("pk"), period=period.pk, municipality__isnull=True
        )
        .filter(HAS_VALUE)
        .values("indicator__assignment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        expected_assignments(period)
        .filter(pk__in=assignments_for(user).values("pk"))
        .select_related("agreement__organisation", "effect", "smart_goal")
        .annotate(
            report_status=Subquery(report.values("status")[:1]),
            report_is_late=Subquery(report.values("is_late")[:1]),
            report_submitted_at=Subquery(report.values("submitted_at")[:1]),
            filled=Coalesce(Subquery(filled[:1]), 0),
            indicator_count=Count("indicators", distinct=True),
        )
        .order_by("agreement__organisation__name", "sort_key", "position", "pk")
    )


def framework_periods(user, framework_pk: int) -> tuple[PolicyFramework, list[ReportingPeriod]]:
    """A framework the user may see and its periods, each with counts of expected and handed-in reports."""
    framework = frameworks_for(user).prefetch_related("municipalities").get(pk=framework_pk)
    periods = list(
        framework.periods.select_related("agreement__organisation").annotate(
            submitted=Count("reports", filter=Q(reports__status=PeriodReport.Status.SUBMITTED)),
            approved=Count("reports", filter=Q(reports__status=PeriodReport.Status.APPROVED)),
            returned=Count("reports", filter=Q(reports__status=PeriodReport.Status.RETURNED)),
        )
    )
    return framework, sorted(periods, key=_period_order, reverse=True)
