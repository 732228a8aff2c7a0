"""Every URL pattern of the project answers every role as designed, for its own and for a foreign object,
on GET and on an empty POST; refused requests write nothing. The design is the table in matrix.py."""

import copy
import types
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.signals import got_request_exception
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import get_resolver, include, path, resolve, reverse

import config.urls
from partners.models import AuditEvent, Notification
from reporting.models import ReportJob
from tests.factories import UserFactory
from tests.helpers import DOMAIN_APPS, row_counts
from tests.security.matrix import (
    ADMIN_LOGIN,
    ADMIN_MODEL_PATTERNS,
    ADMIN_MODEL_ROW,
    ADMIN_MODELS,
    ADMIN_PAGE_ROW,
    AREAS,
    ENTRIES,
    LOGIN,
    REDIRECT,
    ROLES,
    build_objects,
    missing_entries,
    routes,
    row,
    unknown_entries,
)

# Where django-otp's second step would send staff whose sign-in is not complete.
SECOND_STEP = "/account/tweede-stap/"


class StatusClient(Client):
    """A test client that keeps no templates and contexts of its responses: the matrix reads only the
    status and where a redirect goes, and copying every context of every page costs a tenth of the run."""

    def request(self, **request):
        uid = f"matrix-exception-{id(request)}"
        got_request_exception.connect(self.store_exc_info, dispatch_uid=uid)
        try:
            response = self.handler(self._base_environ(**request))
        finally:
            got_request_exception.disconnect(dispatch_uid=uid)
        self.check_exception(response)
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


