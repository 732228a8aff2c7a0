"""Django's own refusals (not found, no access, a bad request, an expired form, a server error) are Dutch
pages of this application, not Django's English defaults."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.views import defaults


@pytest.fixture
def officer_client(world):
    return world.client("officer")


def test_not_found_is_dutch_and_keeps_the_menu(officer_client):
    response = officer_client.get("/kaders/999999/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html
    assert 'lang="nl"' in html
    assert "Beleidskaders" in html  # the signed-in user's menu is there to go on from
    assert "Not Found" not in html


def test_no_access_shows_the_reason_given(world):
    # An alderman may read the review queue's municipality but does not review reports.
    response = world.client("alderman").get("/beoordelen/")

    html = response.content.decode()
    assert response.status_code == 403
    assert "Geen toegang" in html
    assert "Alleen beleidsmedewerkers beoordelen rapportages." in html


def test_no_access_without_a_reason_has_a_dutch_default(db):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    response = defaults.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "U hebt geen toegang tot deze pagina." in response.content.decode()


def test_an_expired_form_explains_what_to_do(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer"])

    response = client.post("/beoordelen/", {})

    html = response.content.decode()
    assert response.status_code == 403
    assert "Formulier verlopen" in html
    assert "CSRF" not in html


@pytest.mark.parametrize(
    ("view", "status", "title"),
    [
        (lambda request: defaults.bad_request(request, SuspiciousOperation()), 400, "Verzoek niet begrepen"),
        (defaults.server_error, 500, "Er ging iets mis"),
    ],
)
def test_bad_request_and_server_error_are_dutch_pages_that_need_nothing(db, view, status, title):
    response = view(RequestFactory().get("/"))

    html = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="h3">{title}</h1>' in html
    assert 'lang="nl"' in html
