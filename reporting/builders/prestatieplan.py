"""Prestatieplan of one organisation: its assignments by kernfunctie, then hours and money per municipality.

The money comes from agreements.costs.effort_by_municipality (the one cost rule); the rows are added up
with builders.common.EffortSums (Amount), so a total that includes PM says so.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.costs import effort_by_municipality
from agreements.models import (
    Agreement,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
    SubsidyLine,
)
from agreements.money import ZERO, Amount, format_amount
from agreements.selectors import agreements_for
from effects.models import PolicyFramework
from reporting import formatting
from reporting.builders.common import (
    EffortSums,
    effort_columns,
    money_cell,
    municipality_names,
    pm_text,
    rate_cell,
)
from reporting.documents import ReportDocument, ReportSpec, register
from reporting.forms import ReportForm, organisation_field
from reporting.tables import DECIMAL, MONEY, Column, DataTable

OTHER_CORE_FUNCTION = gettext_lazy("Overig")


class PrestatieplanForm(ReportForm):
    """Organisation, and optionally a framework or one agreement (default: all its agreements there)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        agreements = agreements_for(user)
        self.fields["organisation"] = organisation_field(user)
        self.fields["framework"] = forms.ModelChoiceField(
            label=gettext_lazy("Beleidskader"),
            queryset=PolicyFramework.objects.filter(pk__in=agreements.values("framework")).order_by(
                "-start_year", "title"
            ),
            to_field_name="slug",
            required=False,
            empty_label=gettext_lazy("Alle beleidskaders"),
            error_messages={"invalid_choice": gettext_lazy("Kies een beleidskader uit de lijst.")},
        )
        self.fields["agreement"] = forms.ModelChoiceField(
            label=gettext_lazy("Afspraak"),
            queryset=agreements.select_related("organisation").order_by("organisation__name", "title"),
            to_field_name="slug",
            required=False,
            empty_label=gettext_lazy("Alle afspraken van de organisatie"),
            error_messages={"invalid_choice": gettext_lazy("Kies een afspraak uit de lijst.")},
        )

    def clean(self):
        cleaned = super().clean()
        organisation, framework = cleaned.get("organisation"), cleaned.get("framework")
        agreement = cleaned.get("agreement")
        if (
            agreement is not None
            and organisation is not None
            and agreement.organisation_id != organisation.pk
        ):
            raise ValidationError({"agreement": _("Deze afspraak is niet van de gekozen organisatie.")})
        if agreement is not None and framework is not None and agreement.framework_id != framework.pk:
            raise ValidationError({"agreement": _("Deze afspraak hoort niet bij het gekozen beleidskader.")})
        return cleaned


# --- reading ------------------------------------------------------------------------------------------


def plan_agreements(user, *, organisation, framework=None, agreement=None) -> list[Agreement]:
    """The organisation's agreements the user may see, in the selection, with subsidy lines prefetched."""
    agreements = agreements_for(user).filter(organisation=organisation)
    if framework is not None:
        agreements = agreements.filter(framework=framework)
    if agreement is not None:
        agreements = agreements.filter(pk=agreement.pk)
    subsidy_lines = SubsidyLine.objects.select_related("municipality").prefetch_related("amounts")
    return list(
        agreements.select_related("organisation", "framework")
        .prefetch_related("municipalities", Prefetch("subsidy_lines", queryset=subsidy_lines))
        .order_by("framework__start_year", "start_year", "title", "pk")
    )


def plan_assignments(agreements: list[Agreement]) -> list[Assignment]:
    """Their assignments with everything the plan prints, in goal order (effect code, SMART goal, code)."""
    indicators = PerformanceIndicator.objects.prefetch_related(
        Prefetch("targets", queryset=PerformanceTarget.objects.select_related("period"))
    )
    return list(
        Assignment.objects.filter(agreement__in=[a.pk for a in agreements])
        .select_related("agreement", "effect", "smart_goal")
        .prefetch_related(
            "activities",
            "results",
            "smart_goal__effects",
            Prefetch("indicators", queryset=indicators),
            Prefetch("hours_lines", queryset=HoursLine.objects.select_related("municipality")),
            Prefetch("money_lines", queryset=MoneyLine.objects.select_related("municipality")),
        )
        .order_by(
            F("effect__sort_key").asc(nulls_last=True),
            F("smart_goal__position").asc(nulls_last=True),
            "sort_key",
            "position",
            "pk",
        )
    )


