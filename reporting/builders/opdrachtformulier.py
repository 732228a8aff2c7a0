"""Opdrachtformulier: one effect with its opdrachtnemers, or the whole book of a framework (DOMAIN.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.costs import EffortRow, effort_by_municipality
from agreements.models import Assignment
from agreements.money import Amount
from agreements.selectors import effects_with_assignments
from effects.models import PolicyFramework, SocietalEffect
from effects.selectors import frameworks_for
from reporting.builders.common import EffortSums, effort_columns, municipality_names, pm_text, rate_cell
from reporting.documents import ReportDocument, ReportSpec, register
from reporting.formatting import number
from reporting.forms import ReportForm, clean_effect_code, effect_field, framework_field
from reporting.tables import DECIMAL, Column, DataTable

ROLE_ORDER = {"T": 0, "P": 1}


class OpdrachtformulierForm(ReportForm):
    effect = effect_field(gettext_lazy("Bijvoorbeeld 4.3. Leeg: het hele boek met alle effecten."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields = {"framework": framework_field(user), **self.fields}

    def clean(self):
        cleaned = super().clean()
        clean_effect_code(self, cleaned)
        return cleaned


@dataclass
class HoursText:
    """One planned hours line as the form prints it: 'Inzet directe beroepskrachturen: 1403'."""

    label: str
    value: str
    note: str


@dataclass
class AssignmentBlock:
    """One opdrachtnemer under an effect, with its hours and money per municipality."""

    assignment: Assignment
    organisation: str
    hours: list[HoursText]
    effort: list[EffortRow]
    effort_lines: list[dict]  # the same rows as the cost table prints them (PM kept)
    hourly_rate: Decimal | None
    # The cost table is printed when there is money to show: an hourly rate or direct costs / revenues.
    shows_costs: bool


@dataclass
class EffectSheet:
    effect: SocietalEffect
    anchor: str
    related: list[tuple[str, str]]  # (code, anchor) of related effects
    blocks: list[AssignmentBlock]


def assignment_order(assignment: Assignment) -> tuple:
    """T (trekker) before P (partner), then as the form lists them, then by organisation."""
    return (
        ROLE_ORDER.get(assignment.role, 2),
        assignment.position,
        assignment.agreement.organisation.name,
        assignment.pk,
    )


def anchor_for(effect: SocietalEffect) -> str:
    return "effect-" + "-".join(effect.code.split())


def plain_hours(hours: Decimal) -> str:
    """Hours as the form writes them, without a thousands separator: 1403, 12,5."""
    return f"{Decimal(hours).normalize():f}".replace(".", ",")


def hours_text(amount: Amount) -> str:
    """Hours with PM: '1403', 'PM' or '120 + PM'."""
    return pm_text(amount, plain_hours(amount.known))


def _block(assignment: Assignment, several_municipalities: bool) -> AssignmentBlock:
    lines = list(assignment.hours_lines.all())
    several = several_municipalities or len({line.municipality_id for line in lines}) > 1
    hours = []
    for line in lines:
        label = line.category or _("Inzet directe beroepskrachturen")
        if several:
            label = f"{label} {line.municipality.name}"
        value = "PM" if line.is_pm or line.hours is None else plain_hours(line.hours)
        hours.append(HoursText(label, value, line.note))
    rate = assignment.agreement.hourly_rate
    has_rate = rate is not None or any(line.hourly_rate is not None for line in lines)
    effort = effort_by_municipality(assignment)
    return AssignmentBlock(
        assignment=assignment,
        organisation=assignment.agreement.organisation.name,
        hours=hours,
        effort=effort,
        effort_lines=[
            {
                "municipality": row.municipality,
                "hours": hours_text(row.hours),
                "hour_cost": str(row.hour_cost),
                "direct_costs": str(row.direct_costs),
                "direct_revenue": str(row.direct_revenue),
                "total": str(row.total),
            }
            for row in effort
        ],
        hourly_rate=rate,
        shows_costs=has_rate or bool(assignment.money_lines.all()),
    )


def _year_target(targets: list, year: int):
    """The target of one year as a cell: its value, its text, or the period targets of that year as text."""
    of_year = [target for target in targets if target.year == year]
    if not of_year:
        return None
    if len(of_year) == 1:
        target = of_year[0]
        return target.value if target.value is not None else (target.text or None)
    return "; ".join(number(t.value) if t.value is not None else t.text for t in of_year)


def _baseline(indicator) -> str:
    value = indicator.baseline_value
    text = number(value) if value is not None else indicator.baseline_text
    if text and indicator.baseline_date:
        text = f"{text} ({format_date(indicator.baseline_date, 'j-n-Y')})"  # as the form prints it
    return text or ""


def _effort_table(sheets: list[EffectSheet]) -> DataTable:
    """Hours and money per effect, opdrachtnemer and municipality, with a total per municipality."""
    effort = DataTable(
        _("Inzet en kosten"),
        [
            Column("effect", _("Effect")),
            Column("organisation", _("Opdrachtnemer")),
            Column("role", _("Rol")),
            Column("municipality", _("Gemeente")),
            *effort_columns(),
            Column("note", _("Toelichting")),
        ],
        slug="inzet-en-kosten",
    )
    totals: dict[str, EffortSums] = defaultdict(EffortSums)
    for sheet in sheets:
        for block in sheet.blocks:
            for row in block.effort:
                rate = rate_cell(block.assignment, row.municipality)
                effort.add(
                    sheet.effect.code, block.organisation, block.assignment.role, row.municipality,
                    *EffortSums.of(row).cells(rate), " ".join(row.notes),
                )  # fmt: skip
                totals[row.municipality].add(row)
    for municipality, sums in sorted(totals.items()):
        effort.add(_("Totaal"), "", "", municipality, *sums.cells(), "", total=True)
    return effort


def _indicator_table(framework: PolicyFramework, sheets: list[EffectSheet]) -> DataTable:
    """Effect and performance indicators with their baseline and a target column per year."""
    years = framework.years
    indicators = DataTable(
        _("Indicatoren"),
        [
            Column("effect", _("Effect")),
            Column("kind", _("Soort")),
            Column("organisation", _("Opdrachtnemer")),
            Column("role", _("Rol")),
            Column("indicator", _("Indicator")),
            Column("baseline", _("Nulmeting")),
            *(
                Column(f"target_{year}", _("Streefwaarde %(year)s") % {"year": year}, DECIMAL)
                for year in years
            ),
        ],
        slug="indicatoren",
    )
    for sheet in sheets:
        code = sheet.effect.code
        for indicator in sheet.effect.indicators.all():
            targets = list(indicator.targets.all())
            indicators.add(
                code, _("effectindicator"), "", "", indicator.name, _baseline(indicator),
                *(_year_target(targets, year) for year in years),
            )  # fmt: skip
        for block in sheet.blocks:
            for indicator in block.assignment.indicators.all():
                targets = list(indicator.targets.all())
                indicators.add(
                    code, _("prestatie-indicator"), block.organisation, block.assignment.role, indicator.name,
                    _baseline(indicator), *(_year_target(targets, year) for year in years),
                )  # fmt: skip
    return indicators


def _target_group_table(sheets: list[EffectSheet]) -> DataTable:
    """Doelgroep informatie of every effect, as the form prints it."""
    table = DataTable(
        _("Doelgroep informatie"),
        [
            Column("effect", _("Effect")),
            Column("label", _("Omschrijving")),
            Column("count", _("Aantal"), DECIMAL),
            Column("reference_date", _("Peildatum")),
        ],
        slug="doelgroep",
    )
    for sheet in sheets:
        for figure in sheet.effect.target_groups.all():
            table.add(
                sheet.effect.code,
                figure.label,
                figure.count if figure.count is not None else (figure.count_text or None),
                format_date(figure.reference_date, "j-n-Y") if figure.reference_date else "",
            )
    return table


def build(user, cleaned: dict) -> ReportDocument:
    """The opdrachtformulier of one effect, or (no effect chosen) the whole book of the framework."""
    effects = (
        effects_with_assignments(user, indicator_targets=True)
        .filter(framework=cleaned["framework"].pk)
        .prefetch_related("framework__municipalities")
        .order_by("sort_key")
    )
    code = cleaned.get("effect") or ""
    if code:
        effects = effects.filter(code=code)
    effects = list(effects)
    # The effects come through the user's scoped selector, and so does their framework; without effects,
    # the framework is read on its own (DoesNotExist when the user may not see it).
    if effects:
        framework = effects[0].framework
    else:
        framework = frameworks_for(user).prefetch_related("municipalities").get(pk=cleaned["framework"].pk)
    if code and not effects:
        raise SocietalEffect.DoesNotExist
    municipalities = municipality_names(framework.municipalities.all())
    several = len(framework.municipalities.all()) > 1
    sheets = [
        EffectSheet(
            effect=effect,
            anchor=anchor_for(effect),
            related=[(other.code, anchor_for(other)) for other in effect.related_effects.all()],
            blocks=[_block(a, several) for a in sorted(effect.assignments.all(), key=assignment_order)],
        )
        for effect in effects
    ]
    book = not code
    effort, indicators = _effort_table(sheets), _indicator_table(framework, sheets)
    target_groups = _target_group_table(sheets)
    title = framework.title if book else f"{effects[0].code} {effects[0].title}"
    return ReportDocument(
        name="opdrachtformulier",
        running_title=_("Opdrachtformulier"),
        title=title,
        subtitle=framework.title if book else f"{framework.title} {effects[0].code}",
        template="reporting/opdrachtformulier.html",
        context={
            "framework": framework,
            "municipalities": municipalities,
            "sheets": sheets,
            "book": book,
            "effort_table": effort,
            "indicator_table": indicators,
            "target_group_table": target_groups,
        },
        tables=[effort, indicators, target_groups],
        municipality=municipalities,
        framework=framework.title,
    )


# The whole book of a framework with more assignments is read per effect on screen (the PDF stays whole).
# The largest demo book (Haren Wmo 2013-2016) has 53 assignments.
PAGE_MAX_ASSIGNMENTS = 150


def by_effect_on_page(cleaned: dict) -> bool:
    framework = cleaned.get("framework")
    if framework is None or cleaned.get("effect"):
        return False
    return Assignment.objects.filter(agreement__framework=framework).count() > PAGE_MAX_ASSIGNMENTS


register(
    ReportSpec(
        name="opdrachtformulier",
        label=gettext_lazy("Opdrachtformulier"),
        description=gettext_lazy(
            "Per maatschappelijk effect: beoogd effect, indicatoren, doelgroep en partners, en per "
            "opdrachtnemer de activiteiten, resultaten, indicatoren en inzet. Zonder effect: het hele boek "
            "met voorblad en inhoudsopgave."
        ),
        form_class=OpdrachtformulierForm,
        build=build,
        is_large=lambda cleaned: not cleaned.get("effect"),
        by_effect_on_page=by_effect_on_page,
    )
)
