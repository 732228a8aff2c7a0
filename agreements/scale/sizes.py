"""How much scale data to make, and the names and words it is made of."""

from __future__ import annotations

from dataclasses import dataclass, replace

from effects.models import IndicatorDefinition
from partners.models import Membership, Organisation

SCALE_PASSWORD = "schaal-wachtwoord"
# Every generated municipality, organisation, framework and agreement has a slug with this prefix: it is how
# generate_scale sees that the data is already there, and how tests remove it again.
SLUG_PREFIX = "schaal-"

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