# --- cells --------------------------------------------------------------------------------------------


def _hours_text(amount: Amount) -> str:
    return pm_text(amount, _("%(hours)s uur") % {"hours": formatting.number(amount.known)})


def _target_text(target: PerformanceTarget) -> str:
    when = target.period.name if target.period_id else str(target.year)
    value = formatting.number(target.value) if target.value is not None else target.text
    return f"{when}: {value}"


# --- building -----------------------------------------------------------------------------------------


def assignment_label(assignment: Assignment) -> str:
    code = assignment.code or (assignment.effect.code if assignment.effect_id else "")
    return f"{code} {assignment.display_title}".strip()


def _goal_lines(assignment: Assignment) -> list[str]:
    if assignment.effect_id:
        effect = assignment.effect
        return [
            _("Maatschappelijk effect %(code)s: %(title)s") % {"code": effect.code, "title": effect.title}
        ]
    if assignment.smart_goal_id:
        goal = assignment.smart_goal
        lines = [_("SMART-doel: %(title)s") % {"title": goal.title}]
        lines += [
            _("ER-doel %(code)s: %(title)s") % {"code": effect.code, "title": effect.title}
            for effect in goal.effects.all()
        ]
        return lines
    return []


def _plan_year(agreement: Agreement) -> int | None:
    if agreement.start_year:
        return agreement.start_year
    if agreement.framework_id:
        return agreement.framework.start_year
    years = [amount.year for line in agreement.subsidy_lines.all() for amount in line.amounts.all()]
    return min(years) if years else None


def _subsidy_amount(line: SubsidyLine, year: int | None) -> Amount | None:
    for amount in line.amounts.all():
        if amount.year == year:
            if amount.is_pm:
                return Amount.pm()
            if amount.amount is not None:
                return Amount(amount.amount)
    return None


def subsidy_by_municipality(agreements: list[Agreement]) -> tuple[dict[str, Amount], Amount | None, set]:
    """Subsidy asked for the plan year per municipality, and the regional total as the application states
    it (its lines without municipality), if it has one."""
    per_municipality: dict[str, Amount] = {}
    regional: Amount | None = None
    years = set()
    for agreement in agreements:
        year = _plan_year(agreement)
        for line in agreement.subsidy_lines.all():
            years.add(year)
            amount = _subsidy_amount(line, year)
            if amount is None:
                continue
            if line.municipality_id:
                name = line.municipality.name
                per_municipality[name] = per_municipality.get(name, Amount()) + amount
            else:
                regional = (regional or Amount()) + amount
    return per_municipality, regional, years


def subsidy_tables(agreements: list[Agreement]) -> list[DataTable]:
    """The subsidy asked as the application states it, one table per agreement: the region first, then
    each municipality, with subtotals per kind (structureel, incidenteel) and a total per block."""
    tables = []
    several = len([a for a in agreements if a.subsidy_lines.all()]) > 1
    for agreement in agreements:
        lines = list(agreement.subsidy_lines.all())
        if not lines:
            continue
        years = sorted({amount.year for line in lines for amount in line.amounts.all()})
        title = _("Subsidieaanvraag")
        table = DataTable(
            f"{title} ({agreement.title})" if several else title,
            [
                Column("municipality", _("Gemeente")),
                Column("kind", _("Soort")),
                Column("service", _("Dienst")),
                Column("fte", _("Formatie (fte)"), DECIMAL),
                *(Column(f"y{year}", str(year), MONEY) for year in years),
            ],
            slug=f"subsidie-{agreement.slug}" if several else "subsidie",
        )
        blocks: dict[str, list[SubsidyLine]] = {}
        for line in sorted(lines, key=lambda line: (line.municipality_id is not None, _block_name(line))):
            blocks.setdefault(_block_name(line), []).append(line)
        for name, block in blocks.items():
            grand = _SubsidySums(years)
            for kind, label in SubsidyLine.Kind.choices:
                kind_lines = [line for line in block if line.kind == kind]
                if not kind_lines:
                    continue
                sums = _SubsidySums(years)
                for line in kind_lines:
                    amounts = {amount.year: amount for amount in line.amounts.all()}
                    service = f"{line.service} ({line.description})" if line.description else line.service
                    table.add(
                        name, str(label), service, line.fte, *(_subsidy_cell(amounts.get(y)) for y in years)
                    )
                    sums.add(line)
                    grand.add(line)
                subtotal = _("Subtotaal %(kind)s") % {"kind": label}
                table.add(name, subtotal, "", *sums.cells(), total=True)
            table.add(name, _("Totaal"), "", *grand.cells(), total=True)
        tables.append(table)
    return tables


