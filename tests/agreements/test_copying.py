"""Copy a framework or an agreement to a new period: what is planned moves along, what happened does not."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.urls import reverse

from agreements.copying import copy_agreement, copy_framework, next_period, replace_years, unique_slugs
from agreements.exchange import export_framework, import_framework
from agreements.exchange.yaml_io import load
from agreements.models import (
    Activity,
    AgreedResult,
    Agreement,
    AgreementBudgetLine,
    AgreementSection,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
    Realisation,
    ReportingPeriod,
    SubsidyAmount,
    SubsidyLine,
)
from effects.models import (
    EffectIndicator,
    EffectIndicatorTarget,
    EffectIndicatorValue,
    EffectPartner,
    FrameworkSection,
    PolicyFramework,
    ProgrammeBudgetLine,
    SmartGoal,
    SocietalEffect,
    TargetGroupFigure,
    Theme,
)
from partners.models import Municipality
from tests.factories import AgreementFactory, AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

HAREN_2013 = "haren-wmo-2013-2016.yaml"
HAREN_2017 = "haren-sociaal-domein-2017-2020.yaml"

# Every kind of row a framework copy writes, with the path from the row to its framework.
KINDS = {
    FrameworkSection: "framework",
    Theme: "framework",
    SocietalEffect: "framework",
    TargetGroupFigure: "effect__framework",
    EffectPartner: "effect__framework",
    SmartGoal: "framework",
    EffectIndicator: "framework",
    EffectIndicatorTarget: "indicator__framework",
    ProgrammeBudgetLine: "framework",
    Agreement: "framework",
    AgreementSection: "agreement__framework",
    SubsidyLine: "agreement__framework",
    SubsidyAmount: "line__agreement__framework",
    AgreementBudgetLine: "agreement__framework",
    Assignment: "agreement__framework",
    Activity: "assignment__agreement__framework",
    AgreedResult: "assignment__agreement__framework",
    HoursLine: "assignment__agreement__framework",
    MoneyLine: "assignment__agreement__framework",
    PerformanceIndicator: "assignment__agreement__framework",
    PerformanceTarget: "indicator__assignment__agreement__framework",
}
NOT_COPIED = {
    ReportingPeriod: "framework",
    Realisation: "indicator__assignment__agreement__framework",
    EffectIndicatorValue: "indicator__framework",
}
LINKS = [
    (PolicyFramework, "municipalities"),
    (Agreement, "municipalities"),
    (SocietalEffect, "related_effects"),
    (SmartGoal, "effects"),
]


def counts(framework: PolicyFramework, kinds=KINDS) -> dict[str, int]:
    return {
        model.__name__: model.objects.filter(**{path: framework}).count() for model, path in kinds.items()
    }


def table_sizes() -> dict[str, int]:
    """Rows of every copied model, its history, and the many-to-many links with their history snapshots."""
    sizes = {}
    for model in [PolicyFramework, *KINDS, *NOT_COPIED]:
        sizes[model.__name__] = model.objects.count()
        sizes[f"history of {model.__name__}"] = model.history.count()
    for model, name in LINKS:
        sizes[f"{model.__name__}.{name}"] = getattr(model, name).through.objects.count()
        sizes[f"history of {model.__name__}.{name}"] = getattr(
            model.history.model, name
        ).model.objects.count()
    return sizes


def load_framework(demo_file, name: str) -> PolicyFramework:
    report = import_framework(text=demo_file(name).read_text(encoding="utf-8"), source=name)
    return PolicyFramework.objects.get(slug=report.framework_slug)


def add_reported_values(framework: PolicyFramework) -> None:
    """What the demo file lacks: subsidy, budget, money, a target per period, realised and measured values."""
    haren = Municipality.objects.get(slug="haren")
    agreement = Agreement.objects.get(slug="haren-2013-torion")
    period = ReportingPeriod.objects.create(
        framework=framework, slug="2016-h1", name="2016 eerste helft", kind="halfjaar", year=2016, number=1
    )
    indicator = PerformanceIndicator.objects.filter(assignment__agreement=agreement).order_by("pk").first()
    PerformanceTarget.objects.create(
        indicator=indicator, year=2016, period=period, value=10, change_reason="Bijgesteld na de eerste helft"
    )
    Realisation.objects.create(indicator=indicator, period=period, value=12, status="goedgekeurd")
    effect_indicator = EffectIndicator.objects.filter(framework=framework).order_by("pk").first()
    EffectIndicatorTarget.objects.create(indicator=effect_indicator, year=2016, value=40)
    EffectIndicatorValue.objects.create(indicator=effect_indicator, year=2015, value=37)
    line = SubsidyLine.objects.create(agreement=agreement, kind="structureel", service="Welzijnswerk")
    SubsidyAmount.objects.create(line=line, year=2015, amount=Decimal("118000.00"))
    SubsidyAmount.objects.create(line=line, year=2016, is_pm=True)
    AgreementBudgetLine.objects.create(
        agreement=agreement, side="lasten", description="Personeel", amount=90000
    )
    AgreementSection.objects.create(agreement=agreement, title="Voorwaarden", body="Zie de subsidieregeling.")
    MoneyLine.objects.create(
        assignment=agreement.assignments.order_by("pk").first(),
        municipality=haren,
        kind="kosten",
        amount=12000,
    )
    ProgrammeBudgetLine.objects.create(
        framework=framework, year=2016, code="6", name="Sociaal domein", amount=1
    )


@pytest.fixture
def haren(demo_file):
    framework = load_framework(demo_file, HAREN_2013)
    add_reported_values(framework)
    return framework


@pytest.fixture
def officer():
    return UserFactory(username="beleid", first_name="Margot")


def copy_to_2017(framework, user, slug="haren-wmo-2017-2020"):
    return copy_framework(
        framework=framework,
        new_slug=slug,
        new_title="Opdrachtformulier Wmo 2017-2020",
        start_year=2017,
        end_year=2020,
        user=user,
    )


# -- the whole framework --------------------------------------------------------------------------


def expected_copy(document: dict, *, offset: int, years: range, agreement_keys: dict[str, str]) -> dict:
    """The exchange document of the original as the copy should read: new period, nothing reported."""

    def moved(node):
        if isinstance(node, list):
            return [moved(item) for item in node]
        if not isinstance(node, dict):
            return node
        result = {}
        for key, value in node.items():
            if key in ("waarden", "realisaties", "perioden", "periode", "reden_wijziging"):
                continue
            if key == "jaar":
                value = value + offset
            elif key == "jaren":
                value = [year + offset for year in value if year + offset in years]
            elif key == "afspraak":
                value = agreement_keys[value]
            else:
                value = moved(value)
            result[key] = value
        return result

    expected = moved(document)
    header = expected["beleidskader"]
    header.update(startjaar=years.start, eindjaar=years.stop - 1, status="concept")
    header.pop("datum", None)
    for agreement in expected.get("afspraken", []):
        agreement["sleutel"] = agreement_keys[agreement["sleutel"]]
        agreement.update(status="concept", startjaar=agreement["startjaar"] + offset)
        agreement.update(eindjaar=agreement["eindjaar"] + offset)
        agreement.pop("datum", None)
    return expected


@pytest.mark.parametrize("name", [HAREN_2013, HAREN_2017])
def test_copy_is_the_original_with_every_year_moved_and_nothing_reported(demo_file, officer, name):
    framework = load_framework(demo_file, name)
    if name == HAREN_2013:
        add_reported_values(framework)
    original = load(export_framework(framework), "origineel")
    new_start, new_end = next_period(framework.start_year, framework.end_year)

    copy = copy_framework(
        framework=framework,
        new_slug="kopie",
        new_title="Kopie",
        start_year=new_start,
        end_year=new_end,
        user=officer,
    )

    document = load(export_framework(copy), "kopie")
    old_keys = {a.organisation_id: a.slug for a in Agreement.objects.filter(framework=framework)}
    new_keys = {a.organisation_id: a.slug for a in Agreement.objects.filter(framework=copy)}
    expected = expected_copy(
        original,
        offset=new_start - framework.start_year,
        years=range(new_start, new_end + 1),
        agreement_keys={old_keys[org]: new_keys[org] for org in old_keys},
    )
    titles = {a["sleutel"]: a.pop("titel") for a in document.get("afspraken", [])}
    for agreement in expected.get("afspraken", []):
        agreement.pop("titel")
    assert document["beleidskader"].pop("sleutel") == "kopie"
    assert document["beleidskader"].pop("titel") == "Kopie"
    expected["beleidskader"].pop("sleutel")
    expected["beleidskader"].pop("titel")
    assert document == expected
    assert all(str(new_start) in title for title in titles.values())


def test_copy_has_as_many_rows_of_every_kind_as_the_original(haren, officer):
    before = counts(haren)

    copy = copy_to_2017(haren, officer)

    assert counts(copy) == before
    assert before["Assignment"] == 53 and before["HoursLine"] == 13 and before["SocietalEffect"] == 16
    assert all(count for kind, count in before.items() if kind != "SmartGoal")  # Haren 2013 has no goals


def test_nothing_in_the_copy_points_back_into_the_old_framework(haren, officer):
    copy = copy_to_2017(haren, officer)

    old = Q(effect__framework=haren) | Q(smart_goal__framework=haren)
    assert not Assignment.objects.filter(agreement__framework=copy).filter(old).exists()
    assert not Assignment.objects.filter(Q(effect__framework=copy) | Q(smart_goal__framework=copy)).exclude(
        agreement__framework=copy
    )
    assert not EffectIndicator.objects.filter(framework=copy).filter(old).exists()
    assert not SocietalEffect.objects.filter(framework=copy, theme__framework=haren).exists()
    assert not SocietalEffect.objects.filter(framework=copy, related_effects__framework=haren).exists()
    assert SocietalEffect.objects.filter(framework=copy, related_effects__framework=copy).count() == 3
    for model, path in KINDS.items():
        new_rows = set(model.objects.filter(**{path: copy}).values_list("pk", flat=True))
        old_rows = set(model.objects.filter(**{path: haren}).values_list("pk", flat=True))
        assert not new_rows & old_rows, model.__name__
    assert Realisation.objects.filter(indicator__assignment__agreement__framework=haren).count() == 1


def test_realisations_measured_values_and_periods_are_not_copied(haren, officer):
    assert all(counts(haren, NOT_COPIED).values())

    copy = copy_to_2017(haren, officer)

    assert counts(copy, NOT_COPIED) == {"ReportingPeriod": 0, "Realisation": 0, "EffectIndicatorValue": 0}
    target = PerformanceTarget.objects.get(indicator__assignment__agreement__framework=copy, value=10)
    assert (target.year, target.period, target.change_reason) == (2020, None, "")


def test_years_move_by_the_offset_and_the_copy_is_a_concept(haren, officer):
    copy = copy_to_2017(haren, officer)

    assert (copy.start_year, copy.end_year, copy.status) == (2017, 2020, "concept")
    assert PolicyFramework.objects.get(pk=haren.pk).status == "vastgesteld"
    agreement = Agreement.objects.get(framework=copy, organisation__slug="torion")
    assert (agreement.slug, agreement.title) == ("haren-2017-torion", "Meerjarenbeschikking 2017-2020 Torion")
    assert (agreement.start_year, agreement.end_year, agreement.status) == (2017, 2020, "concept")
    assert set(agreement.municipalities.values_list("slug", flat=True)) == {"haren"}
    amounts = SubsidyAmount.objects.filter(line__agreement=agreement)
    assert sorted(amounts.values_list("year", "amount", "is_pm")) == [
        (2019, Decimal("118000.00"), False),
        (2020, None, True),
    ]
    assert list(ProgrammeBudgetLine.objects.filter(framework=copy).values_list("year", flat=True)) == [2020]
    assert list(
        EffectIndicatorTarget.objects.filter(indicator__framework=copy).values_list("year", flat=True)
    ) == [2020]
    torion_4_3 = Assignment.objects.get(agreement=agreement, effect__code="4.3")
    assert torion_4_3.effect.framework == copy
    assert torion_4_3.hours_lines.get().hours == 1403
    assert torion_4_3.version == 1


@pytest.mark.parametrize("document", [HAREN_2013, HAREN_2017])
def test_every_copied_row_has_exactly_one_created_history_row_by_the_user(demo_file, officer, document):
    framework = load_framework(demo_file, document)
    before = table_sizes()

    copy_framework(
        framework=framework, new_slug="kopie", new_title="Kopie", start_year=2030, end_year=2033, user=officer
    )

    after = table_sizes()
    created = {key: after[key] - before[key] for key in after}
    for model in [PolicyFramework, *KINDS, *NOT_COPIED]:
        assert created[f"history of {model.__name__}"] == created[model.__name__], model.__name__
        new_history = model.history.filter(history_user=officer)
        assert new_history.count() == created[model.__name__]
        assert not new_history.exclude(history_type="+").exists()
    for model, name in LINKS:
        assert created[f"history of {model.__name__}.{name}"] == created[f"{model.__name__}.{name}"]
    assert created["SocietalEffect"] > 0 and created["PolicyFramework.municipalities"] == 1
    if document == HAREN_2017:
        assert created["SmartGoal.effects"] >= 39 and created["ProgrammeBudgetLine"] > 0


def test_the_links_are_in_the_created_history_row_of_each_copy(demo_file, officer):
    framework = load_framework(demo_file, HAREN_2017)

    copy = copy_framework(
        framework=framework, new_slug="kopie", new_title="Kopie", start_year=2021, end_year=2024, user=officer
    )

    [created] = copy.history.all()
    assert [m.municipality.slug for m in created.municipalities.all()] == ["haren"]
    goal = SmartGoal.objects.get(framework=copy, title="Eind 2020 is het aantal sporters met 1% toegenomen")
    [goal_created] = goal.history.all()
    assert [link.societaleffect.title for link in goal_created.effects.all()] == ["Meer inwoners zijn actief"]
    assert goal.effects.get().framework == copy


def test_copying_leaves_the_old_framework_unchanged(haren, officer):
    before = export_framework(haren)

    copy_to_2017(haren, officer)

    assert export_framework(PolicyFramework.objects.get(pk=haren.pk)) == before


def test_copying_twice_gives_every_agreement_its_own_key(haren, officer):
    copy_to_2017(haren, officer)
    second = copy_to_2017(haren, officer, slug="haren-wmo-2017-2020-b")

    assert Agreement.objects.get(framework=second, organisation__slug="torion").slug == "haren-2017-torion-2"
    assert Agreement.objects.values("slug").distinct().count() == Agreement.objects.count()


def test_a_copy_that_fails_writes_nothing(haren, officer):
    before = table_sizes()

    with pytest.raises(IntegrityError):
        copy_to_2017(haren, officer, slug=haren.slug)

    assert table_sizes() == before


# -- SMART goals and single agreements, with small data -------------------------------------------


def test_planned_years_move_and_are_clipped_to_the_new_period_and_goals_serve_the_new_effects(world, officer):
    world.goal.planned_years = [2017, 2019, 2020]
    world.goal.save()
    world.agreement.start_year, world.agreement.end_year = 2017, 2020
    world.agreement.save()

    copy = copy_framework(
        framework=world.framework,
        new_slug="kort",
        new_title="Kort",
        start_year=2021,
        end_year=2023,
        user=officer,
    )

    goal = SmartGoal.objects.get(framework=copy)
    assert goal.planned_years == [2021, 2023]
    assert goal.effects.get().framework == copy
    indicator = goal.indicators.get()
    assert (indicator.framework, indicator.name) == (copy, "Percentage sporters")
    assert list(indicator.targets.values_list("year", "value")) == [(2024, Decimal("51"))]
    agreement = Agreement.objects.get(framework=copy, organisation=world.torion)
    assert (agreement.start_year, agreement.end_year) == (2021, 2023)


def test_a_period_that_ends_before_it_starts_is_refused(world, officer):
    with pytest.raises(ValidationError):
        copy_agreement(
            agreement=world.agreement,
            new_slug="x",
            new_title="X",
            start_year=2022,
            end_year=2021,
            user=officer,
        )
    assert not Agreement.objects.filter(slug="x").exists()


def test_an_agreement_copy_stays_under_the_same_goals_and_moves_its_years(world, officer):
    agreement = world.agreement
    agreement.start_year, agreement.end_year, agreement.status = 2017, 2018, "vastgesteld"
    agreement.save()
    indicator = PerformanceIndicator.objects.create(assignment=world.assignment, name="Aantal huisbezoeken")
    PerformanceTarget.objects.create(indicator=indicator, year=2018, value=100)
    period = ReportingPeriod.objects.create(
        framework=world.framework, slug="2018", name="2018", kind="jaar", year=2018
    )
    Realisation.objects.create(indicator=indicator, period=period, value=90)
    line = SubsidyLine.objects.create(agreement=agreement, kind="incidenteel", service="Project")
    SubsidyAmount.objects.create(line=line, year=2017, amount=5000)
    before = table_sizes()

    copy = copy_agreement(
        agreement=agreement,
        new_slug="torion-2019",
        new_title="Torion 2019-2020",
        start_year=2019,
        end_year=2020,
        user=officer,
    )

    assert (copy.slug, copy.title, copy.status, copy.start_year, copy.end_year) == (
        "torion-2019", "Torion 2019-2020", "concept", 2019, 2020,
    )  # fmt: skip
    assert copy.framework == world.framework and copy.organisation == world.torion
    assert list(copy.municipalities.all()) == [world.haren]
    assignment = copy.assignments.get()
    assert (assignment.effect, assignment.role) == (world.effect, "T")
    assert list(assignment.activities.values_list("description", flat=True)) == ["Huisbezoeken", "Cursussen"]
    assert assignment.hours_lines.get().hours == 1403
    target = PerformanceTarget.objects.get(indicator__assignment=assignment)
    assert (target.year, target.value) == (2020, 100)
    assert not Realisation.objects.filter(indicator__assignment=assignment).exists()
    assert list(SubsidyAmount.objects.filter(line__agreement=copy).values_list("year", flat=True)) == [2019]
    created = {key: value - before[key] for key, value in table_sizes().items()}
    for model in KINDS:
        assert created[f"history of {model.__name__}"] == created[model.__name__], model.__name__
    assert created["Agreement"] == 1 and created["SocietalEffect"] == 0 and created["Realisation"] == 0
    assert created["history of Agreement.municipalities"] == created["Agreement.municipalities"] == 1


def test_an_agreement_without_years_is_copied_with_the_years_given(officer):
    agreement = AgreementFactory(slug="los", title="Losse afspraak")
    AssignmentFactory(agreement=agreement)

    copy = copy_agreement(
        agreement=agreement,
        new_slug="los-2025",
        new_title="Los",
        start_year=2025,
        end_year=2025,
        user=officer,
    )

    assert (copy.start_year, copy.end_year, copy.framework) == (2025, 2025, None)
    assert copy.assignments.count() == 1


# -- names and periods ---------------------------------------------------------------------------


def test_the_next_period_has_the_same_length_and_starts_after_the_old_end():
    assert next_period(2013, 2016) == (2017, 2020)
    assert next_period(2021, 2021) == (2022, 2022)


@pytest.mark.parametrize(
    ("text", "old", "new", "expected"),
    [
        (
            "Meerjarenbeschikking 2013-2016 Torion",
            (2013, 2016),
            (2017, 2020),
            "Meerjarenbeschikking 2017-2020 Torion",
        ),
        ("Beleidsnota 2017 – 2020", (2017, 2020), (2021, 2024), "Beleidsnota 2021 – 2024"),
        ("haren-2013-torion", (2013, 2016), (2017, 2020), "haren-2017-torion"),
        ("Jaarplan 2016", (2016, 2016), (2017, 2017), "Jaarplan 2017"),
        ("jaarplan-2016", (2016, None), (2017, 2018), "jaarplan-2017-2018"),
        ("Kader sociaal domein", (2013, 2016), (2017, 2020), None),
        ("Nota 20135", (2013, 2016), (2017, 2020), None),
    ],
)
def test_years_in_titles_and_keys_move_to_the_new_period(text, old, new, expected):
    assert replace_years(text, old, new) == expected


def test_a_taken_key_gets_the_first_free_number(world):
    AgreementFactory(slug="torion-2021")
    AgreementFactory(slug="torion-2021-2")

    assert unique_slugs(Agreement, ["torion-2021", "torion-2021", "ggd-2021"]) == [
        "torion-2021-3",
        "torion-2021-4",
        "ggd-2021",
    ]
    assert len(unique_slugs(Agreement, ["x" * 90])[0]) == 80


# -- the pages -----------------------------------------------------------------------------------

FRAMEWORK_COPY = "agreements:framework-copy"
AGREEMENT_COPY = "agreements:agreement-copy"

# role -> expected status of GET and of a valid POST, per page.
FRAMEWORK_ROLES = {
    "alderman": 403,
    "admin": 403,
    "organisation": 403,
    "other_organisation": 403,
    "other_officer": 404,
}
AGREEMENT_ROLES = {
    "alderman": 403,
    "admin": 403,
    "organisation": 403,
    "other_organisation": 404,
    "other_officer": 404,
}


def framework_url(world):
    return reverse(FRAMEWORK_COPY, args=[world.framework.pk])


def agreement_url(world):
    return reverse(AGREEMENT_COPY, args=[world.agreement.pk])


def valid_post(slug="nieuw-kader", title="Nieuwe titel", start="2021", end="2024"):
    return {"title": title, "slug": slug, "start_year": start, "end_year": end}


def test_the_framework_copy_form_proposes_the_next_period(world):
    response = world.client("officer").get(framework_url(world))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {
        "title": "Beleidsnota Haren",
        "slug": "haren-kader-2021-2024",
        "start_year": 2021,
        "end_year": 2024,
    }
    assert 'value="haren-kader-2021-2024"' in response.content.decode()


def test_the_agreement_copy_form_proposes_the_period_after_the_agreements_own(world):
    world.agreement.title, world.agreement.start_year, world.agreement.end_year = (
        "Beschikking 2017 Torion",
        2017,
        2017,
    )
    world.agreement.save()

    response = world.client("officer").get(agreement_url(world))

    assert response.status_code == 200
    assert response.context["form"].initial == {
        "title": "Beschikking 2018 Torion",
        "slug": f"{world.agreement.slug}-2018",
        "start_year": 2018,
        "end_year": 2018,
    }


def test_an_officer_copies_the_framework_and_lands_on_the_copy(world):
    client = world.client("officer")
    response = client.post(framework_url(world), valid_post())

    copy = PolicyFramework.objects.get(slug="nieuw-kader")
    assert response.status_code == 302
    assert response.url == reverse("agreements:framework-overview", args=[copy.pk])
    assert (copy.title, copy.start_year, copy.end_year, copy.status) == (
        "Nieuwe titel",
        2021,
        2024,
        "concept",
    )
    assert Assignment.objects.filter(agreement__framework=copy).count() == 2
    assert copy.history.get().history_user == world.users["officer"]
    page = client.get(response.url)
    assert "Gekopieerd naar Nieuwe titel" in page.content.decode()


def test_an_officer_copies_an_agreement_and_lands_on_the_copy(world):
    response = world.client("officer").post(agreement_url(world), valid_post(slug="torion-2021"))

    copy = Agreement.objects.get(slug="torion-2021")
    assert response.status_code == 302
    assert response.url == reverse("agreements:agreement-detail", args=[copy.pk])
    assert copy.framework == world.framework and copy.assignments.get().effect == world.effect


@pytest.mark.parametrize("role", list(FRAMEWORK_ROLES))
def test_only_officers_of_the_framework_may_copy_it(world, role):
    client = world.client(role)
    before = PolicyFramework.objects.count()

    assert client.get(framework_url(world)).status_code == FRAMEWORK_ROLES[role]
    assert client.post(framework_url(world), valid_post()).status_code == FRAMEWORK_ROLES[role]
    assert PolicyFramework.objects.count() == before


@pytest.mark.parametrize("role", list(AGREEMENT_ROLES))
def test_only_officers_of_the_agreement_may_copy_it(world, role):
    client = world.client(role)
    before = Agreement.objects.count()

    assert client.get(agreement_url(world)).status_code == AGREEMENT_ROLES[role]
    assert client.post(agreement_url(world), valid_post()).status_code == AGREEMENT_ROLES[role]
    assert Agreement.objects.count() == before


@pytest.mark.parametrize("url", [framework_url, agreement_url])
def test_anonymous_visitors_are_sent_to_the_login_page(world, url):
    for response in (world.client("anonymous").get(url(world)), world.client("anonymous").post(url(world))):
        assert response.status_code == 302 and "login" in response.url


def test_the_copy_button_shows_only_to_those_who_may_copy(world):
    url = reverse("agreements:agreement-detail", args=[world.agreement.pk])
    button = agreement_url(world)

    assert button in world.client("officer").get(url).content.decode()
    assert button not in world.client("alderman").get(url).content.decode()
    assert button not in world.client("organisation").get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (valid_post(slug="assen-kader"), "slug", "Deze sleutel is al in gebruik; kies een andere."),
        (valid_post(start="2024", end="2021"), "end_year", "Het eindjaar ligt voor het startjaar."),
        (valid_post(start="twintig"), "start_year", "Voer een geheel getal in."),
        (valid_post(slug="geen spaties"), "slug", None),
        ({"title": "Alleen een titel"}, "slug", "Dit veld is verplicht."),
    ],
)
def test_bad_framework_copy_input_is_shown_again_with_dutch_messages_and_writes_nothing(
    world, data, field, message
):
    before = table_sizes()

    response = world.client("officer").post(framework_url(world), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in errors[field]
    content = response.content.decode()
    for value in data.values():
        assert f'value="{value}"' in content
    assert table_sizes() == before


def test_bad_agreement_copy_input_is_shown_again_and_writes_nothing(world):
    taken = Agreement.objects.exclude(pk=world.agreement.pk).first().slug
    before = table_sizes()

    response = world.client("officer").post(
        agreement_url(world), valid_post(slug=taken, start="2022", end="2021")
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["slug"] == ["Deze sleutel is al in gebruik; kies een andere."]
    assert errors["end_year"] == ["Het eindjaar ligt voor het startjaar."]
    assert f'value="{taken}"' in response.content.decode()
    assert table_sizes() == before


@pytest.mark.parametrize("url", [framework_url, agreement_url])
def test_a_foreign_id_gives_404(world, url):
    other = Agreement.objects.exclude(municipalities=world.haren).first() or AgreementFactory(
        municipalities=[world.assen]
    )
    foreign = {
        framework_url: reverse(FRAMEWORK_COPY, args=[world.other_framework.pk]),
        agreement_url: reverse(AGREEMENT_COPY, args=[other.pk]),
    }[url]

    missing = reverse(FRAMEWORK_COPY if url is framework_url else AGREEMENT_COPY, args=[999999])

    assert world.client("officer").get(foreign).status_code == 404
    assert world.client("officer").post(foreign, valid_post()).status_code == 404
    assert world.client("officer").get(missing).status_code == 404


# Copies are written per model in bulk: a fixed number of queries per kind of row, not per row.
QUERY_BOUNDS = {framework_url: (10, 67), agreement_url: (10, 35)}  # incl. the second-factor device


@pytest.mark.parametrize("size", [1, 8])
@pytest.mark.parametrize("url", [framework_url, agreement_url])
def test_copy_pages_cost_the_same_number_of_queries_whatever_the_size(
    world, django_assert_max_num_queries, size, url
):
    world.grow(size)
    client = world.client("officer")
    get_bound, post_bound = QUERY_BOUNDS[url]

    with django_assert_max_num_queries(get_bound):
        assert client.get(url(world)).status_code == 200
    with django_assert_max_num_queries(post_bound):
        assert client.post(url(world), valid_post(slug=f"kopie-{size}")).status_code == 302
