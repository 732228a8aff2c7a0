"""Agreement and assignment pages, organisation pages and search: scoping per role and query counts."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Pages every signed-in role may open, with scoped content.
OPEN = {
    "officer": 200,
    "alderman": 200,
    "admin": 200,
    "organisation": 200,
    "other_organisation": 200,
    "other_officer": 200,
    "anonymous": 302,
}
# Torion's assignment / agreement: Haren staff and Torion itself; GGD and Assen get 404.
TORION_OBJECT = {**OPEN, "other_organisation": 404, "other_officer": 404}
MUNICIPAL_ONLY = {**OPEN, "organisation": 403, "other_organisation": 403}


def _pages(world):
    return {
        "agreement-list": (reverse("agreements:agreement-list"), OPEN),
        "assignment-list": (reverse("agreements:assignment-list"), OPEN),
        "agreement-detail": (
            reverse("agreements:agreement-detail", args=[world.agreement.pk]),
            TORION_OBJECT,
        ),
        "assignment-detail": (
            reverse("agreements:assignment-detail", args=[world.assignment.pk]),
            TORION_OBJECT,
        ),
        "organisation-list": (reverse("partners:organisation-list"), MUNICIPAL_ONLY),
        "organisation-detail": (
            reverse("partners:organisation-detail", args=[world.torion.pk]),
            {**MUNICIPAL_ONLY, "other_officer": 404},
        ),
        "search": (reverse("agreements:search") + "?q=Opdracht", MUNICIPAL_ONLY),
    }


PAGES = [
    "agreement-list", "assignment-list", "agreement-detail", "assignment-detail", "organisation-list",
    "organisation-detail", "search",
]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", list(OPEN))
def test_each_page_answers_each_role_as_designed(world, page, role):
    url, expected = _pages(world)[page]
    assert world.client(role).get(url).status_code == expected[role], (page, role)


def test_organisation_user_sees_only_its_own_assignments(world):
    page = world.client("organisation").get(reverse("agreements:assignment-list")).content.decode()
    assert reverse("agreements:assignment-detail", args=[world.assignment.pk]) in page
    assert reverse("agreements:assignment-detail", args=[world.ggd_assignment.pk]) not in page
    export = world.client("organisation").get(reverse("agreements:assignment-list") + "?_export=csv")
    assert "GGD" not in export.content.decode()
    assert "Torion" in export.content.decode()


def test_assignment_page_shows_cost_table_and_activities_in_order(world):
    world.agreement.hourly_rate = 73
    world.agreement.save()
    page = world.client("officer").get(reverse("agreements:assignment-detail", args=[world.assignment.pk]))
    text = page.content.decode()
    assert text.index("Huisbezoeken") < text.index("Cursussen")
    assert "1403" in text
    assert "€ 102.419,00" in text  # 1403 h x EUR 73


def test_search_finds_goals_and_never_another_municipality(world):
    page = world.client("officer").get(reverse("agreements:search") + "?q=sporters").content.decode()
    assert "Eind 2020 is het aantal sporters met 1% toegenomen" in page
    other = world.client("other_officer").get(reverse("agreements:search") + "?q=sporters").content.decode()
    assert "Eind 2020 is het aantal sporters" not in other


def test_switching_municipality_only_to_ones_of_your_own(world):
    client = world.client("officer")
    response = client.post(reverse("partners:switch-municipality"), {"municipality": world.assen.pk})
    assert response.status_code == 404
    response = client.post(
        reverse("partners:switch-municipality"), {"municipality": world.haren.pk, "next": "/"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "page", ["agreement-list", "assignment-list", "agreement-detail", "assignment-detail"]
)
def test_query_count_does_not_grow_with_the_data(world, query_count, page):
    client = world.client("officer")
    url = _pages(world)[page][0]
    world.grow(1)
    query_count(client, url)
    small = query_count(client, url)
    world.grow(6)
    assert query_count(client, url) == small
