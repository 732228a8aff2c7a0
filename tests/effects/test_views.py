"""Workspace pages of the goal chain: who may see and change what, edits, history, conflicts, query counts."""

import pytest
from django.urls import reverse

from effects.models import EffectIndicatorTarget, SocietalEffect, TargetGroupFigure

pytestmark = pytest.mark.django_db

# Expected status per role for pages that read the chain (municipal staff and aldermen of Haren only).
READ = {
    "officer": 200,
    "alderman": 200,
    "admin": 200,
    "organisation": 403,
    "other_organisation": 403,
    "other_officer": 404,
    "anonymous": 302,
}
# Edit pages: only the policy officer of Haren.
EDIT = {**READ, "alderman": 403, "admin": 403}
LIST = {**READ, "other_officer": 200}


def _pages(world):
    return {
        "framework-overview": (reverse("agreements:framework-overview", args=[world.framework.pk]), READ),
        "effect-detail": (reverse("agreements:effect-detail", args=[world.effect.pk]), READ),
        "smartgoal-detail": (reverse("agreements:smartgoal-detail", args=[world.goal.pk]), READ),
        "framework-edit": (reverse("effects:framework-edit", args=[world.framework.pk]), EDIT),
        "effect-edit": (reverse("effects:effect-edit", args=[world.effect.pk]), EDIT),
        "smartgoal-edit": (reverse("effects:smartgoal-edit", args=[world.goal.pk]), EDIT),
        "indicator-edit": (reverse("effects:indicator-edit", args=[world.indicator.pk]), EDIT),
        "effect-create": (reverse("effects:effect-create", args=[world.framework.pk]), EDIT),
        "smartgoal-create": (reverse("effects:smartgoal-create", args=[world.framework.pk]), EDIT),
        "framework-history": (reverse("effects:framework-history", args=[world.framework.pk]), READ),
        "effect-history": (reverse("effects:effect-history", args=[world.effect.pk]), READ),
        "smartgoal-history": (reverse("effects:smartgoal-history", args=[world.goal.pk]), READ),
        "indicator-history": (reverse("effects:indicator-history", args=[world.indicator.pk]), READ),
        "framework-list": (reverse("effects:framework-list"), LIST),
        "effect-list": (reverse("effects:effect-list"), LIST),
        "smartgoal-list": (reverse("effects:smartgoal-list"), LIST),
        "search": (reverse("agreements:search") + "?q=sport", LIST),
    }


@pytest.mark.parametrize(
    "page",
    [
        "framework-overview", "effect-detail", "smartgoal-detail", "framework-edit", "effect-edit",
        "smartgoal-edit", "indicator-edit", "effect-create", "smartgoal-create", "framework-history",
        "effect-history", "smartgoal-history", "indicator-history", "framework-list", "effect-list",
        "smartgoal-list", "search",
    ],
)  # fmt: skip
@pytest.mark.parametrize("role", list(READ))
def test_each_page_answers_each_role_as_designed(world, page, role):
    url, expected = _pages(world)[page]
    response = world.client(role).get(url)
    assert response.status_code == expected[role], (page, role)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["alderman", "admin", "organisation", "other_officer", "anonymous"])
def test_only_the_policy_officer_can_post_an_edit(world, role):
    url = reverse("effects:effect-edit", args=[world.effect.pk])
    response = world.client(role).post(url, {"code": "2", "title": "Gekaapt", "version": 1})
    assert response.status_code in (302, 403, 404)
    world.effect.refresh_from_db()
    assert world.effect.title == "Meer inwoners zijn actief"


def test_lists_show_only_the_active_municipality(world):
    response = world.client("other_officer").get(reverse("effects:effect-list"))
    assert "Effect van Assen" in response.content.decode()
    assert "Meer inwoners zijn actief" not in response.content.decode()


def test_list_exports_csv_and_xlsx(world):
    client = world.client("officer")
    csv = client.get(reverse("effects:smartgoal-list") + "?_export=csv")
    assert csv.status_code == 200
    assert "Eind 2020 is het aantal sporters met 1% toegenomen" in csv.content.decode()
    xlsx = client.get(reverse("effects:smartgoal-list") + "?_export=xlsx")
    assert xlsx.content[:2] == b"PK"  # a zip container: a real XLSX file


