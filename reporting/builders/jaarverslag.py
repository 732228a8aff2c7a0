"""Jaarverslag / voortgangsrapportage (DOMAIN.md, print 4) for a year or a period of it.

Per effect and SMART goal the indicators with baseline, target, realised value and status (the rule of
effects.progress, written on the report), a chart per indicator, hours and money planned against realised
per organisation and per municipality, and the monitoring figures with a column per year.

Only approved values count: realisations with status goedgekeurd and the hours and costs of approved period
reports. Realisations are added up in the database, per indicator and period; Python adds a year's period
sums, picks the latest of those sums and combines a percentage from its summed numerators and denominators.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    F,
    Func,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.costs import EffortRow, effort_by_municipality
from agreements.models import (
    Agreement,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PeriodReport,
    Realisation,
    RealisedCost,
    RealisedHours,
    ReportingPeriod,
)
from agreements.money import ZERO, Amount, hour_cost
from agreements.progress import assess, period_share
from agreements.selectors import assignments_for, expected_assignments
from effects.models import (
    EffectIndicator,
    EffectIndicatorValue,
    IndicatorDefinition,
    PolicyFramework,
    SmartGoal,
    SocietalEffect,
    percentage_of,
)
from effects.progress import STATUS_RULE, Progress, progress_status
from effects.selectors import effects_for, frameworks_for, indicators_for, smart_goals_for
from partners.models import Municipality
from partners.permissions import access_for
from reporting import formatting
from reporting.builders.common import hours_cell, money_cell, municipality_names
from reporting.charts import BAR, LINE, Point, chart_svg
from reporting.documents import ReportDocument, ReportSpec, register
from reporting.forms import ReportForm, clean_effect_code, effect_field, framework_field, municipality_field
from reporting.tables import DECIMAL, HOURS, INTEGER, MONEY, PERCENT, Column, DataTable

ValueType = IndicatorDefinition.ValueType
Aggregation = IndicatorDefinition.Aggregation
Kind = ReportingPeriod.Kind
SUMMABLE = {ValueType.COUNT, ValueType.AMOUNT}
PERIOD_CHOICES = [
    ("", gettext_lazy("Heel jaar (jaarverslag)")),
    ("h1", gettext_lazy("Eerste halfjaar")),
    ("h2", gettext_lazy("Tweede halfjaar")),
    ("k1", gettext_lazy("Eerste kwartaal")),
    ("k2", gettext_lazy("Tweede kwartaal")),
    ("k3", gettext_lazy("Derde kwartaal")),
    ("k4", gettext_lazy("Vierde kwartaal")),
]
PERIOD_KINDS = {"h": Kind.HALF_YEAR, "k": Kind.QUARTER}
SHORT_LABEL = {
    Kind.HALF_YEAR: gettext_lazy("%(year)s H%(number)s"),
    Kind.QUARTER: gettext_lazy("%(year)s K%(number)s"),
}
EFFECT, PERFORMANCE = "effect", "prestatie"


class JaarverslagForm(ReportForm):
    year = forms.IntegerField(label=gettext_lazy("Jaar"), min_value=1900, max_value=2999)
    period = forms.ChoiceField(
        label=gettext_lazy("Periode"),
        choices=PERIOD_CHOICES,
        required=False,
        help_text=gettext_lazy(
            "Een halfjaar of kwartaal geeft een voortgangsrapportage tot en met die periode."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        municipalities = municipality_field(
            user,
            required=False,
            help_text=gettext_lazy("Leeg: alle gemeenten van het beleidskader."),
        )
        effect = effect_field(gettext_lazy("Bijvoorbeeld 4.3. Leeg: alle effecten."))
        self.fields = {
            "framework": framework_field(user),
            **self.fields,
            "municipalities": municipalities,
            "effect": effect,
        }

    def clean(self):
        cleaned = super().clean()
        clean_effect_code(self, cleaned)
        framework, year = cleaned.get("framework"), cleaned.get("year")
        if framework is None or year is None:
            return cleaned
        if year not in framework.years:
            self.add_error(
                "year",
                _("Kies een jaar van het beleidskader (%(start)s–%(end)s).")
                % {"start": framework.start_year, "end": framework.end_year},
            )
            return cleaned
        cleaned["reporting_period"] = None
        if code := cleaned.get("period"):
            kind, number = PERIOD_KINDS[code[0]], int(code[1:])
            period = (
                framework.periods.filter(year=year, kind=kind, number=number)
                # The period of the whole framework before one of an agreement of its own.
                .order_by(F("agreement").asc(nulls_first=True), "pk")
                .first()
            )
            if period is None:
                self.add_error(
                    "period",
                    _("Het beleidskader heeft geen rapportageperiode %(period)s in %(year)s.")
                    % {"period": dict(PERIOD_CHOICES)[code].lower(), "year": year},
                )
            cleaned["reporting_period"] = period
        own = set(framework.municipalities.all())
        chosen = cleaned.get("municipalities")
        if chosen:
            foreign = [m.name for m in chosen if m not in own]
            if foreign:
                self.add_error(
                    "municipalities",
                    _("%(names)s hoort niet bij dit beleidskader.") % {"names": ", ".join(foreign)},
                )
        else:
            access = access_for(self.user)
            cleaned["municipalities"] = [
                m for m in own if access.is_superuser or m.pk in access.reader_municipality_ids
            ]
        return cleaned


# --- Realised values, added up in the database ----------------------------------------------------------


@dataclass(frozen=True)
class Sums:
    """Approved realisations of one indicator added up (over municipalities, and periods where asked)."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    values: int = 0  # how many had a number
    fractions: int = 0  # how many were entered as numerator / denominator
    text: str = ""


