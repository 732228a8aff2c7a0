"""Synthetic load data at regional scale (issue 7): many municipalities, frameworks, assignments and values.

Everything is made with bulk_create in batches and without history rows: this is load data for benchmarks
and query-count tests, not a record of anyone's work. It is otherwise valid: codes with their sort keys,
positions, constraints, reports whose status matches their values, periods closed except the current one.
The same seed (and end year) gives the same data.
"""

from __future__ import annotations

import datetime
import io
import random
import time
from dataclasses import dataclass, replace
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from agreements.models import (
    Activity,
    AgreedResult,
    Agreement,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
    PeriodReport,
    Realisation,
    RealisedCost,
    RealisedHours,
    ReportEvent,
    ReportingPeriod,
)
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
from partners.models import Membership, Municipality, Organisation, User

SCALE_PASSWORD = "schaal-wachtwoord"
SLUG_PREFIX = "schaal-"
BATCH = 2000

ValueType = IndicatorDefinition.ValueType
Direction = IndicatorDefinition.Direction
Aggregation = IndicatorDefinition.Aggregation
Role = Membership.Role


@dataclass(frozen=True)
class Size:
    """How much to make. Per-framework figures are for each municipality's own framework."""

    municipalities: int
    organisations: int
    organisations_per_municipality: int
    users_per_organisation: int
    themes: int
    effects: int  # per framework, spread over its themes
    goals: int
    assignments: int
    indicators_per_assignment: int
    years: int  # a framework has two half-year periods per year


SIZES = {
    # For tests: a few of everything, every kind of row present.
    "klein": Size(2, 4, 3, 1, 2, 4, 4, 10, 2, 2),
    # The shape of the demo's Haren Wmo 2013-2016: 16 effects, about 50 assignments and 150 indicators.
    "demo": Size(1, 14, 14, 1, 4, 16, 8, 50, 3, 4),
    # Issue 7: 10 municipalities, 40 organisations, 200 users; per framework 6 themes, 24 effects,
    # 60 SMART goals, 400 assignments, 2,400 indicators, 8 periods: 192,000 realisations in all.
    "regio": Size(10, 40, 12, 4, 6, 24, 60, 400, 6, 4),
}
SIZES["3x"] = replace(SIZES["regio"], municipalities=30, organisations=120)
# Per municipality: two policy officers, an alderman and a functional admin.
MUNICIPAL_ROLES = [
    ("beleid", Role.POLICY_OFFICER, 1),
    ("beleid", Role.POLICY_OFFICER, 2),
    ("wethouder", Role.ALDERMAN, 1),
    ("beheer", Role.FUNCTIONAL_ADMIN, 1),
]

PLACES = ["Noord", "Zuid", "Oost", "West", "Hoog", "Laag", "Groot", "Klein", "Oud", "Nieuw"]
ENDINGS = ["veen", "wold", "dijk", "horst", "mond", "dam", "brug", "hoven"]
ORGANISATION_KINDS = [
    (Organisation.Kind.WELFARE, "Stichting Welzijn"),
    (Organisation.Kind.HEALTH_SERVICE, "GGD"),
    (Organisation.Kind.LIBRARY, "Bibliotheek"),
    (Organisation.Kind.CARE_PROVIDER, "Zorggroep"),
    (Organisation.Kind.ASSOCIATION, "Sportvereniging"),
    (Organisation.Kind.POLICE, "Politie basisteam"),
    (Organisation.Kind.EDUCATION, "Onderwijsgroep"),
    (Organisation.Kind.PARTNERSHIP, "Samenwerkingsverband"),
]
WORDS = ["meer", "beter", "minder"]
TOPICS = [
    "inwoners doen mee naar vermogen",
    "jongeren groeien gezond op",
    "ouderen wonen langer thuis",
    "mantelzorgers zijn ontlast",
    "buurten zijn veilig en leefbaar",
    "inwoners bewegen voldoende",
    "eenzaamheid neemt af",
    "schulden worden vroeg gesignaleerd",
    "vrijwilligers zijn actief",
    "kinderen lezen en leren",
]
# The indicators of one assignment, in turn: what they measure, how, and how they add up.
INDICATOR_KINDS = [
    ("Aantal bereikte inwoners", ValueType.COUNT, Aggregation.CUMULATIVE, Direction.HIGHER_IS_BETTER, ""),
    ("Tevreden deelnemers", ValueType.PERCENTAGE, Aggregation.LATEST, Direction.HIGHER_IS_BETTER, "%"),
    ("Waardering door deelnemers", ValueType.GRADE, Aggregation.LATEST, Direction.HIGHER_IS_BETTER, ""),
    ("Aantal actieve vrijwilligers", ValueType.COUNT, Aggregation.LATEST, Direction.HIGHER_IS_BETTER, ""),
    ("Uitgegeven budget", ValueType.AMOUNT, Aggregation.CUMULATIVE, Direction.NOT_HIGHER, "euro"),
    ("Wachtlijst binnen norm", ValueType.YES_NO, Aggregation.LATEST, Direction.NONE, ""),
    ("Knelpunten", ValueType.TEXT, Aggregation.LATEST, Direction.NONE, ""),
]