def _effect_post(world, **overrides):
    data = {
        "version": world.effect.version,
        "code": "2",
        "theme": "",
        "title": "Meer inwoners zijn actief",
        "responsible": "Portefeuillehouder Welzijn",
        "priority": "A",
        "intended_effect": "",
        "description": "",
        "guidelines": "",
        "municipal_remarks": "",
        "relation_note": "",
    }
    for prefix, rows in (("doelgroep", []), ("partners", []), ("indicatoren", [])):
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0})
    data.update(overrides)
    return data


def test_officer_edits_effect_with_target_group_rows_in_order(world):
    client = world.client("officer")
    url = reverse("effects:effect-edit", args=[world.effect.pk])
    data = _effect_post(world)
    data.update(
        {
            "doelgroep-TOTAL_FORMS": 2,
            "doelgroep-0-label": "Inwoners",
            "doelgroep-0-count": "18500",
            "doelgroep-0-ORDER": "2",
            "doelgroep-1-label": "Jongeren 12-23 jaar",
            "doelgroep-1-ORDER": "1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    effect = SocietalEffect.objects.get(pk=world.effect.pk)
    assert effect.priority == "A"
    assert effect.version == 2
    assert list(effect.target_groups.values_list("label", flat=True)) == ["Jongeren 12-23 jaar", "Inwoners"]
    assert effect.history.count() == 2  # created + this one change


def test_invalid_input_keeps_what_was_typed_and_writes_nothing(world):
    client = world.client("officer")
    url = reverse("effects:effect-edit", args=[world.effect.pk])
    data = _effect_post(world, title="Nieuwe titel die bewaard moet blijven", priority="Z")
    data.update({"doelgroep-TOTAL_FORMS": 1, "doelgroep-0-label": "Inwoners", "doelgroep-0-count": "veel"})
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nieuwe titel die bewaard moet blijven" in page
    assert "veel" in page
    assert "Selecteer een geldige keuze" in page or "geldige keuze" in page
    assert not TargetGroupFigure.objects.exists()
    world.effect.refresh_from_db()
    assert world.effect.title == "Meer inwoners zijn actief"


def test_foreign_ids_in_a_form_are_refused(world):
    other_effect = SocietalEffect.objects.get(framework=world.other_framework)
    client = world.client("officer")
    url = reverse("effects:smartgoal-edit", args=[world.goal.pk])
    data = {
        "version": world.goal.version,
        "title": world.goal.title,
        "effects": [other_effect.pk],
        "indicatoren-TOTAL_FORMS": 0,
        "indicatoren-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert list(world.goal.effects.all()) == [world.effect]


def test_malformed_post_is_a_form_error_not_a_crash(world):
    client = world.client("officer")
    response = client.post(reverse("effects:effect-edit", args=[world.effect.pk]), {"version": "x"})
    assert response.status_code == 400


def test_second_save_gets_the_conflict_screen_with_its_input_intact(world):
    first, second = world.client("officer"), world.client("officer")
    url = reverse("effects:effect-edit", args=[world.effect.pk])
    assert first.get(url).status_code == second.get(url).status_code == 200
    loaded_version = world.effect.version
    assert first.post(url, _effect_post(world, responsible="Wethouder Verbeek")).status_code == 302
    response = second.post(
        url, _effect_post(world, version=loaded_version, municipal_remarks="Mijn eigen aanvulling")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Mijn eigen aanvulling" in page  # the second person's input is still on the form
    assert "Wethouder Verbeek" in page  # and the other person's change is shown
    effect = SocietalEffect.objects.get(pk=world.effect.pk)
    assert effect.municipal_remarks == ""
    # Saving again from the conflict screen (its version is now current) succeeds.
    retry = second.post(
        url, _effect_post(world, version=effect.version, municipal_remarks="Mijn eigen aanvulling")
    )
    assert retry.status_code == 302
    assert SocietalEffect.objects.get(pk=world.effect.pk).municipal_remarks == "Mijn eigen aanvulling"


def test_changing_a_target_shows_in_the_goal_history(world):
    client = world.client("officer")
    target = world.indicator.targets.get()
    data = {
        "version": world.indicator.version,
        "name": world.indicator.name,
        "value_type": "percentage",
        "direction": "hoger_is_beter",
        "aggregation": "laatste_waarde",
        "streefwaarden-TOTAL_FORMS": 1,
        "streefwaarden-INITIAL_FORMS": 1,
        "streefwaarden-0-id": target.pk,
        "streefwaarden-0-indicator": world.indicator.pk,
        "streefwaarden-0-year": 2020,
        "streefwaarden-0-value": "52",
        "streefwaarden-0-ORDER": 1,
    }
    response = client.post(reverse("effects:indicator-edit", args=[world.indicator.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert EffectIndicatorTarget.objects.get(pk=target.pk).value == 52
    history = client.get(reverse("effects:smartgoal-history", args=[world.goal.pk])).content.decode()
    assert "streefwaarde" in history
    assert "51" in history and "52" in history


def test_changing_a_target_after_values_exist_needs_a_reason(world):
    world.indicator.values.create(year=2018, value=50)
    target = world.indicator.targets.get()
    data = {
        "version": world.indicator.version,
        "name": world.indicator.name,
        "value_type": "percentage",
        "direction": "geen",
        "aggregation": "laatste_waarde",
        "streefwaarden-TOTAL_FORMS": 1,
        "streefwaarden-INITIAL_FORMS": 1,
        "streefwaarden-0-id": target.pk,
        "streefwaarden-0-indicator": world.indicator.pk,
        "streefwaarden-0-year": 2020,
        "streefwaarden-0-value": "60",
        "streefwaarden-0-ORDER": 1,
    }
    client = world.client("officer")
    url = reverse("effects:indicator-edit", args=[world.indicator.pk])
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Geef de reden" in response.content.decode()
    assert EffectIndicatorTarget.objects.get(pk=target.pk).value == 51
    data["streefwaarden-0-change_reason"] = "Landelijke trend bijgesteld"
    assert client.post(url, data).status_code == 302
    assert EffectIndicatorTarget.objects.get(pk=target.pk).change_reason == "Landelijke trend bijgesteld"


def test_officer_creates_an_effect_and_a_duplicate_code_is_refused(world):
    client = world.client("officer")
    url = reverse("effects:effect-create", args=[world.framework.pk])
    response = client.post(url, {"code": "2", "title": "Dubbel"})
    assert response.status_code == 400
    assert "Er is al een effect met code 2" in response.content.decode()
    response = client.post(url, {"code": "2.10", "title": "Nieuw effect"})
    assert response.status_code == 302
    assert world.framework.effects.filter(code="2.10").exists()


def test_smart_goal_under_several_er_goals_shows_under_each(world):
    second = SocietalEffect.objects.create(
        framework=world.framework, code="3", title="Meer jongeren betrokken"
    )
    world.goal.effects.add(second)
    page = world.client("officer").get(reverse("agreements:framework-overview", args=[world.framework.pk]))
    assert page.content.decode().count("Eind 2020 is het aantal sporters met 1% toegenomen") == 2


@pytest.mark.parametrize(
    "name",
    ["framework-overview", "effect-detail", "smartgoal-detail", "effect-edit", "smartgoal-edit",
     "effect-list", "smartgoal-list", "framework-list", "effect-history", "smartgoal-history"],
)  # fmt: skip
def test_query_count_does_not_grow_with_the_data(world, query_count, name):
    client = world.client("officer")
    url = _pages(world)[name][0]
    world.grow(1)  # one of everything, so every prefetch has rows to fetch
    query_count(client, url)  # warm up the session and caches
    small = query_count(client, url)
    world.grow(6)
    large = query_count(client, url)
    assert large == small, f"{name}: {small} queries with little data, {large} with more"
    assert small <= 40


def test_saving_the_page_unchanged_with_its_blank_new_rows_succeeds(world):
    """The blank rows at the end of each list carry only an order number; they are no change."""
    client = world.client("officer")
    url = reverse("effects:effect-edit", args=[world.effect.pk])
    data = _effect_post(world)
    for prefix in ("doelgroep", "partners", "indicatoren"):
        data.update({f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-0-ORDER": "1"})
    # A browser also sends the preselected choices of the blank indicator row.
    data.update(
        {
            "indicatoren-0-value_type": "aantal",
            "indicatoren-0-direction": "geen",
            "indicatoren-0-aggregation": "laatste_waarde",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert not TargetGroupFigure.objects.exists()