def _block_name(line: SubsidyLine) -> str:
    return line.municipality.name if line.municipality_id else _("Regio")


def _subsidy_cell(amount):
    if amount is None:
        return None
    if amount.is_pm:
        return "PM"
    if amount.amount is not None:
        return amount.amount
    return amount.text or None


class _SubsidySums:
    def __init__(self, years: list[int]):
        self.years = years
        self.fte: Decimal | None = None
        self.amounts: dict[int, Amount | None] = dict.fromkeys(years)

    def add(self, line: SubsidyLine) -> None:
        if line.fte is not None:
            self.fte = (self.fte or ZERO) + line.fte
        for year in self.years:
            amount = _subsidy_amount(line, year)
            if amount is not None:
                self.amounts[year] = (self.amounts[year] or Amount()) + amount

    def cells(self) -> list:
        return [self.fte, *(None if a is None else money_cell(a) for a in self.amounts.values())]


def _plan_item(assignment: Assignment) -> dict:
    """One assignment as the plan prints it, with its hours and money per municipality."""
    effort = effort_by_municipality(assignment)
    return {
        "assignment": assignment,
        "label": assignment_label(assignment),
        "goals": _goal_lines(assignment),
        "indicators": [
            {"indicator": indicator, "targets": [_target_text(t) for t in indicator.targets.all()]}
            for indicator in assignment.indicators.all()
        ],
        "effort": [
            {"municipality": row.municipality, "hours": _hours_text(row.hours), "notes": row.notes}
            for row in effort
        ],
        "effort_rows": effort,
    }


def group_by_core_function(assignments: list[Assignment]) -> list[tuple[str, list[dict]]]:
    """Kernfuncties in the order the plan first names them; assignments without one last, as "Overig"."""
    other = str(OTHER_CORE_FUNCTION)
    groups: dict[str, list[dict]] = {}
    for assignment in assignments:
        groups.setdefault(assignment.core_function.strip() or other, []).append(_plan_item(assignment))
    return sorted(groups.items(), key=lambda group: group[0] == other)


def money_table(groups: list[tuple[str, list[dict]]], municipalities: list[str]) -> tuple[DataTable, dict]:
    """Hours and money per assignment and municipality, a subtotal per kernfunctie and the overall total;
    and the sums per municipality (every municipality of the agreements, with or without lines)."""
    table = DataTable(
        _("Uren en geld per opdracht en gemeente"),
        [
            Column("core_function", _("Kernfunctie")),
            Column("assignment", _("Opdracht")),
            Column("municipality", _("Gemeente")),
            *effort_columns(),
        ],
        slug="uren-en-geld",
    )
    overall = EffortSums()
    by_municipality: dict[str, EffortSums] = {name: EffortSums() for name in municipalities}
    for name, items in groups:
        subtotal = EffortSums()
        for item in items:
            for row in item["effort_rows"]:
                rate = rate_cell(item["assignment"], row.municipality)
                table.add(name, item["label"], row.municipality, *EffortSums.of(row).cells(rate))
                for sums in (subtotal, overall, by_municipality.setdefault(row.municipality, EffortSums())):
                    sums.add(row)
        if any(item["effort_rows"] for item in items):
            table.add(name, _("Subtotaal %(name)s") % {"name": name}, "", *subtotal.cells(), total=True)
    table.add(_("Totaal"), "", "", *overall.cells(), total=True)
    return table, {"overall": overall, "by_municipality": dict(sorted(by_municipality.items()))}