def default_end_year(today: datetime.date) -> int:
    """The framework ends in the current year, so that its last half year is the one open now."""
    return today.year


def _bulk(model, objects: list) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


def _csv(value) -> str:
    """One value in PostgreSQL's CSV COPY format: an unquoted empty field is NULL, "" an empty text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _leaves(model, objects: list) -> list:
    """Rows nothing else points to (their ids are not needed): on PostgreSQL through COPY, several times
    faster than INSERT for the hundreds of thousands of realisations; elsewhere bulk_create."""
    if connection.vendor != "postgresql" or not objects:
        return _bulk(model, objects)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    lines = ["\t".join(_csv(getattr(obj, f.attname)) for f in fields) for obj in objects]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
            "FROM STDIN WITH (FORMAT csv, DELIMITER E'\\t')",
            io.StringIO("\n".join(lines) + "\n"),
        )
    return objects


def _link(field, pairs: list[tuple[int, int]], left: str, right: str) -> None:
    through = field.through
    through.objects.bulk_create(
        [through(**{f"{left}_id": a, f"{right}_id": b}) for a, b in pairs], batch_size=BATCH
    )


class Generator:
    """Makes one size of data in one transaction; the counts it made are in `counts`."""

    def __init__(self, size: Size, *, seed: int, end_year: int, today: datetime.date):
        self.size, self.random, self.today = size, random.Random(seed), today
        self.years = list(range(end_year - size.years + 1, end_year + 1))
        self.counts: dict[str, int] = {}
        # Seconds per kind of row (making and inserting them), for the command's report.
        self.seconds: dict[str, float] = {}
        self.clock = time.perf_counter()
        # Timestamps from fixed dates, not from the clock, so a second run gives the same data.
        self.tz = timezone.get_current_timezone()

    def at(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=self.tz)

    def made(self, name: str, objects: list) -> list:
        self.counts[name] = self.counts.get(name, 0) + len(objects)
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.clock
        self.clock = now
        return objects

    # --- partners -------------------------------------------------------------------------------------

    def municipalities(self) -> list[Municipality]:
        names = []
        for index in range(self.size.municipalities):
            name = PLACES[index % len(PLACES)] + ENDINGS[(index // len(PLACES)) % len(ENDINGS)]
            if index >= len(PLACES) * len(ENDINGS):
                name += f" {index // (len(PLACES) * len(ENDINGS)) + 1}"
            names.append(name)
        return self.made(
            "municipalities",
            _bulk(
                Municipality,
                [
                    Municipality(slug=f"{SLUG_PREFIX}{index + 1:02d}", name=f"Gemeente {name}", cbs_code="")
                    for index, name in enumerate(names)
                ],
            ),
        )

    def organisations(self, municipalities) -> tuple[list[Organisation], dict[int, list[Organisation]]]:
        organisations = []
        for index in range(self.size.organisations):
            kind, label = ORGANISATION_KINDS[index % len(ORGANISATION_KINDS)]
            organisations.append(
                Organisation(
                    slug=f"{SLUG_PREFIX}org-{index + 1:02d}",
                    name=f"{label} {index + 1:02d}",
                    short_name=f"{label.split()[0]} {index + 1:02d}",
                    kind=kind,
                )
            )
        organisations = self.made("organisations", _bulk(Organisation, organisations))
        # A municipality works with a window of organisations; the windows overlap, so most organisations
        # work for several municipalities.
        step = max(1, self.size.organisations // max(1, self.size.municipalities))
        partners = {}
        for index, municipality in enumerate(municipalities):
            start = index * step
            partners[municipality.pk] = [
                organisations[(start + offset) % len(organisations)]
                for offset in range(min(self.size.organisations_per_municipality, len(organisations)))
            ]
        pairs = sorted({(o.pk, m) for m, orgs in partners.items() for o in orgs})
        _link(Organisation.municipalities, pairs, "organisation", "municipality")
        return organisations, partners

    def users(self, municipalities, organisations) -> dict:
        """Users with memberships for every role, all with SCALE_PASSWORD (hashed once)."""
        password = make_password(SCALE_PASSWORD)
        users, memberships = [], []
        for index, municipality in enumerate(municipalities):
            for name, role, number in MUNICIPAL_ROLES:
                username = f"{name}-{index + 1:02d}" + (f"-{number}" if role == Role.POLICY_OFFICER else "")
                users.append(
                    User(
                        username=username,
                        password=password,
                        first_name=name.title(),
                        last_name=municipality.name,
                        email=f"{username}@schaal.local",
                    )
                )
                memberships.append((username, role, municipality.pk, None))
        for index, organisation in enumerate(organisations):
            for number in range(1, self.size.users_per_organisation + 1):
                username = f"org-{index + 1:02d}-{number}"
                users.append(
                    User(
                        username=username,
                        password=password,
                        first_name="Medewerker",
                        last_name=organisation.name,
                        email=f"{username}@schaal.local",
                    )
                )
                memberships.append((username, Role.ORGANISATION_USER, None, organisation.pk))
        users = self.made("users", _bulk(User, users))
        by_name = {user.username: user for user in users}
        self.made(
            "memberships",
            _bulk(
                Membership,
                [
                    Membership(user=by_name[u], role=r, municipality_id=m, organisation_id=o)
                    for u, r, m, o in memberships
                ],
            ),
        )
        return by_name

    # --- one municipality's framework ------------------------------------------------------------------

    def framework(self, index: int, municipality: Municipality, partners: list[Organisation], users: dict):
        size, rnd = self.size, self.random
        start, end = self.years[0], self.years[-1]
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
        framework = self.made("frameworks", _bulk(PolicyFramework, [framework]))[0]
        _link(
            PolicyFramework.municipalities,
            [(framework.pk, municipality.pk)],
            "policyframework",
            "municipality",
        )
        themes = self.made(
            "themes",
            _bulk(
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
        effects = []
        for e in range(size.effects):
            theme = themes[e % len(themes)]
            code = f"{theme.code}.{e // len(themes) + 1}"
            effects.append(
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
        effects = self.made("effects", _bulk(SocietalEffect, effects))
        self.made(
            "target_groups",
            _bulk(
                TargetGroupFigure,
                [
                    TargetGroupFigure(
                        effect=effect,
                        label="Inwoners in de doelgroep",
                        count=Decimal(rnd.randint(100, 5000)),
                        reference_date=datetime.date(start - 1, 1, 1),
                    )
                    for effect in effects
                ],
            ),
        )
        effect_partners = []
        for e, effect in enumerate(effects):
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
        self.made("effect_partners", _bulk(EffectPartner, effect_partners))
        lines = list(SmartGoal.InvestmentLine.values)
        goals = self.made(
            "goals",
            _bulk(
                SmartGoal,
                [
                    SmartGoal(
                        framework=framework,
                        code=f"S{g + 1}",
                        title=f"Eind {end} is het aantal deelnemers aan {TOPICS[g % len(TOPICS)]} met "
                        f"{1 + g % 5}% toegenomen",
                        investment_line=lines[g % len(lines)],
                        planned_years=[y for y in self.years if (y + g) % 3 or y == end],
                        partners_text="Welzijn, GGD",
                        funding_text="Binnen bestaand budget",
                        position=g + 1,
                    )
                    for g in range(size.goals)
                ],
            ),
        )
        goal_effects = set()
        for g, goal in enumerate(goals):
            goal_effects.add((goal.pk, effects[g % len(effects)].pk))
            if g % 4 == 0:
                goal_effects.add((goal.pk, effects[(g + 1) % len(effects)].pk))
        _link(SmartGoal.effects, sorted(goal_effects), "smartgoal", "societaleffect")
        self.effect_indicators(framework, effects, goals)
        periods = self.periods(framework)
        agreements = self.agreements(framework, municipality, partners)
        assignments = self.assignments(framework, municipality, agreements, effects, goals)
        indicators = self.performance_indicators(assignments)
        officer = users[f"beleid-{index + 1:02d}-1"]
        organisation_users = {o.pk: users[f"org-{self.organisation_index[o.pk] + 1:02d}-1"] for o in partners}
        self.reports(municipality, periods, assignments, indicators, officer, organisation_users)

    def effect_indicators(self, framework, effects, goals) -> None:
        rnd, indicators = self.random, []
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
        indicators = self.made("effect_indicators", _bulk(EffectIndicator, indicators))
        targets, values = [], []
        for indicator in indicators:
            base = indicator.baseline_value or Decimal(50)
            for step, year in enumerate(self.years):
                targets.append(EffectIndicatorTarget(indicator=indicator, year=year, value=base + step + 1))
                if year < self.years[-1]:
                    values.append(
                        EffectIndicatorValue(indicator=indicator, year=year, value=base + rnd.randint(-2, 4))
                    )
        self.made("effect_indicator_targets", _bulk(EffectIndicatorTarget, targets))
        self.made("effect_indicator_values", _bulk(EffectIndicatorValue, values))

    def periods(self, framework) -> list[ReportingPeriod]:
        """Half years of the framework; all closed except the last, which is open now."""
        halves = [(year, half) for year in self.years for half in (1, 2)]
        periods = []
        for position, (year, half) in enumerate(halves):
            last = position == len(halves) - 1
            end_month = 6 if half == 1 else 12
            periods.append(
                ReportingPeriod(
                    framework=framework,
                    slug=f"{year}-h{half}",
                    name=f"{year} – {'eerste' if half == 1 else 'tweede'} halfjaar",
                    kind=ReportingPeriod.Kind.HALF_YEAR,
                    year=year,
                    number=half,
                    opens_on=self.today - datetime.timedelta(days=14)
                    if last
                    else datetime.date(year, end_month, 15),
                    deadline=self.today + datetime.timedelta(days=30)
                    if last
                    else datetime.date(year + (half == 2), 2 if half == 2 else 8, 1),
                    is_closed=not last,
                )
            )
        return self.made("periods", _bulk(ReportingPeriod, periods))

    def agreements(self, framework, municipality, partners) -> list[Agreement]:
        rnd = self.random
        agreements = [
            Agreement(
                slug=f"{framework.slug}-{organisation.slug.removeprefix(SLUG_PREFIX)}",
                framework=framework,
                organisation=organisation,
                title=f"Meerjarenbeschikking {organisation.name} {self.years[0]}-{self.years[-1]}",
                kind=Agreement.Kind.MULTI_YEAR_DECISION,
                start_year=self.years[0],
                end_year=self.years[-1],
                status=Agreement.Status.ADOPTED,
                hourly_rate=Decimal(rnd.choice([65, 68, 73, 79, 84])),
            )
            for organisation in partners
        ]
        agreements = self.made("agreements", _bulk(Agreement, agreements))
        _link(
            Agreement.municipalities,
            [(a.pk, municipality.pk) for a in agreements],
            "agreement",
            "municipality",
        )
        return agreements

    def assignments(self, framework, municipality, agreements, effects, goals) -> list[Assignment]:
        """Two in five under an effect, the others under a SMART goal; round the agreements in turn."""
        rnd, assignments = self.random, []
        per_parent: dict[str, int] = {}
        for a in range(self.size.assignments):
            agreement = agreements[a % len(agreements)]
            if a % 5 < 2:
                parent = {"effect": effects[(a // 5 * 2 + a % 5) % len(effects)]}
                prefix = parent["effect"].code
            else:
                parent = {"smart_goal": goals[(a // 5 * 3 + a % 5 - 2) % len(goals)]}
                prefix = parent["smart_goal"].code
            number = per_parent[prefix] = per_parent.get(prefix, 0) + 1
            code = f"{prefix}.{number}"
            assignments.append(
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
        assignments = self.made("assignments", _bulk(Assignment, assignments))
        activities, results, hours, money = [], [], [], []
        for assignment in assignments:
            for position in range(2):
                activities.append(
                    Activity(
                        assignment=assignment,
                        position=position,
                        description=f"Activiteit {position + 1} van {assignment.code}",
                    )
                )
            results.append(
                AgreedResult(
                    assignment=assignment, position=0, description="Het afgesproken bereik is gehaald."
                )
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
        self.made("activities", _bulk(Activity, activities))
        self.made("agreed_results", _bulk(AgreedResult, results))
        self.made("hours_lines", _bulk(HoursLine, hours))
        self.made("money_lines", _bulk(MoneyLine, money))
        return assignments

    def performance_indicators(self, assignments) -> list[PerformanceIndicator]:
        rnd, indicators = self.random, []
        count = self.size.indicators_per_assignment
        for a, assignment in enumerate(assignments):
            for position in range(count):
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
                        baseline_value=self.level(value_type),
                    )
                )
        indicators = self.made("performance_indicators", _bulk(PerformanceIndicator, indicators))
        targets = []
        for indicator in indicators:
            if indicator.value_type in (ValueType.TEXT, ValueType.YES_NO):
                continue
            for year in self.years:
                value = self.level(indicator.value_type)
                if indicator.aggregation == Aggregation.CUMULATIVE:
                    value *= 2  # a year holds two half years
                targets.append(PerformanceTarget(indicator=indicator, year=year, value=value))
        self.made("performance_targets", _leaves(PerformanceTarget, targets))
        del rnd
        return indicators

    def level(self, value_type: str) -> Decimal:
        """A plausible value of the type (a target, a baseline or a realised value)."""
        rnd = self.random
        if value_type == ValueType.PERCENTAGE:
            return Decimal(rnd.randint(55, 99))
        if value_type == ValueType.GRADE:
            return Decimal(rnd.randint(60, 90)) / 10
        if value_type == ValueType.AMOUNT:
            return Decimal(rnd.randint(1000, 50000))
        if value_type == ValueType.YES_NO:
            return Decimal(rnd.randint(0, 1))
        return Decimal(rnd.randint(5, 120))

    # --- reports and realisations ----------------------------------------------------------------------

    def open_status(self, position: int) -> str:
        """The state of an assignment's report in the open period: half concept, the rest submitted or
        sent back."""
        return [
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
        ][position % 10]

    def reports(self, municipality, periods, assignments, indicators, officer, organisation_users) -> None:
        rnd = self.random
        agreement_org = {a.pk: a.agreement.organisation_id for a in assignments}
        reports, statuses = [], {}
        for period in periods:
            for position, assignment in enumerate(assignments):
                status = PeriodReport.Status.APPROVED if period.is_closed else self.open_status(position)
                statuses[(assignment.pk, period.pk)] = status
                submitted = status != PeriodReport.Status.DRAFT
                reviewed = status in (PeriodReport.Status.APPROVED, PeriodReport.Status.RETURNED)
                submitted_on = (
                    (period.deadline - datetime.timedelta(days=5))
                    if period.is_closed
                    else (self.today - datetime.timedelta(days=position % 10))
                )
                reports.append(
                    PeriodReport(
                        assignment=assignment,
                        period=period,
                        status=status,
                        submitted_by=organisation_users[agreement_org[assignment.pk]] if submitted else None,
                        submitted_at=self.at(submitted_on) if submitted else None,
                        reviewed_by=officer if reviewed else None,
                        reviewed_at=self.at(submitted_on, 15) if reviewed else None,
                        version=2 if reviewed else 1,
                    )
                )
        reports = self.made("period_reports", _bulk(PeriodReport, reports))
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
                kind = (
                    ReportEvent.Kind.APPROVED
                    if report.status == PeriodReport.Status.APPROVED
                    else (ReportEvent.Kind.RETURNED)
                )
                comment = "" if kind == ReportEvent.Kind.APPROVED else "Graag de toelichting aanvullen."
                events.append(
                    ReportEvent(
                        report=report,
                        kind=kind,
                        by=report.reviewed_by,
                        at=report.reviewed_at,
                        comment=comment,
                    )
                )
        self.made("realised_hours", _leaves(RealisedHours, hours))
        self.made("realised_costs", _leaves(RealisedCost, costs))
        self.made("report_events", _leaves(ReportEvent, events))
        by_report = {(r.assignment_id, r.period_id): r for r in reports}
        value_status = {
            PeriodReport.Status.DRAFT: Realisation.Status.DRAFT,
            PeriodReport.Status.SUBMITTED: Realisation.Status.SUBMITTED,
            PeriodReport.Status.RETURNED: Realisation.Status.RETURNED,
            PeriodReport.Status.APPROVED: Realisation.Status.APPROVED,
        }
        realisations = []
        for period in periods:
            for indicator in indicators:
                report = by_report[(indicator.assignment_id, period.pk)]
                realisations.append(self.realisation(indicator, period, value_status[report.status], report))
                if len(realisations) >= 20 * BATCH:
                    self.made("realisations", _leaves(Realisation, realisations))
                    realisations = []
        self.made("realisations", _leaves(Realisation, realisations))

    def realisation(self, indicator, period, status: str, report: PeriodReport) -> Realisation:
        value_type = indicator.value_type
        value, numerator, denominator, text = None, None, None, ""
        if value_type == ValueType.TEXT:
            text = "Geen bijzonderheden." if self.random.random() < 0.7 else "Wachtlijst loopt op."
        elif value_type == ValueType.PERCENTAGE and self.random.random() < 0.5:
            denominator = Decimal(self.random.randint(20, 400))
            numerator = (denominator * self.level(value_type) / 100).quantize(Decimal(1))
            value = (numerator * 100 / denominator).quantize(Decimal("0.0001"))
        else:
            value = self.level(value_type)
            if value_type == ValueType.COUNT:
                value = value.quantize(Decimal(1))
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

    # --- all of it -------------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        municipalities = self.municipalities()
        organisations, partners = self.organisations(municipalities)
        self.organisation_index = {o.pk: index for index, o in enumerate(organisations)}
        users = self.users(municipalities, organisations)
        for index, municipality in enumerate(municipalities):
            self.framework(index, municipality, partners[municipality.pk], users)
        return self.counts


class AlreadyGenerated(Exception):
    pass


def generate_scale(
    *, size: Size, seed: int = 7, end_year: int | None = None, today: datetime.date | None = None
) -> dict[str, tuple[int, float]]:
    """Make synthetic regional data of the given size in one transaction; returns per kind of row how many
    were made and the seconds that took (commit and ANALYZE under "commit").

    Refuses (AlreadyGenerated) when generated data is already there: its slugs and usernames would clash.
    """
    today = today or timezone.localdate()
    if Municipality.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        raise AlreadyGenerated
    generator = Generator(size, seed=seed, end_year=end_year or default_end_year(today), today=today)
    with transaction.atomic():
        generator.run()
    if connection.vendor == "postgresql":
        # Fresh statistics after a bulk load, so the planner sees the tables as they now are.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    generator.made("commit", [])
    return {name: (count, generator.seconds[name]) for name, count in generator.counts.items()}
