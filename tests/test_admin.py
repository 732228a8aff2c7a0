"""The admin opens for every model on real demo data, and its busiest lists do not grow with the data."""

from io import StringIO
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import (
    AgreementAmendment,
    AgreementSection,
    AgreementTransition,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PeriodReport,
    Realisation,
    RealisedHours,
    ReminderSent,
    ReportEvent,
    ReportingPeriod,
)
from effects.models import PolicyFramework, SocietalEffect
from partners.models import ContactPerson, Membership, Notification
from reporting.models import ReportJob

DEMO = Path(__file__).resolve().parent.parent / "demo"
FIRST_FRAMEWORK = DEMO / "haren-wmo-2013-2016.yaml"
OTHER_FRAMEWORKS = sorted(path for path in DEMO.glob("*.yaml") if path != FIRST_FRAMEWORK)

# Generous enough for session, permissions, filters, counts and prefetches; far below one per row.
CHANGELIST_MAX_QUERIES = 30


def import_demo(*paths: Path) -> None:
    for path in paths:
        call_command("import_kader", str(path), stdout=StringIO())


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="beheerder", email="beheer@example.org", password="een-lang-wachtwoord"
    )
    client.force_login(user)
    return client


def add_rows_the_demo_lacks(user) -> None:
    """One row for each model the demo files leave empty, so that every change page is opened."""
    hours = HoursLine.objects.select_related("assignment__agreement__framework", "municipality").first()
    assignment, municipality = hours.assignment, hours.municipality
    agreement, framework = assignment.agreement, assignment.agreement.framework
    Group.objects.create(name="Beleidsmedewerkers")
    ContactPerson.objects.create(organisation=agreement.organisation, name="A. de Vries")
    Membership.objects.create(user=user, role=Membership.Role.POLICY_OFFICER, municipality=municipality)
    AgreementSection.objects.create(agreement=agreement, title="Inleiding", body="Tekst")
    MoneyLine.objects.create(
        assignment=assignment, municipality=municipality, kind=MoneyLine.Kind.COST, amount=1000
    )
    period = ReportingPeriod.objects.create(
        framework=framework,
        slug="jaar",
        name=f"Jaar {framework.start_year}",
        kind=ReportingPeriod.Kind.YEAR,
        year=framework.start_year,
    )
    indicator = assignment.indicators.first() or PerformanceIndicator.objects.create(
        assignment=assignment, name="Bereik"
    )
    Realisation.objects.create(indicator=indicator, period=period, municipality=municipality, value=12)
    report = PeriodReport.objects.create(assignment=assignment, period=period)
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.COMMENT, by=user, comment="Vraag")
    RealisedHours.objects.create(report=report, municipality=municipality, hours=10)
    ReminderSent.objects.create(period=period, organisation=agreement.organisation, kind="voor_deadline")
    Notification.objects.create(recipient=user, subject="Rapportage ingediend")
    ReportJob.objects.create(user=user, name="opdrachtformulier", params=f"framework={framework.slug}")
    AccessAttempt.objects.create(username="iemand", ip_address="192.0.2.1", failures_since_start=5)
    AgreementTransition.objects.create(
        agreement=agreement, from_status="concept", to_status="ingediend", by=user
    )
    AgreementAmendment.objects.create(agreement=agreement, reason="Extra uren", created_by=user, snapshot={})


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_registered_model_has_working_changelist_add_change_and_history_pages(
    db, superuser_client, django_user_model
):
    import_demo(FIRST_FRAMEWORK, *OTHER_FRAMEWORKS)
    assert PolicyFramework.objects.count() == 1 + len(OTHER_FRAMEWORKS)
    add_rows_the_demo_lacks(django_user_model.objects.get(username="beheerder"))

    request = RequestFactory().get("/")
    request.user = django_user_model.objects.get(username="beheerder")
    failures = []
    for model, model_admin in admin.site._registry.items():
        pages = [admin_url(model, "changelist")]
        if model_admin.has_add_permission(request):
            pages.append(admin_url(model, "add"))
        elif superuser_client.get(admin_url(model, "add")).status_code != 403:
            failures.append(f"{model._meta.label}: read-only, but its add page does not refuse")
        first = model._default_manager.order_by("pk").first()
        if first is None:
            failures.append(f"{model._meta.label}: no row, so its change page was not opened")
        else:
            pages.append(admin_url(model, "change", first.pk))
            if isinstance(model_admin, SimpleHistoryAdmin):
                pages.append(admin_url(model, "history", first.pk))
        for url in pages:
            response = superuser_client.get(url)
            if response.status_code != 200:
                failures.append(f"{url}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_every_editable_model_shows_its_history_in_the_admin():
    without_history = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if hasattr(model, "history") and not isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert not without_history


def changelist_query_count(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", [Assignment, SocietalEffect], ids=lambda model: model.__name__)
def test_changelist_query_count_does_not_grow_with_the_number_of_frameworks(
    db, superuser_client, django_assert_max_num_queries, model
):
    import_demo(FIRST_FRAMEWORK)
    with django_assert_max_num_queries(CHANGELIST_MAX_QUERIES):
        response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    rows_with_one = model.objects.count()
    queries_with_one = changelist_query_count(superuser_client, model)

    import_demo(*OTHER_FRAMEWORKS)
    assert model.objects.count() > rows_with_one
    with django_assert_max_num_queries(CHANGELIST_MAX_QUERIES):
        response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert changelist_query_count(superuser_client, model) == queries_with_one
