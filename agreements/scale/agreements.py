"""Agreements with the partner organisations, their assignments (with hours and money) and indicators."""

from __future__ import annotations

from decimal import Decimal

from agreements.models import (
    Activity,
    AgreedResult,
    Agreement,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
)
from agreements.scale.generation import Generation
from agreements.scale.sizes import INDICATOR_KINDS, SLUG_PREFIX, TOPICS, Aggregation, ValueType
from agreements.scale.writing import bulk, leaves, link
from effects.codes import natural_sort_key
from effects.models import IndicatorDefinition, PolicyFramework, SmartGoal, SocietalEffect
from partners.models import Municipality, Organisation


def agreements(
    generation: Generation,
    framework: PolicyFramework,
    municipality: Municipality,
    partners: list[Organisation],
) -> list[Agreement]:
    """One adopted multi-year agreement per partner organisation, for all the years of the framework."""
    rnd, years = generation.random, generation.years
    made = [
        Agreement(
            slug=f"{framework.slug}-{organisation.slug.removeprefix(SLUG_PREFIX)}",
            framework=framework,
            organisation=organisation,
            title=f"Meerjarenbeschikking {organisation.name} {years[0]}-{years[-1]}",
            kind=Agreement.Kind.MULTI_YEAR_DECISION,
            start_year=years[0],
            end_year=years[-1],
            status=Agreement.Status.ADOPTED,
            hourly_rate=Decimal(rnd.choice([65, 68, 73, 79, 84])),
        )
        for organisation in partners
    ]
    made = generation.made("agreements", bulk(Agreement, made))
    link(Agreement.municipalities, [(a.pk, municipality.pk) for a in made])
    return made


def assignments(
    generation: Generation,
    municipality: Municipality,
    agreements: list[Agreement],
    effects: list[SocietalEffect],
    goals: list[SmartGoal],
) -> list[Assignment]:
    """Two in five under an effect, the others under a SMART goal; round the agreements in turn. Each has
    two activities, an agreed result, planned hours and a cost (and sometimes a revenue)."""
    rnd, made = generation.random, []
    per_parent: dict[str, int] = {}
    for a in range(generation.size.assignments):
        agreement = agreements[a % len(agreements)]
        if a % 5 < 2:
            parent = {"effect": effects[(a // 5 * 2 + a % 5) % len(effects)]}
            prefix = parent["effect"].code
        else:
            parent = {"smart_goal": goals[(a // 5 * 3 + a % 5 - 2) % len(goals)]}
            prefix = parent["smart_goal"].code
        number = per_parent[prefix] = per_parent.get(prefix, 0) + 1
        code = f"{prefix}.{number}"
        made.append(
            Assignment(
                agreement=agreement,
                code=code,
                sort_key=natural_sort_key(code),
                title=f"Opdracht {code}: {TOPICS[a % len(TOPICS)]}",
                role="T" if number == 1 else "P",
                core_function=f"Kernfunctie {1 + a % 4}",
                task="Voer de afgesproken activiteiten uit en rapporteer per halfjaar.",
                description="Synthetische opdracht voor de belastingtest.",
                position=number,
                **parent,
            )
        )
    made = generation.made("assignments", bulk(Assignment, made))
    activities, results, hours, money = [], [], [], []
    for assignment in made:
        for position in range(2):
            activities.append(
                Activity(
                    assignment=assignment,
                    position=position,
                    description=f"Activiteit {position + 1} van {assignment.code}",
                )
            )
        results.append(
            AgreedResult(assignment=assignment, position=0, description="Het afgesproken bereik is gehaald.")
        )
        hours.append(
            HoursLine(
                assignment=assignment,
                municipality=municipality,
                position=0,
                hours=Decimal(rnd.randint(40, 1600)),
            )
        )
        money.append(
            MoneyLine(
                assignment=assignment,
                municipality=municipality,
                position=0,
                kind=MoneyLine.Kind.COST,
                amount=Decimal(rnd.randint(0, 200) * 50),
            )
        )
        if rnd.random() < 0.3:
            money.append(
                MoneyLine(
                    assignment=assignment,
                    municipality=municipality,
                    position=1,
                    kind=MoneyLine.Kind.REVENUE,
                    amount=Decimal(rnd.randint(0, 40) * 50),
                )
            )
    generation.made("activities", bulk(Activity, activities))
    generation.made("agreed_results", bulk(AgreedResult, results))
    generation.made("hours_lines", bulk(HoursLine, hours))
    generation.made("money_lines", bulk(MoneyLine, money))
    return made


def performance_indicators(
    generation: Generation, assignments: list[Assignment]
) -> list[PerformanceIndicator]:
    """The indicators of each assignment round INDICATOR_KINDS, with a target per year for those with
    numbers."""
    indicators = []
    for a, assignment in enumerate(assignments):
        for position in range(generation.size.indicators_per_assignment):
            # Every fourth assignment reports a text instead of yes/no.
            kind = position if position != 5 or a % 4 else 6
            name, value_type, aggregation, direction, unit = INDICATOR_KINDS[kind % len(INDICATOR_KINDS)]
            indicators.append(
                PerformanceIndicator(
                    assignment=assignment,
                    position=position,
                    name=f"{name} ({assignment.code})",
                    value_type=value_type,
                    aggregation=aggregation,
                    direction=direction,
                    unit=unit,
                    frequency=IndicatorDefinition.Frequency.HALF_YEAR,
                    source=IndicatorDefinition.Source.OWN_RECORDS,
                    baseline_value=generation.level(value_type),
                )
            )
    indicators = generation.made("performance_indicators", bulk(PerformanceIndicator, indicators))
    targets = []
    for indicator in indicators:
        if indicator.value_type in (ValueType.TEXT, ValueType.YES_NO):
            continue
        for year in generation.years:
            value = generation.level(indicator.value_type)
            if indicator.aggregation == Aggregation.CUMULATIVE:
                value *= 2  # a year holds two half years
            targets.append(PerformanceTarget(indicator=indicator, year=year, value=value))
    generation.made("performance_targets", leaves(PerformanceTarget, targets))
    return indicators
