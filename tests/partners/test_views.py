import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOME = {
    "officer": reverse("effects:framework-list"),
    "alderman": reverse("effects:framework-list"),
    "admin": reverse("effects:framework-list"),
    "other_officer": reverse("effects:framework-list"),
    "organisation": reverse("agreements:portal-home"),
    "other_organisation": reverse("agreements:portal-home"),
}


@pytest.mark.parametrize("role", list(HOME))
def test_home_sends_each_role_to_where_its_work_starts(world, role):
    response = world.client(role).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == HOME[role]


def test_home_asks_anonymous_visitors_to_sign_in(world):
    response = world.client("anonymous").get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_without_a_role_is_told_so(django_user_model, client):
    user = django_user_model.objects.create_user(username="zonderrol", password="een-lang-wachtwoord")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "Nog geen rol toegekend" in response.content.decode()


def test_login_page_is_dutch_and_a_wrong_password_says_so(world, client):
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen" in page and 'lang="nl"' in page
    response = client.post(
        reverse("login"), {"username": world.users["officer"].username, "password": "fout"}
    )
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()


def test_password_reset_sends_a_dutch_email(world, client, mailoutbox):
    user = world.users["officer"]
    user.email = "beleid@haren.example"
    user.save()
    response = client.post(reverse("password_reset"), {"email": "beleid@haren.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "nieuw wachtwoord" in mailoutbox[0].body