def combined(value_type: str, sums: Sums | None) -> Decimal | None:
    """One number for added-up values: a percentage from its summed numerators and denominators (weighed,
    never an average of percentages); counts and amounts as their sum; anything else only when single."""
    if sums is None or not sums.values:
        return None
    if value_type == ValueType.PERCENTAGE and sums.fractions == sums.values and sums.denominator:
        return percentage_of(sums.numerator, sums.denominator)
    if sums.values == 1 or value_type in SUMMABLE:
        return sums.value
    return None  # percentages without numerator/denominator, grades, yes/no: a sum would mean nothing


def _summed(rows: Iterable[dict], key) -> dict:
    """Sums per key, keeping per indicator only the municipality-specific rows when it has any (a value
    without municipality is the assignment's whole value: counting both would count twice)."""
    by_indicator: dict[int, dict[bool, dict]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        by_indicator[row["indicator"]][row["per_municipality"]][key(row)] = Sums(
            value=row["sum_value"],
            numerator=row["sum_numerator"],
            denominator=row["sum_denominator"],
            values=row["values"],
            fractions=row["fractions"],
            text=row["any_text"] or "",
        )
    result = {}
    for indicator, scopes in by_indicator.items():
        for sub_key, sums in scopes.get(True, scopes.get(False, {})).items():
            result[(indicator, sub_key)] = sums
    return result


def realised_sums(indicator_ids: list[int], periods: list[ReportingPeriod], municipalities):
    """Approved realisations of these performance indicators summed per (indicator, period) in one query, and
    per (indicator, year) from those sums. The indicators are named by id: the database then reads only
    their realisations (by index), not every realisation of the periods."""
    per_municipality = Case(
        When(municipality__isnull=True, then=Value(False)), default=Value(True), output_field=BooleanField()
    )
    approved = (
        Realisation.objects.filter(
            status=Realisation.Status.APPROVED,
            indicator__in=indicator_ids,
            period__in=[p.pk for p in periods],
        )
        .filter(Q(municipality__isnull=True) | Q(municipality__in=municipalities))
        .annotate(per_municipality=per_municipality)
    )
    sums = {
        "sum_value": Sum("value"),
        "sum_numerator": Sum("numerator"),
        "sum_denominator": Sum("denominator"),
        "values": Count("value"),
        "fractions": Count("denominator"),
        "any_text": Max("text"),
    }
    per_period = list(approved.values("indicator", "period", "per_municipality").annotate(**sums).order_by())
    year_of = {p.pk: p.year for p in periods}
    return (
        _summed(per_period, lambda row: row["period"]),
        _summed(_per_year(per_period, year_of), lambda row: row["year"]),
    )


def _per_year(per_period: list[dict], year_of: dict[int, int]) -> list[dict]:
    """The period sums of one year added up: the year's sums without a second pass over the realisations."""
    years: dict[tuple, dict] = {}
    for row in per_period:
        key = (row["indicator"], year_of[row["period"]], row["per_municipality"])
        total = years.get(key)
        if total is None:
            years[key] = {**row, "year": key[1]}
            continue
        for name in ("sum_value", "sum_numerator", "sum_denominator"):
            if row[name] is not None:
                total[name] = row[name] if total[name] is None else total[name] + row[name]
        total["values"] += row["values"]
        total["fractions"] += row["fractions"]
        texts = [text for text in (total["any_text"], row["any_text"]) if text is not None]
        total["any_text"] = max(texts) if texts else None
    return list(years.values())


# --- What the report shows ----------------------------------------------------------------------------


@dataclass
class IndicatorLine:
    """One indicator on the report: baseline, target, realised value and status, with its chart."""

    kind: str  # EFFECT or PERFORMANCE
    name: str
    organisation: str
    value_type: str
    baseline: Decimal | str | None
    target: Decimal | str | None
    target_for: str
    realised: Decimal | str | None
    measured: str
    status: Progress
    chart: SafeString | str = ""

    @property
    def kind_label(self) -> str:
        return _("effectindicator") if self.kind == EFFECT else _("prestatie-indicator")

    def shown(self, value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, str):
            return value
        if self.value_type == ValueType.YES_NO:
            return _("ja") if value else _("nee")
        if self.value_type == ValueType.PERCENTAGE:
            return formatting.percent(value)
        if self.value_type == ValueType.AMOUNT:
            return formatting.euro(value)
        return formatting.number(value)

    @property
    def baseline_text(self) -> str:
        return self.shown(self.baseline)

    @property
    def target_text(self) -> str:
        return self.shown(self.target)

    @property
    def realised_text(self) -> str:
        return self.shown(self.realised)


@dataclass
class GoalSection:
    goal: SmartGoal
    also_effects: list[str]
    indicators: list[IndicatorLine] = field(default_factory=list)
    performance: list[IndicatorLine] = field(default_factory=list)


@dataclass
class EffectSection:
    anchor: str
    code: str
    title: str
    indicators: list[IndicatorLine] = field(default_factory=list)
    goals: list[GoalSection] = field(default_factory=list)
    performance: list[IndicatorLine] = field(default_factory=list)

    @property
    def lines(self) -> list[IndicatorLine]:
        goal_lines = [line for goal in self.goals for line in (*goal.indicators, *goal.performance)]
        return [*self.indicators, *goal_lines, *self.performance]


def _short_label(year: int, period: ReportingPeriod | None) -> str:
    """'2015' for a whole year, '2015 H1' up to a half year, '2015 K3' up to a quarter."""
    if period is None or period_share(period) == 1 or period.kind not in SHORT_LABEL:
        return str(year)
    return SHORT_LABEL[period.kind] % {"year": year, "number": period.number}


def _measured(value: EffectIndicatorValue | None) -> Decimal | None:
    if value is None:
        return None
    if value.value is None and value.denominator:
        return percentage_of(value.numerator, value.denominator)
    return value.value


def _target_in_force(targets: list, year: int):
    """The target for the year, or else the first later one (the aim the year works towards)."""
    targets = sorted((t for t in targets if t.value is not None or t.text), key=lambda t: t.year)
    return next((t for t in targets if t.year == year), None) or next(
        (t for t in targets if t.year > year), None
    )


class Builder:
    """Reads everything the report needs in a fixed number of queries and turns it into sections."""

    def __init__(self, user, framework: PolicyFramework, year: int, period, municipalities, effect=None):
        self.user = user
        self.framework = framework
        self.effect = effect  # one effect only (with its SMART goals), or None for the whole framework
        self.year = year
        self.period = period
        self.municipalities = sorted(municipalities, key=lambda m: m.name)
        self.threshold = framework.deviation_threshold
        self.all_periods = sorted(framework.periods.all(), key=lambda p: (p.year, period_share(p), p.pk))
        self.periods_by_pk = {p.pk: p for p in self.all_periods}
        cutoff = (year, period_share(period) if period else Decimal(1))
        # The periods up to the selection: for the charts, and (this year's) for the status.
        self.chart_periods = [p for p in self.all_periods if (p.year, period_share(p)) <= cutoff]
        self.year_periods = [p for p in self.chart_periods if p.year == year]
        # The year as one (unsaved) period: what the year's reports are owed for and assessed against.
        self.whole_year = ReportingPeriod(framework=framework, year=year, kind=Kind.YEAR)

    def assignments(self, goals: list[SmartGoal]) -> QuerySet[Assignment]:
        """The assignments the user may see that owe reports in the year (the rule of expected_assignments,
        for every agreement of the framework), of an agreement for one of the chosen municipalities."""
        agreements = Agreement.objects.filter(municipalities__in=self.municipalities).values("pk")
        assignments = expected_assignments(self.whole_year)
        if self.effect is not None:
            assignments = assignments.filter(Q(effect=self.effect) | Q(smart_goal__in=[g.pk for g in goals]))
        return (
            assignments.filter(pk__in=assignments_for(self.user).values("pk"), agreement__in=agreements)
            .select_related("agreement__organisation")
            .prefetch_related(
                Prefetch("indicators", queryset=PerformanceIndicator.objects.prefetch_related("targets")),
                Prefetch("hours_lines", queryset=HoursLine.objects.select_related("municipality")),
                Prefetch("money_lines", queryset=MoneyLine.objects.select_related("municipality")),
            )
            .order_by("agreement__organisation__name", "sort_key", "position", "pk")
        )

    def build(self) -> dict:
        effects = effects_for(self.user).filter(framework=self.framework)
        goals = smart_goals_for(self.user).filter(framework=self.framework)
        effect_indicators = indicators_for(self.user).filter(framework=self.framework)
        if self.effect is not None:
            effects = effects.filter(pk=self.effect.pk)
            goals = goals.filter(effects=self.effect)
        goals = list(
            goals.prefetch_related(
                Prefetch("effects", queryset=SocietalEffect.objects.order_by("sort_key"))
            ).order_by("position", "pk")
        )
        if self.effect is not None:
            effect_indicators = effect_indicators.filter(
                Q(effect=self.effect) | Q(smart_goal__in=[g.pk for g in goals])
            )
        effect_indicators = list(effect_indicators.prefetch_related("targets", "values"))
        assignments = list(self.assignments(goals))
        indicator_ids = [i.pk for assignment in assignments for i in assignment.indicators.all()]
        self.per_period, self.per_year = realised_sums(indicator_ids, self.chart_periods, self.municipalities)
        effects = list(effects.order_by("sort_key", "pk"))
        sections = self.sections(effects, goals, effect_indicators, assignments)
        return {
            "sections": sections,
            # The framework's own figures belong to no effect: only in the report of the whole framework.
            "monitoring": self.monitoring_tables(effect_indicators) if self.effect is None else [],
            "effort": self.effort_tables(assignments),
        }

    # --- indicators ---------------------------------------------------------------------------------

    def effect_line(self, indicator: EffectIndicator) -> IndicatorLine:
        """An effect or monitoring indicator: its latest figure up to the year against its target."""
        values = {v.year: v for v in indicator.values.all() if v.year <= self.year and _has_value(v)}
        measured_year = max(values, default=None)
        current = values.get(measured_year)
        targets = list(indicator.targets.all())
        target = _target_in_force(targets, self.year)
        realised = _measured(current)
        status = progress_status(
            indicator.direction,
            realised,
            target=target.value if target else None,
            baseline=indicator.baseline_value,
            threshold_percent=self.threshold,
        )
        years = sorted({*(y for y in self.framework.years if y <= self.year), *values})
        points = []
        for year in years:
            in_force = _target_in_force(targets, year)
            points.append(Point(str(year), _measured(values.get(year)), in_force.value if in_force else None))
        return IndicatorLine(
            kind=EFFECT,
            name=indicator.name,
            organisation="",
            value_type=indicator.value_type,
            baseline=_baseline(indicator),
            target=(target.value if target.value is not None else target.text) if target else None,
            target_for=str(target.year) if target else "",
            realised=realised if realised is not None else (current.text if current else None),
            measured=str(measured_year) if measured_year else "",
            status=status,
            chart=self.chart(indicator, points),
        )

    def performance_line(self, indicator: PerformanceIndicator, organisation: str) -> IndicatorLine:
        """A performance indicator: its approved value up to the latest reported period of the year against
        the target (agreements.progress.assess: year-to-date against the pro rata target when cumulative)."""
        value_type, cumulative = indicator.value_type, indicator.aggregation == Aggregation.CUMULATIVE
        reported = [p for p in self.year_periods if self._has_period_value(indicator.pk, p.pk)]
        last = reported[-1] if reported else None
        reference = last or self.period or (self.year_periods[-1] if self.year_periods else None)
        reference = reference or self.whole_year
        year_total = combined(value_type, self.per_year.get((indicator.pk, self.year)))
        value = combined(value_type, self.per_period.get((indicator.pk, last.pk))) if last else None
        earlier = ZERO
        if cumulative and value_type in SUMMABLE and value is not None and year_total is not None:
            earlier = year_total - value
        elif cumulative and value is not None:
            value = year_total  # a percentage over the year: weighed by its denominators, not added up
        targets = [t for t in indicator.targets.all() if t.year == self.year]
        assessment = assess(
            indicator,
            reference,
            value,
            targets=targets,
            earlier_this_year=earlier,
            threshold_percent=self.threshold,
        )
        target = assessment.target
        target_for = ""
        if target is not None:
            target_for = self.periods_by_pk[target.period_id].name if target.period_id else str(target.year)
            if (
                assessment.expected is not None
                and target.value is not None
                and assessment.expected != target.value
            ):
                target_for = _("%(year)s, naar rato t/m %(period)s") % {
                    "year": target.year,
                    "period": reference.name,
                }
        # A cumulative indicator shows what the year has realised so far, also where no year target asks
        # assess() to add it up; against a target of one period, that period's own value.
        year_to_date = cumulative and last is not None and (target is None or target.period_id is None)
        realised = year_total if year_to_date and value is not None else assessment.compared
        if realised is None and last is not None:
            realised = self.per_period[(indicator.pk, last.pk)].text or None
        measured = ""
        if last is not None:
            measured = _("t/m %(period)s") % {"period": last.name} if year_to_date else last.name
        expected = assessment.expected
        return IndicatorLine(
            kind=PERFORMANCE,
            name=indicator.name,
            organisation=organisation,
            value_type=value_type,
            baseline=_baseline(indicator),
            target=expected if expected is not None else (target.text if target else None) or None,
            target_for=target_for,
            realised=realised,
            measured=measured,
            status=assessment.status,
            chart=self.chart(indicator, self.performance_points(indicator, realised, expected, reference)),
        )

    def _has_period_value(self, indicator_pk: int, period_pk: int) -> bool:
        sums = self.per_period.get((indicator_pk, period_pk))
        return sums is not None and (sums.values > 0 or bool(sums.text))

    def performance_points(self, indicator, realised, expected, reference) -> list[Point]:
        """Per year the year's figure (cumulative: the year's sum; otherwise the latest period's value)
        against the year target; this year's point is the assessed value against the expected target."""
        points = []
        years = sorted({p.year for p in self.chart_periods if p.year < self.year})
        for year in years:
            if indicator.aggregation == Aggregation.CUMULATIVE:
                value = combined(indicator.value_type, self.per_year.get((indicator.pk, year)))
            else:
                reported = [
                    p
                    for p in self.chart_periods
                    if p.year == year and self._has_period_value(indicator.pk, p.pk)
                ]
                sums = self.per_period.get((indicator.pk, reported[-1].pk)) if reported else None
                value = combined(indicator.value_type, sums)
            target = next(
                (t.value for t in indicator.targets.all() if t.year == year and t.period_id is None), None
            )
            points.append(Point(str(year), value, target))
        realised = realised if isinstance(realised, Decimal) else None
        points.append(Point(_short_label(self.year, reference), realised, expected))
        return points

    def chart(self, indicator, points: list[Point]) -> SafeString | str:
        """A chart when there is something to draw: numbers, and at least one realised."""
        if indicator.value_type in (ValueType.TEXT, ValueType.YES_NO):
            return ""
        if not any(point.value is not None for point in points):
            return ""
        kind = BAR if indicator.aggregation == Aggregation.CUMULATIVE else LINE
        unit = "%" if indicator.value_type == ValueType.PERCENTAGE else indicator.unit
        return chart_svg(title=indicator.name, points=points, kind=kind, unit=unit)

    def sections(self, effects, goals, effect_indicators, assignments) -> list[EffectSection]:
        """Effects in code order, each with its own indicators, its SMART goals (a goal of several effects
        under the first) and the performance indicators of the assignments under them."""
        by_effect: dict[int | None, list] = defaultdict(list)
        by_goal: dict[int, list] = defaultdict(list)
        for indicator in sorted(effect_indicators, key=lambda i: (i.position, i.pk)):
            if indicator.smart_goal_id:
                by_goal[indicator.smart_goal_id].append(indicator)
            elif indicator.effect_id:
                by_effect[indicator.effect_id].append(indicator)
        work_by_effect: dict[int | None, list] = defaultdict(list)
        work_by_goal: dict[int, list] = defaultdict(list)
        for assignment in assignments:
            organisation = assignment.agreement.organisation.name
            lines = [self.performance_line(i, organisation) for i in assignment.indicators.all()]
            if assignment.smart_goal_id:
                work_by_goal[assignment.smart_goal_id].extend(lines)
            else:
                work_by_effect[assignment.effect_id].extend(lines)
        sections = {
            effect.pk: EffectSection(
                anchor=f"jv-effect-{effect.pk}",
                code=effect.code,
                title=effect.title,
                indicators=[self.effect_line(i) for i in by_effect[effect.pk]],
                performance=work_by_effect[effect.pk],
            )
            for effect in effects
        }
        loose = EffectSection(anchor="jv-overig", code="", title=_("Overige SMART-doelen en opdrachten"))
        for goal in goals:
            goal_effects = list(goal.effects.all())
            # Under its first effect in the report: the first of all, or the one effect asked for.
            home = next((sections[e.pk] for e in goal_effects if e.pk in sections), None)
            section = GoalSection(
                goal=goal,
                also_effects=[effect.code for effect in goal_effects if sections.get(effect.pk) is not home],
                indicators=[self.effect_line(i) for i in by_goal[goal.pk]],
                performance=work_by_goal[goal.pk],
            )
            if section.indicators or section.performance:
                (home or loose).goals.append(section)
        loose.performance = work_by_effect[None]
        result = [s for s in sections.values() if s.lines]
        return [*result, loose] if loose.lines else result

    # --- monitoring figures ---------------------------------------------------------------------------

    def monitoring_tables(self, effect_indicators) -> list[DataTable]:
        """The framework's own figures (not of an effect or goal), a table per group, a column per year: the
        years of the framework, preceded by earlier years that have figures (as the note's 2015 and 2016)."""
        framework_level = [i for i in effect_indicators if i.effect_id is None and i.smart_goal_id is None]
        framework_level.sort(key=lambda i: (i.position, i.pk))
        value_years = {v.year for i in framework_level for v in i.values.all() if _has_value(v)}
        years = sorted({*self.framework.years, *(y for y in value_years if y < self.framework.start_year)})
        groups: dict[str, list[EffectIndicator]] = {}
        for indicator in framework_level:
            name = indicator.group or (_("BBV-indicatoren") if indicator.is_bbv else _("Overige cijfers"))
            groups.setdefault(name, []).append(indicator)
        tables = []
        for name, indicators in groups.items():
            table = DataTable(
                title=_("Monitoringscijfers: %(group)s") % {"group": name},
                columns=[
                    Column("indicator", _("Indicator")),
                    Column("unit", _("Eenheid")),
                    *(Column(f"y{year}", str(year), DECIMAL) for year in years),
                ],
            )
            for indicator in indicators:
                values = {v.year: v for v in indicator.values.all()}
                table.add(
                    indicator.name,
                    "%" if indicator.value_type == ValueType.PERCENTAGE else indicator.unit,
                    *(_cell(values.get(year)) for year in years),
                )
            tables.append(table)
        return tables

    # --- hours and money --------------------------------------------------------------------------------

    def effort_tables(self, assignments: list[Assignment]) -> list[DataTable]:
        """Planned (the plan's lines, costed by agreements.costs) against realised (approved reports of the
        selected periods, summed in the database) per organisation and per municipality."""
        names = {m.pk: m.name for m in self.municipalities}
        planned_hours, planned_total = defaultdict(Amount), defaultdict(Amount)
        realised_hours, realised_total = defaultdict(Amount), defaultdict(Amount)
        by_pk = {a.pk: a for a in assignments}
        organisations = []
        for assignment in assignments:
            organisation = assignment.agreement.organisation.name
            if organisation not in organisations:
                organisations.append(organisation)
            for row in effort_by_municipality(assignment):
                if row.municipality in names.values():
                    # Keys by kind: an organisation may carry a municipality's name ("Gemeente Haren").
                    for key in (("organisation", organisation), ("municipality", row.municipality)):
                        planned_hours[key] += row.hours
                        planned_total[key] += row.total
        reports = Q(
            report__status=PeriodReport.Status.APPROVED,
            report__period__in=[p.pk for p in self.year_periods],
            report__assignment__in=[a.pk for a in assignments],
            municipality__in=self.municipalities,
        )
        # Hours per category and costs per report line, summed in one query (UNION ALL, told apart by kind).
        none = Value(None, output_field=DecimalField())
        hours_rows = (
            RealisedHours.objects.filter(reports)
            .values("report__assignment", "municipality", "category")
            .annotate(kind=Value("hours"), hours=Sum("hours"), costs=none, revenue=none)
            .order_by()
        )
        cost_rows = (
            RealisedCost.objects.filter(reports)
            .values("report__assignment", "municipality")
            .annotate(
                line=Value(""),
                kind=Value("costs"),
                hours=none,
                costs=Sum("direct_costs"),
                revenue=Sum("direct_revenue"),
            )
            .order_by()
        )
        realised: dict[tuple[int, int], dict] = defaultdict(
            lambda: {"hours": Amount(), "cost": Amount(), "costs": Amount(), "revenue": Amount()}
        )
        rows = list(hours_rows.union(cost_rows, all=True))
        for row in rows:
            if row["kind"] != "hours" or row["hours"] is None:
                continue
            assignment = by_pk[row["report__assignment"]]
            part = realised[(assignment.pk, row["municipality"])]
            part["hours"] += Amount(row["hours"])
            rate = _rate(assignment, row["municipality"], row["category"])
            part["cost"] += (
                Amount(hour_cost(hours=row["hours"], hourly_rate=rate)) if rate is not None else Amount.pm()
            )
        for row in rows:
            if row["kind"] != "costs":
                continue
            part = realised[(row["report__assignment"], row["municipality"])]
            part["costs"] += Amount(row["costs"] or ZERO)
            part["revenue"] += Amount(row["revenue"] or ZERO)
        for (assignment_pk, municipality_pk), part in realised.items():
            municipality = names[municipality_pk]
            row = EffortRow(municipality, part["hours"], part["cost"], part["costs"], part["revenue"], ())
            organisation = by_pk[assignment_pk].agreement.organisation.name
            for key in (("organisation", organisation), ("municipality", municipality)):
                realised_hours[key] += row.hours
                realised_total[key] += row.total  # the one cost rule, as for the plan

        def table(title: str, first: str, kind: str, row_names: list[str]) -> DataTable:
            result = DataTable(
                title=title,
                columns=[
                    Column("name", first),
                    Column("planned_hours", _("Uren gepland"), HOURS),
                    Column("realised_hours", _("Uren gerealiseerd"), HOURS),
                    Column("share", _("% van de uren"), PERCENT),
                    Column("planned_total", _("Kosten gepland"), MONEY),
                    Column("realised_total", _("Kosten gerealiseerd"), MONEY),
                ],
            )
            totals = [Amount(), Amount(), Amount(), Amount()]
            for name in row_names:
                key = (kind, name)
                amounts = [planned_hours[key], realised_hours[key], planned_total[key], realised_total[key]]
                totals = [total + amount for total, amount in zip(totals, amounts, strict=True)]
                result.add(name, *_effort_cells(*amounts))
            result.add(_("Totaal"), *_effort_cells(*totals), total=True)
            return result

        return [
            table(_("Uren en geld per organisatie"), _("Organisatie"), "organisation", organisations),
            table(
                _("Uren en geld per gemeente"),
                _("Gemeente"),
                "municipality",
                [m.name for m in self.municipalities],
            ),
        ]


def _has_value(value) -> bool:
    return value.value is not None or value.denominator is not None or bool(value.text)


def _baseline(indicator) -> Decimal | str | None:
    return (
        indicator.baseline_value
        if indicator.baseline_value is not None
        else (indicator.baseline_text or None)
    )


def _cell(value: EffectIndicatorValue | None):
    if value is None:
        return None
    number = _measured(value)
    return number if number is not None else (value.text or None)


def _rate(assignment: Assignment, municipality_pk: int, category: str) -> Decimal | None:
    """The hourly rate of realised hours: that of the planned line they belong to, else the agreement's."""
    for line in assignment.hours_lines.all():
        if (
            line.municipality_id == municipality_pk
            and line.category == category
            and line.hourly_rate is not None
        ):
            return line.hourly_rate
    return assignment.agreement.hourly_rate


def _effort_cells(planned_hours: Amount, realised_hours: Amount, planned: Amount, realised: Amount) -> list:
    share = None
    if not planned_hours.includes_pm and planned_hours.known > 0 and not realised_hours.includes_pm:
        share = percentage_of(realised_hours.known, planned_hours.known)
    return [
        hours_cell(planned_hours),
        hours_cell(realised_hours),
        share,
        money_cell(planned),
        money_cell(realised),
    ]


# --- Tables of the whole report ------------------------------------------------------------------------


STATUS_ORDER = [Progress.ON_TRACK, Progress.ATTENTION, Progress.BEHIND, Progress.UNKNOWN]


def summary_table(sections: list[EffectSection]) -> DataTable:
    """Counts per status, for effect and performance indicators and together."""
    table = DataTable(
        title=_("Statusoverzicht"),
        columns=[
            Column("kind", _("Indicatoren")),
            *(Column(status.value, str(status.label), INTEGER) for status in STATUS_ORDER),
            Column("total", _("Totaal"), INTEGER),
        ],
    )
    lines = [line for section in sections for line in section.lines]
    groups = [
        (_("Effectindicatoren"), [line for line in lines if line.kind == EFFECT], False),
        (_("Prestatie-indicatoren"), [line for line in lines if line.kind == PERFORMANCE], False),
        (_("Totaal"), lines, True),
    ]
    for label, group, total in groups:
        counts = [sum(1 for line in group if line.status == status) for status in STATUS_ORDER]
        table.add(label, *counts, len(group), total=total)
    return table


def indicator_table(sections: list[EffectSection]) -> DataTable:
    """Every indicator of the report in one table, for Excel and CSV."""
    table = DataTable(
        title=_("Indicatoren met status"),
        columns=[
            Column("effect", _("Effect")),
            Column("goal", _("SMART-doel")),
            Column("organisation", _("Organisatie")),
            Column("kind", _("Soort")),
            Column("indicator", _("Indicator")),
            Column("baseline", _("Nulmeting"), DECIMAL),
            Column("target", _("Streefwaarde"), DECIMAL),
            Column("target_for", _("Streefwaarde voor")),
            Column("realised", _("Realisatie"), DECIMAL),
            Column("measured", _("Gemeten")),
            Column("status", _("Status")),
        ],
        slug="indicatoren",
    )

    def add(section: EffectSection, goal: str, line: IndicatorLine) -> None:
        table.add(
            section.code,
            goal,
            line.organisation,
            line.kind_label,
            line.name,
            line.baseline,
            line.target,
            line.target_for,
            line.realised_text if line.value_type == ValueType.YES_NO else line.realised,
            line.measured,
            str(line.status.label),
        )

    for section in sections:
        for line in section.indicators:
            add(section, "", line)
        for goal in section.goals:
            for line in (*goal.indicators, *goal.performance):
                add(section, goal.goal.title, line)
        for line in section.performance:
            add(section, "", line)
    return table


def build(user, cleaned: dict) -> ReportDocument:
    # The form chose it from the user's frameworks; read again through the scope all the same, as the
    # command and the background worker call this too.
    framework = frameworks_for(user).get(pk=cleaned["framework"].pk)
    year, period = cleaned["year"], cleaned.get("reporting_period")
    municipalities = list(cleaned["municipalities"])
    if not municipalities:
        raise Municipality.DoesNotExist  # the user sees none of the framework's municipalities
    effect = cleaned.get("chosen_effect")
    if cleaned.get("effect") and (effect is None or effect.framework_id != framework.pk):
        effect = effects_for(user).get(framework=framework, code=cleaned["effect"])
    builder = Builder(user, framework, year, period, municipalities, effect)
    parts = builder.build()
    running_title = _("Voortgangsrapportage") if period else _("Jaarverslag")
    title = f"{running_title} {period.name}" if period else f"{running_title} {year}"
    if effect is not None:
        title = f"{title} · {_('effect')} {effect.code}"
    municipality = municipality_names(builder.municipalities)
    summary = summary_table(parts["sections"])
    indicators = indicator_table(parts["sections"])
    return ReportDocument(
        name="jaarverslag",
        running_title=running_title,
        title=title,
        subtitle=f"{framework.title} {title} {municipality}",
        template="reporting/jaarverslag.html",
        framework=framework.title,
        municipality=municipality,
        tables=[summary, indicators, *parts["effort"], *parts["monitoring"]],
        context={
            "framework": framework,
            "effect": effect,
            "year": year,
            "period": period,
            "municipality_names": municipality,
            "status_rule": STATUS_RULE,
            "threshold": framework.deviation_threshold,
            "summary_table": summary,
            "indicator_table": indicators,
            "sections": parts["sections"],
            "effort_tables": parts["effort"],
            "monitoring_tables": parts["monitoring"],
        },
    )


# Measured (CPU time of build + PDF): Haren Sociaal Domein 2017, 60 indicators, 2.3 s; Haren Wmo 2015,
# 202 indicators and 136 charts, 13 s. So about 0.04 s per indicator without a chart, 0.1 s with one.
LARGE_FROM_INDICATORS = 25
# A page of more indicators (with their charts) takes seconds to make and megabytes to load: the page then
# offers the report per effect. The largest demo framework (Haren Wmo 2013-2016) has 202.
PAGE_MAX_INDICATORS = 400


def indicator_total(cleaned: dict) -> int:
    """The number of indicators of the selection (of the chosen effect, or of the whole framework), counted
    in one query."""
    framework = cleaned.get("framework")
    if framework is None:
        return 0
    effects = EffectIndicator.objects.filter(framework=framework)
    performance = PerformanceIndicator.objects.filter(assignment__agreement__framework=framework)
    if code := cleaned.get("effect"):
        effects = effects.filter(Q(effect__code=code) | Q(smart_goal__effects__code=code))
        performance = performance.filter(
            Q(assignment__effect__code=code) | Q(assignment__smart_goal__effects__code=code)
        )

    def count(queryset) -> Subquery:
        return Subquery(queryset.order_by().values(n=Func(F("pk"), function="COUNT")))

    counts = PolicyFramework.objects.filter(pk=framework.pk).values_list(count(effects), count(performance))
    return sum(counts.get())


def is_large(cleaned: dict) -> bool:
    """Whether the PDF takes more than about two seconds, judged by the number of indicators."""
    return indicator_total(cleaned) > LARGE_FROM_INDICATORS


def by_effect_on_page(cleaned: dict) -> bool:
    return not cleaned.get("effect") and indicator_total(cleaned) > PAGE_MAX_INDICATORS


register(
    ReportSpec(
        name="jaarverslag",
        label=gettext_lazy("Jaarverslag / voortgangsrapportage"),
        description=gettext_lazy(
            "Per effect en SMART-doel de indicatoren met nulmeting, streefwaarde, realisatie en status, "
            "uren en geld gepland tegenover gerealiseerd en de monitoringscijfers per jaar; voor een jaar "
            "of een halfjaar/kwartaal, voor één of meer gemeenten."
        ),
        form_class=JaarverslagForm,
        build=build,
        is_large=is_large,
        by_effect_on_page=by_effect_on_page,
    )
)