@pytest.fixture
def clients(portal, settings, tmp_path):
    """A client per role, signed in with force_login (the superuser added to the world's users), and the
    objects the URLs point at."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    users = portal.world.users
    users["superuser"] = UserFactory(username="superuser", is_superuser=True, is_staff=True)
    objects = build_objects(portal)
    clients = {role: StatusClient() for role in ROLES}
    for role, client in clients.items():
        if role != "anonymous":
            client.force_login(users[role])
    return clients, objects


def outcome(response, url: str) -> str:
    """The response as the matrix writes it: the status, or L / A for a sign-in redirect."""
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        if location.path == reverse("login") and "next=" in location.query:
            return LOGIN
        if location.path == reverse("admin:login"):
            return ADMIN_LOGIN
        if location.path.startswith(SECOND_STEP) and not url.startswith(SECOND_STEP):
            return "tweede stap"
    return str(response.status_code)


def ask(client, method: str, url: str, data: dict) -> str:
    try:
        response = client.get(url) if method == "get" else client.post(url, data)
    except Exception as error:  # a crash is an outcome too: shown in the table of differences
        return f"{type(error).__name__}: {error}"[:300]
    return outcome(response, url)


def snapshot() -> dict[str, int]:
    """What tests.helpers.row_counts counts (domain rows with their history), in one query, plus report
    jobs and what changes without a new row. Not the audit log: it records downloads on purpose."""
    models = [
        model
        for app in DOMAIN_APPS
        for model in apps.get_app_config(app).get_models()
        if model is not AuditEvent
    ]
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM {connection.ops.quote_name(m._meta.db_table)})" for m in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        numbers = cursor.fetchone()
    return {
        **{model._meta.label: number for model, number in zip(models, numbers, strict=True)},
        "reporting.ReportJob": ReportJob.objects.count(),
        "reporting.ReportJob not done": ReportJob.objects.exclude(status=ReportJob.Status.DONE).count(),
        "partners.Notification read": Notification.objects.filter(read_at__isnull=False).count(),
    }


def changes(before: dict, after: dict) -> str:
    return ", ".join(
        f"{key}: {before.get(key)} -> {after.get(key)}" for key in after if before.get(key) != after[key]
    )


def check_entry(entry, clients, objects) -> list[str]:
    """Every target x method x role of the entry; what differs from the table, one line each.

    GETs and POSTs that must be refused (or give a form error) go first and must leave the database as it
    was; POSTs that may succeed (302) go last, as they may change what the others would see.
    """
    problems, may_write = [], []
    before = snapshot()
    for name, target in entry.targets.items():
        url, data = target.url(objects), target.data(objects)
        route = resolve(urlsplit(url).path).route
        if route != entry.route:
            problems.append(f"{name}: {url} is served by {route!r}, not by this pattern")
            continue
        for method, expected_row in (("get", target.get), ("post", target.post)):
            for role, expected in row(expected_row).items():
                request = (name, method, role, url, data, expected)
                if method == "post" and expected == REDIRECT:
                    may_write.append(request)
                else:
                    problems += compare(clients, *request)
    after = snapshot()
    if after != before:
        problems.append(f"refused requests or GETs wrote: {changes(before, after)}")
    for request in may_write:
        problems += compare(clients, *request)
    return problems


def compare(clients, name, method, role, url, data, expected) -> list[str]:
    actual = ask(clients[role], method, url, data)
    if actual == expected:
        return []
    return [f"{method.upper():4} {name:20} {role:18} expected {expected:3}  got {actual}   {url}"]


def explain(problems: list[str]) -> str:
    text = "\n".join(problems)
    if "tweede stap" in text:
        text += (
            "\n(sent to the second sign-in step: force_login should count as a complete sign-in, "
            "see tests/conftest.py)"
        )
    return text


# -- the matrix ------------------------------------------------------------------------------------------


def test_every_url_pattern_of_the_project_is_in_the_matrix():
    resolver = get_resolver()
    assert missing_entries(resolver) == [], "add these routes to tests/security/matrix.py"
    assert unknown_entries(resolver) == [], "these routes are gone: remove them from the matrix"


@pytest.mark.parametrize("area", sorted(set(AREAS.values())))
def test_each_url_answers_each_role_as_designed(clients, area):
    clients, objects = clients
    problems = []
    for route in [route for route, entry_area in AREAS.items() if entry_area == area]:
        # Each pattern starts from the same world: what one pattern's successful POSTs change (and a
        # client signing out) is undone before the next.
        cookies = {role: copy.deepcopy(client.cookies) for role, client in clients.items()}
        with transaction.atomic():
            problems += [f"{route}: {problem}" for problem in check_entry(ENTRIES[route], clients, objects)]
            transaction.set_rollback(True)
        for role, client in clients.items():
            client.cookies = cookies[role]
    assert not problems, explain(problems)


def test_the_admin_pages_of_every_model_are_for_staff_only(clients):
    clients, _objects = clients
    existing = set(routes(get_resolver()))
    problems = []
    for model in ADMIN_MODELS:
        for pattern, tail in ADMIN_MODEL_PATTERNS.items():
            url = f"/admin/{model}/{tail}"
            route = f"admin/{model}/{pattern}"
            if route not in existing:
                continue  # a model without simple-history's admin has no page per historical record
            if resolve(url).route != route:
                problems.append(f"{url} is served by {resolve(url).route!r}, not by {route!r}")
                continue
            for method, expected_row in (
                ("get", ADMIN_MODEL_ROW if pattern == "" else ADMIN_PAGE_ROW),
                ("post", ADMIN_PAGE_ROW),
            ):
                for role, expected in expected_row.items():
                    if expected != "-":
                        problems += compare(clients, model, method, role, url, {}, expected)
    assert not problems, explain(problems)


def test_the_snapshot_counts_the_rows_row_counts_counts(world):
    counts = row_counts()
    del counts["partners.AuditEvent"]
    assert {label: n for label, n in snapshot().items() if label in counts} == counts


# -- the test of the test --------------------------------------------------------------------------------


def _view(request, **kwargs):
    return HttpResponse("nieuw")


def test_a_url_without_an_entry_is_reported_and_nothing_else():
    """A new page, one in a new include, a new page of a model's admin and a new admin page: each of them,
    and only they, are missing from the matrix."""
    urlconf = types.ModuleType("urls_with_new_pages")
    urlconf.urlpatterns = [
        *config.urls.urlpatterns,
        path("nieuw/<int:pk>/", _view, name="nieuw"),
        path("extra/", include(([path("geheim/", _view, name="geheim")], "extra"))),
        path("admin/partners/user/<path:object_id>/export/", _view),
        path("admin/partners/ledger/", _view),
    ]

    new = [
        "admin/partners/ledger/",
        "admin/partners/user/<path:object_id>/export/",
        "extra/geheim/",
        "nieuw/<int:pk>/",
    ]
    assert missing_entries(get_resolver(urlconf)) == sorted([*missing_entries(get_resolver()), *new])


def test_an_entry_for_a_url_that_is_gone_is_reported():
    urlconf = types.ModuleType("urls_without_home")
    urlconf.urlpatterns = [
        pattern for pattern in config.urls.urlpatterns if getattr(pattern, "name", "") != "home"
    ]

    assert unknown_entries(get_resolver(urlconf)) == sorted([*unknown_entries(get_resolver()), ""])
