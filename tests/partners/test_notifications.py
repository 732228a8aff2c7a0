"""The in-app notice list ("Meldingen"), marking notices read, and the unread count in the menu."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Notification
from tests.helpers import ROLES

pytestmark = pytest.mark.django_db

LIST = reverse("partners:notification-list")
READ = reverse("partners:notification-read")


def notices(user, n: int, *, subject: str = "Melding", read: bool = False) -> list[Notification]:
    now = timezone.now()
    return [
        Notification.objects.create(
            recipient=user,
            subject=f"{subject} {i}",
            message=f"Tekst {i}",
            url=f"/link/{i}/",
            created_at=now - datetime.timedelta(minutes=n - i),
            read_at=now if read else None,
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_sees_its_notices_and_anonymous_must_sign_in(world, role):
    response = world.client(role).get(LIST)

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 200
        assert "Meldingen" in response.content.decode()


def test_the_list_shows_only_the_users_own_notices(world):
    notices(world.users["organisation"], 2, subject="Voor Torion")
    notices(world.users["other_organisation"], 2, subject="Voor de GGD")

    page = world.client("organisation").get(LIST).content.decode()

    assert "Voor Torion 0" in page and "Voor Torion 1" in page
    assert "Voor de GGD" not in page
    assert 'href="/link/1/"' in page


def test_the_list_is_newest_first_and_paginated_by_25(world):
    notices(world.users["officer"], 30)
    client = world.client("officer")

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    subjects = [notice.subject for notice in first.context["page"].object_list]
    assert len(subjects) == 25
    assert subjects[0] == "Melding 29" and subjects[-1] == "Melding 5"
    assert [notice.subject for notice in second.context["page"].object_list] == [
        f"Melding {i}" for i in range(4, -1, -1)
    ]
    assert "Pagina 1 van 2" in first.content.decode()


def test_unread_notices_are_highlighted_and_read_ones_are_not(world):
    notices(world.users["organisation"], 1, subject="Ongelezen")
    notices(world.users["organisation"], 1, subject="Gelezen", read=True)

    page = world.client("organisation").get(LIST).content.decode()

    assert page.count('<span class="badge text-bg-primary me-1">Nieuw</span>') == 1
    assert page.count("list-group-item-primary") == 1
    assert page.count('name="pk"') == 1


def test_marking_one_notice_read(world):
    first, second = notices(world.users["organisation"], 2)

    response = world.client("organisation").post(READ, {"pk": first.pk, "page": "1"})

    assert response.status_code == 302
    assert response.url == f"{LIST}?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_marking_all_read_leaves_other_users_notices_alone(world):
    own = notices(world.users["organisation"], 3)
    foreign = notices(world.users["other_organisation"], 2)

    response = world.client("organisation").post(READ)

    assert response.status_code == 302
    assert Notification.objects.filter(pk__in=[n.pk for n in own], read_at__isnull=True).count() == 0
    assert Notification.objects.filter(pk__in=[n.pk for n in foreign], read_at__isnull=True).count() == 2


@pytest.mark.parametrize("pk", ["foreign", "999999", "abc"])
def test_marking_a_foreign_or_unknown_notice_is_404_and_changes_nothing(world, pk):
    (foreign,) = notices(world.users["other_organisation"], 1)
    notices(world.users["organisation"], 1)

    response = world.client("organisation").post(READ, {"pk": foreign.pk if pk == "foreign" else pk})

    assert response.status_code == 404
    assert not Notification.objects.filter(read_at__isnull=False).exists()


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_marks_its_own_notice_read_and_anonymous_must_sign_in(world, role):
    user = world.users.get(role)
    (notice,) = notices(user or world.users["organisation"], 1)

    response = world.client(role).post(READ, {"pk": notice.pk})

    assert response.status_code == 302
    notice.refresh_from_db()
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
        assert notice.read_at is None
    else:
        assert response.url == LIST
        assert notice.read_at is not None


def test_marking_read_needs_a_post_and_a_signed_in_user(world):
    (notice,) = notices(world.users["organisation"], 1)

    assert world.client("organisation").get(READ).status_code == 405
    response = world.client("anonymous").post(READ, {"pk": notice.pk})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    notice.refresh_from_db()
    assert notice.read_at is None


def test_query_count_of_the_notice_list_does_not_grow(world, query_count):
    user = world.users["organisation"]
    client = world.client("organisation")
    notices(user, 3)
    query_count(client, LIST)  # warm up the session
    small = query_count(client, LIST)

    notices(user, 27, subject="Meer")
    large = query_count(client, LIST)

    assert large == small


@pytest.mark.parametrize("role", ["officer", "organisation"])
def test_the_menu_shows_the_unread_count(world, role):
    user = world.users[role]
    notices(user, 3)
    notices(user, 2, read=True)
    client = world.client(role)
    other_page = reverse("agreements:assignment-list")

    page = client.get(other_page).content.decode()

    assert f'href="{LIST}"' in page
    assert '<span class="badge rounded-pill text-bg-warning" data-unread-count>3' in page
    assert '<span class="visually-hidden"> ongelezen</span>' in page

    client.post(READ)
    page = client.get(other_page).content.decode()
    assert f'href="{LIST}"' in page
    assert "data-unread-count" not in page


def test_the_menu_has_no_notices_for_anonymous_visitors(world):
    page = world.client("anonymous").get(reverse("login")).content.decode()

    assert LIST not in page
