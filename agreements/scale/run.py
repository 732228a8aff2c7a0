"""One run of the generator: every table in turn, in one transaction, and the statistics refreshed after."""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from agreements.scale import agreements, frameworks, partners, reports
from agreements.scale.generation import Generation, default_end_year
from agreements.scale.sizes import SLUG_PREFIX, Size
from partners.models import Municipality, Organisation, User


class AlreadyGenerated(Exception):
    """Generated data is already in the database; a second run would clash on its slugs and usernames."""


def make_all(generation: Generation) -> dict[str, int]:
    """Make every row of the run; the order is part of the seed's promise (see Generation)."""
    municipalities = partners.municipalities(generation)
    organisations, partners_of = partners.organisations(generation, municipalities)
    users = partners.users(generation, municipalities, organisations)
    # Who submits for an organisation: its first user, named after its place in the list.
    submitters = {o.pk: users[f"org-{index + 1:02d}-1"] for index, o in enumerate(organisations)}
    for index, municipality in enumerate(municipalities):
        officer = users[f"beleid-{index + 1:02d}-1"]
        make_framework(generation, index, municipality, partners_of[municipality.pk], officer, submitters)
    return generation.counts


def make_framework(
    generation: Generation,
    index: int,
    municipality: Municipality,
    organisations: list[Organisation],
    officer: User,
    submitters: dict[int, User],
) -> None:
    """The municipality's framework and everything under it, down to the realised values."""
    framework = frameworks.policy_framework(generation, index, municipality)
    effects = frameworks.effects(generation, framework, organisations)
    goals = frameworks.smart_goals(generation, framework, effects)
    frameworks.effect_indicators(generation, framework, effects, goals)
    periods = reports.periods(generation, framework)
    made = agreements.agreements(generation, framework, municipality, organisations)
    assignments = agreements.assignments(generation, municipality, made, effects, goals)
    indicators = agreements.performance_indicators(generation, assignments)
    reports.period_reports(generation, municipality, periods, assignments, indicators, officer, submitters)


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
    generation = Generation(size, seed=seed, end_year=end_year or default_end_year(today), today=today)
    with transaction.atomic():
        make_all(generation)
    if connection.vendor == "postgresql":
        # Fresh statistics after a bulk load, so the planner sees the tables as they now are.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    generation.made("commit", [])
    return {name: (count, generation.seconds[name]) for name, count in generation.counts.items()}
