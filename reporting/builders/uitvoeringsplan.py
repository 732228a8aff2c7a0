"""Uitvoeringsplan of a framework: SMART goals per ER-doel and investment line, marked in the years planned,
with met wie and geld (chapter 7 of the Haren beleidsnota). A goal serving several ER-doelen appears under
each of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from effects.models import PolicyFramework, SmartGoal, SocietalEffect
from effects.selectors import frameworks_for
from reporting.builders.common import municipality_names
from reporting.documents import ReportDocument, ReportSpec, register
from reporting.forms import ReportForm, framework_field
from reporting.tables import Column, DataTable

MARK = "x"
# The investment lines in the order the note uses; goals without one come last.
LINE_ORDER = [value for value, _label in SmartGoal.InvestmentLine.choices] + [""]


class UitvoeringsplanForm(ReportForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["framework"] = framework_field(user)


def framework_with_goals(user, pk: int) -> PolicyFramework:
    """The framework with its ER-doelen in code order, each with its SMART goals, and goals without one."""
    goals = SmartGoal.objects.order_by("position", "pk")
    effects = SocietalEffect.objects.order_by("sort_key").prefetch_related(
        Prefetch("smart_goals", queryset=goals)
    )
    return (
        frameworks_for(user)
        .prefetch_related(
            "municipalities",
            Prefetch("effects", queryset=effects),
            Prefetch("smart_goals", queryset=goals.filter(effects=None), to_attr="goals_without_effect"),
        )
        .get(pk=pk)
    )


@dataclass
class GoalRow:
    goal: SmartGoal
    marks: list[bool]


def _line_label(value: str) -> str:
    return str(SmartGoal.InvestmentLine(value).label) if value else _("Geen investeringslijn")


def _lines(goals: list[SmartGoal], years: list[int]) -> list[dict]:
    """Goals grouped by investment line, in the note's order; within a line in the framework's order."""
    lines = []
    for value in LINE_ORDER:
        rows = [
            GoalRow(goal, [year in (goal.planned_years or []) for year in years])
            for goal in goals
            if goal.investment_line == value
        ]
        if rows:
            lines.append({"label": _line_label(value), "rows": rows})
    return lines


def build_uitvoeringsplan(user, cleaned: dict) -> ReportDocument:
    """The plan of one framework: a section per ER-doel (goals without one last), one table for export."""
    framework = framework_with_goals(user, cleaned["framework"].pk)
    years = framework.years
    period = {"start": framework.start_year, "end": framework.end_year}
    sections = [
        {
            "code": effect.code,
            "title": effect.title,
            "label": f"{effect.code} {effect.title}".strip(),
            "lines": _lines(list(effect.smart_goals.all()), years),
        }
        for effect in framework.effects.all()
    ]
    if framework.goals_without_effect:
        label = _("Zonder ER-doel")
        sections.append(
            {
                "code": "",
                "title": label,
                "label": label,
                "lines": _lines(framework.goals_without_effect, years),
            }
        )

    table = DataTable(
        _("Uitvoeringsplan %(start)s-%(end)s") % period,
        [
            Column("effect", _("ER-doel")),
            Column("investment_line", _("Investeringslijn")),
            Column("goal", _("Wat (SMART-doel)")),
            *(Column(f"y{year}", str(year)) for year in years),
            Column("partners", _("Met wie")),
            Column("funding", _("Geld")),
        ],
        slug="uitvoeringsplan",
    )
    for section in sections:
        for line in section["lines"]:
            for row in line["rows"]:
                table.add(
                    section["label"],
                    line["label"],
                    row.goal.title,
                    *(MARK if marked else None for marked in row.marks),
                    row.goal.partners_text,
                    row.goal.funding_text,
                )

    return ReportDocument(
        name="uitvoeringsplan",
        running_title=_("Uitvoeringsplan"),
        title=_("Uitvoeringsplan %(start)s–%(end)s") % period,
        subtitle=framework.title,
        template="reporting/uitvoeringsplan.html",
        framework=framework.title,
        municipality=municipality_names(framework.municipalities.all()),
        context={
            "framework": framework,
            "years": years,
            "sections": sections,
            "plan_table": table,
            "column_count": len(years) + 4,
        },
        tables=[table],
    )


register(
    ReportSpec(
        name="uitvoeringsplan",
        label=gettext_lazy("Uitvoeringsplan"),
        description=gettext_lazy(
            "De SMART-doelen per ER-doel en investeringslijn, met per jaar van het beleidskader een kruisje "
            "waar het doel gepland is, met wie en met welk geld."
        ),
        form_class=UitvoeringsplanForm,
        build=build_uitvoeringsplan,
    )
)
