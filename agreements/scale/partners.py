"""Municipalities, organisations and users with their memberships."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from agreements.scale.generation import Generation
from agreements.scale.sizes import (
    ENDINGS,
    MUNICIPAL_ROLES,
    ORGANISATION_KINDS,
    PLACES,
    SCALE_PASSWORD,
    SLUG_PREFIX,
    Role,
)
from agreements.scale.writing import bulk, link
from partners.models import Membership, Municipality, Organisation, User


def municipalities(generation: Generation) -> list[Municipality]:
    """Place names from PLACES and ENDINGS in turn, numbered once they run out."""
    names = []
    for index in range(generation.size.municipalities):
        name = PLACES[index % len(PLACES)] + ENDINGS[(index // len(PLACES)) % len(ENDINGS)]
        if index >= len(PLACES) * len(ENDINGS):
            name += f" {index // (len(PLACES) * len(ENDINGS)) + 1}"
        names.append(name)
    return generation.made(
        "municipalities",
        bulk(
            Municipality,
            [
                Municipality(slug=f"{SLUG_PREFIX}{index + 1:02d}", name=f"Gemeente {name}", cbs_code="")
                for index, name in enumerate(names)
            ],
        ),
    )


def organisations(
    generation: Generation, municipalities: list[Municipality]
) -> tuple[list[Organisation], dict[int, list[Organisation]]]:
    """The organisations, and per municipality id the organisations that work for it."""
    size = generation.size
    made = []
    for index in range(size.organisations):
        kind, label = ORGANISATION_KINDS[index % len(ORGANISATION_KINDS)]
        made.append(
            Organisation(
                slug=f"{SLUG_PREFIX}org-{index + 1:02d}",
                name=f"{label} {index + 1:02d}",
                short_name=f"{label.split()[0]} {index + 1:02d}",
                kind=kind,
            )
        )
    made = generation.made("organisations", bulk(Organisation, made))
    # A municipality works with a window of organisations; the windows overlap, so most organisations
    # work for several municipalities.
    step = max(1, size.organisations // max(1, size.municipalities))
    partners = {}
    for index, municipality in enumerate(municipalities):
        start = index * step
        partners[municipality.pk] = [
            made[(start + offset) % len(made)]
            for offset in range(min(size.organisations_per_municipality, len(made)))
        ]
    pairs = sorted({(o.pk, m) for m, orgs in partners.items() for o in orgs})
    link(Organisation.municipalities, pairs)
    return made, partners


def users(
    generation: Generation, municipalities: list[Municipality], organisations: list[Organisation]
) -> dict[str, User]:
    """Users with memberships for every role, all with SCALE_PASSWORD (hashed once); by username."""
    password = make_password(SCALE_PASSWORD)
    made, memberships = [], []
    for index, municipality in enumerate(municipalities):
        for name, role, number in MUNICIPAL_ROLES:
            username = f"{name}-{index + 1:02d}" + (f"-{number}" if role == Role.POLICY_OFFICER else "")
            made.append(
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
        for number in range(1, generation.size.users_per_organisation + 1):
            username = f"org-{index + 1:02d}-{number}"
            made.append(
                User(
                    username=username,
                    password=password,
                    first_name="Medewerker",
                    last_name=organisation.name,
                    email=f"{username}@schaal.local",
                )
            )
            memberships.append((username, Role.ORGANISATION_USER, None, organisation.pk))
    made = generation.made("users", bulk(User, made))
    by_name = {user.username: user for user in made}
    generation.made(
        "memberships",
        bulk(
            Membership,
            [
                Membership(user=by_name[u], role=r, municipality_id=m, organisation_id=o)
                for u, r, m, o in memberships
            ],
        ),
    )
    return by_name
