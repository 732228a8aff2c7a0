"""A municipality's policy framework: themes, societal effects, SMART goals and effect indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

from agreements.scale.generation import Generation
from agreements.scale.sizes import SLUG_PREFIX, TOPICS, WORDS, Direction, ValueType
from agreements.scale.writing import bulk, link
from effects.codes import natural_sort_key
from effects.models import (
    EffectIndicator,
    EffectIndicatorTarget,
    EffectIndicatorValue,
    EffectPartner,
    IndicatorDefinition,
    PolicyFramework,
    SmartGoal,
    SocietalEffect,
    TargetGroupFigure,
    Theme,
)
from partners.models import Municipality, Organisation


def policy_framework(generation: Generation, index: int, municipality: Municipality) -> PolicyFramework:
    """The adopted framework of the municipality (its index-th), over all the years of the run."""
    start, end = generation.years[0], generation.years[-1]
    framework = PolicyFramework(
        slug=f"{SLUG_PREFIX}{index + 1:02d}-kader",
        title=f"Beleidskader Sociaal Domein {start}-{end} {municipality.name}",
        document_kind=PolicyFramework.DocumentKind.POLICY_NOTE,
        start_year=start,
        end_year=end,
        status=PolicyFramework.Status.ADOPTED,
        document_date=datetime.date(start - 1, 11, 1),
        ambition="Iedereen doet mee, naar vermogen, in een veilige en gezonde omgeving.",
    )
    framework = generation.made("frameworks", bulk(PolicyFramework, [framework]))[0]
    link(PolicyFramework.municipalities, [(framework.pk, municipality.pk)])
    return framework


def effects(
    generation: Generation, framework: PolicyFramework, partners: list[Organisation]
) -> list[SocietalEffect]:
    """Themes and the effects spread over them, each effect with a target group and two partners."""
    size, rnd = generation.size, generation.random
    themes = generation.made(
        "themes",
        bulk(
            Theme,
            [
                Theme(
                    framework=framework,
                    code=str(t + 1),
                    sort_key=natural_sort_key(str(t + 1)),
                    name=f"Thema {t + 1}: {TOPICS[t % len(TOPICS)]}",
                )
                for t in range(size.themes)
            ],
        ),
    )
    made = []
    for e in range(size.effects):
        theme = themes[e % len(themes)]
        code = f"{theme.code}.{e // len(themes) + 1}"
        made.append(
            SocietalEffect(
                framework=framework,
                theme=theme,
                code=code,
                sort_key=natural_sort_key(code),
                title=f"{WORDS[e % 3].capitalize()}: {TOPICS[(e + 3) % len(TOPICS)]} ({code})",
                responsible=f"Wethouder {1 + e % 3}",
                priority="ABC"[e % 3],
                intended_effect="Inwoners merken dat het beter gaat; zie de indicatoren.",
                guidelines="Werk wijkgericht.\nSluit aan bij het voorliggend veld.",
            )
        )
    made = generation.made("effects", bulk(SocietalEffect, made))
    generation.made(
        "target_groups",
        bulk(
            TargetGroupFigure,
            [
                TargetGroupFigure(
                    effect=effect,
                    label="Inwoners in de doelgroep",
                    count=Decimal(rnd.randint(100, 5000)),
                    reference_date=datetime.date(generation.years[0] - 1, 1, 1),
                )
                for effect in made
            ],
        ),
    )
    effect_partners = []
    for e, effect in enumerate(made):
        for position, role in enumerate(("T", "P")):
            organisation = partners[(e + position) % len(partners)]
            effect_partners.append(
                EffectPartner(
                    effect=effect,
                    name=organisation.name,
                    organisation=organisation,
                    role=role,
                    position=position,
                )
            )
    generation.made("effect_partners", bulk(EffectPartner, effect_partners))
    return made


def smart_goals(
    generation: Generation, framework: PolicyFramework, effects: list[SocietalEffect]
) -> list[SmartGoal]:
    """SMART goals round the investment lines, each serving one effect and every fourth one two."""
    end = generation.years[-1]
    lines = list(SmartGoal.InvestmentLine.values)
    goals = generation.made(
        "goals",
        bulk(
            SmartGoal,
            [
                SmartGoal(
                    framework=framework,
                    code=f"S{g + 1}",
                    title=f"Eind {end} is het aantal deelnemers aan {TOPICS[g % len(TOPICS)]} met "
                    f"{1 + g % 5}% toegenomen",
                    investment_line=lines[g % len(lines)],
                    planned_years=[y for y in generation.years if (y + g) % 3 or y == end],
                    partners_text="Welzijn, GGD",
                    funding_text="Binnen bestaand budget",
                    position=g + 1,
                )
                for g in range(generation.size.goals)
            ],
        ),
    )
    goal_effects = set()
    for g, goal in enumerate(goals):
        goal_effects.add((goal.pk, effects[g % len(effects)].pk))
        if g % 4 == 0:
            goal_effects.add((goal.pk, effects[(g + 1) % len(effects)].pk))
    link(SmartGoal.effects, sorted(goal_effects))
    return goals


def effect_indicators(
    generation: Generation,
    framework: PolicyFramework,
    effects: list[SocietalEffect],
    goals: list[SmartGoal],
) -> None:
    """One indicator per effect, one per goal of the first third, and two BBV indicators; with a target
    for every year and a value for every year but the last."""
    rnd, indicators = generation.random, []
    for position, effect in enumerate(effects):
        indicators.append(
            EffectIndicator(
                framework=framework,
                effect=effect,
                position=position,
                name=f"Percentage inwoners: {effect.title[:60]}",
                value_type=ValueType.PERCENTAGE,
                direction=Direction.HIGHER_IS_BETTER,
                baseline_value=Decimal(rnd.randint(40, 70)),
                source=IndicatorDefinition.Source.HEALTH_MONITOR,
            )
        )
    for position, goal in enumerate(goals[: len(goals) // 3]):
        indicators.append(
            EffectIndicator(
                framework=framework,
                smart_goal=goal,
                position=position,
                name=f"Deelnemers {goal.code}",
                value_type=ValueType.COUNT,
                direction=Direction.HIGHER_IS_BETTER,
                baseline_value=Decimal(rnd.randint(50, 400)),
            )
        )
    for position, name in enumerate(["Banen per 1.000 inwoners", "Jongeren met jeugdzorg (%)"]):
        indicators.append(
            EffectIndicator(
                framework=framework,
                name=name,
                is_bbv=True,
                position=position,
                value_type=ValueType.PERCENTAGE,
                source="waarstaatjegemeente",
                baseline_value=Decimal(rnd.randint(5, 60)),
            )
        )
    indicators = generation.made("effect_indicators", bulk(EffectIndicator, indicators))
    targets, values = [], []
    for indicator in indicators:
        base = indicator.baseline_value or Decimal(50)
        for step, year in enumerate(generation.years):
            targets.append(EffectIndicatorTarget(indicator=indicator, year=year, value=base + step + 1))
            if year < generation.years[-1]:
                values.append(
                    EffectIndicatorValue(indicator=indicator, year=year, value=base + rnd.randint(-2, 4))
                )
    generation.made("effect_indicator_targets", bulk(EffectIndicatorTarget, targets))
    generation.made("effect_indicator_values", bulk(EffectIndicatorValue, values))