def municipality_table(sums: dict, agreements: list[Agreement]) -> tuple[DataTable, str]:
    """The totals per municipality and overall, with the subsidy asked next to them where there is one."""
    subsidy, regional, subsidy_years = subsidy_by_municipality(agreements)
    subsidy_total = sum(subsidy.values(), Amount()) if subsidy else None
    # Without municipal lines the total is the one the application states for the region; with them, the
    # sum of the rows above it (the application's own totals may differ by its rounding, so say so).
    note = ""
    if subsidy_total is None:
        subsidy_total = regional
    elif regional is not None and regional != subsidy_total:
        note = _("De aanvraag noemt voor de hele regio %(regional)s; de som van de gemeenten is %(sum)s.") % {
            "regional": format_amount(regional),
            "sum": format_amount(subsidy_total),
        }
    columns = [Column("municipality", _("Gemeente")), *effort_columns(with_rate=False)]
    has_subsidy = bool(subsidy_years)
    if has_subsidy:
        years = {year for year in subsidy_years if year}
        label = (
            _("Subsidie gevraagd %(year)s") % {"year": years.pop()}
            if len(years) == 1
            else _("Subsidie gevraagd (eerste jaar)")
        )
        columns.append(Column("subsidy", label, MONEY))
    table = DataTable(_("Totaal per gemeente"), columns, slug="totaal-per-gemeente")

    def subsidy_cell(value: Amount | None) -> list:
        if not has_subsidy:
            return []
        return [None if value is None else money_cell(value)]

    for municipality, row in sums["by_municipality"].items():
        table.add(municipality, *row.cells(with_rate=False), *subsidy_cell(subsidy.get(municipality)))
    overall = sums["overall"].cells(with_rate=False)
    table.add(_("Totaal"), *overall, *subsidy_cell(subsidy_total), total=True)
    return table, note


def build_prestatieplan(user, cleaned: dict) -> ReportDocument:
    """The plan of one organisation: its agreements in the selection, their assignments and the money."""
    organisation = cleaned["organisation"]
    agreements = plan_agreements(
        user,
        organisation=organisation,
        framework=cleaned.get("framework"),
        agreement=cleaned.get("agreement"),
    )
    assignments = plan_assignments(agreements)
    groups = group_by_core_function(assignments)
    municipalities = sorted({m.name for a in agreements for m in a.municipalities.all()})
    money, sums = money_table(groups, municipalities)
    per_municipality, subsidy_note = municipality_table(sums, agreements)
    subsidies = subsidy_tables(agreements)
    frameworks = list(dict.fromkeys(a.framework.title for a in agreements if a.framework_id))
    if cleaned.get("agreement"):
        subtitle = cleaned["agreement"].title
    else:
        subtitle = cleaned["framework"].title if cleaned.get("framework") else ", ".join(frameworks)
    return ReportDocument(
        name="prestatieplan",
        running_title=_("Prestatieplan"),
        title=_("Prestatieplan %(organisation)s") % {"organisation": organisation.name},
        subtitle=subtitle,
        template="reporting/prestatieplan.html",
        framework=", ".join(frameworks),
        municipality=_municipality_label(municipalities),
        context={
            "organisation": organisation,
            "agreements": [
                {
                    "agreement": agreement,
                    "rate": formatting.euro(agreement.hourly_rate),  # "" when not set
                    "municipalities": municipality_names(agreement.municipalities.all()),
                }
                for agreement in agreements
            ],
            "groups": [{"name": name, "items": items} for name, items in groups],
            "money_table": money,
            "municipality_table": per_municipality,
            "subsidy_note": subsidy_note,
            "subsidy_tables": subsidies,
            "has_money": len(money.rows) > 1,
            "has_lines_with_own_rate": any(
                line.hourly_rate is not None for a in assignments for line in a.hours_lines.all()
            ),
        },
        tables=[money, per_municipality, *subsidies],
    )


def _municipality_label(names: list[str]) -> str:
    if len(names) <= 2:
        return ", ".join(names)
    return _("%(count)s gemeenten") % {"count": len(names)}


register(
    ReportSpec(
        name="prestatieplan",
        label=gettext_lazy("Prestatieplan"),
        description=gettext_lazy(
            "De opdrachten van één organisatie per kernfunctie, met doelen, producten, indicatoren en uren "
            "per gemeente, gevolgd door de tabel met uren en geld en de gevraagde subsidie."
        ),
        form_class=PrestatieplanForm,
        build=build_prestatieplan,
        for_organisations=True,
    )
)
