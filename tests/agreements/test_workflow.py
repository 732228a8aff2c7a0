"""The agreement workflow (concept -> ingediend -> afgestemd -> vastgesteld), locking and amendments."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements.models import (
    Activity,
    Agreement,
    AgreementAmendment,
    AgreementTransition,
    Assignment,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
)
from agreements.services import start_amendment, transition_agreement
from tests.agreements.test_editing_views import form_data
from tests.factories import AssignmentFactory
from tests.helpers import row_counts

pytestmark = pytest.mark.django_db

Status = Agreement.Status
ROLES = ["officer", "alderman", "admin", "organisation", "other_organisation", "other_officer", "anonymous"]


def _fresh(agreement: Agreement) -> Agreement:
    return Agreement.objects.prefetch_related("municipalities").get(pk=agreement.pk)


def _walk(world, *statuses, role="officer", comment=""):
    for status in statuses:
        transition_agreement(
            agreement=_fresh(world.agreement), to_status=status, user=world.users[role], comment=comment
        )
    return _fresh(world.agreement)


def _adopt(world) -> Agreement:
    return _walk(world, Status.SUBMITTED, Status.AGREED, Status.ADOPTED)


# -- the service ------------------------------------------------------------------------------------


def test_officer_takes_the_agreement_through_every_step_with_who_when_and_a_version_each(world):
    officer = world.users["officer"]
    version = world.agreement.version
    history = Agreement.history.filter(id=world.agreement.pk).count()
    agreement = _walk(world, Status.SUBMITTED, Status.AGREED)
    transition_agreement(agreement=agreement, to_status=Status.ADOPTED, user=officer, comment="College 12-3")
    agreement = _fresh(world.agreement)
    assert agreement.status == Status.ADOPTED
    assert agreement.version == version + 3
    steps = list(agreement.transitions.values_list("from_status", "to_status", "by", "comment"))
    assert steps == [
        (Status.DRAFT, Status.SUBMITTED, officer.pk, ""),
        (Status.SUBMITTED, Status.AGREED, officer.pk, ""),
        (Status.AGREED, Status.ADOPTED, officer.pk, "College 12-3"),
    ]
    assert all(step.at is not None for step in agreement.transitions.all())
    # One history row per step, on the agreement and on its transition.
    assert Agreement.history.filter(id=agreement.pk).count() == history + 3
    assert AgreementTransition.history.filter(agreement_id=agreement.pk).count() == 3
    assert Agreement.history.filter(id=agreement.pk).latest("history_date").history_user == officer


def test_the_organisation_submits_its_own_agreement_but_goes_no_further(world):
    agreement = _walk(world, Status.SUBMITTED, role="organisation")
    assert agreement.status == Status.SUBMITTED
    assert agreement.transitions.get().by == world.users["organisation"]
    with pytest.raises(PermissionDenied):
        transition_agreement(agreement=agreement, to_status=Status.AGREED, user=world.users["organisation"])
    assert _fresh(world.agreement).status == Status.SUBMITTED


@pytest.mark.parametrize("role", ["alderman", "admin", "other_organisation", "other_officer"])
def test_readers_and_strangers_cannot_take_a_step(world, role):
    with pytest.raises(PermissionDenied):
        transition_agreement(
            agreement=_fresh(world.agreement), to_status=Status.SUBMITTED, user=world.users[role]
        )
    assert not AgreementTransition.objects.exists()


@pytest.mark.parametrize(
    ("start", "to_status"),
    [
        ([], Status.AGREED),
        ([], Status.ADOPTED),
        ([Status.SUBMITTED], Status.ADOPTED),
        ([Status.SUBMITTED, Status.AGREED, Status.ADOPTED], Status.DRAFT),
        ([Status.SUBMITTED, Status.AGREED, Status.ADOPTED], Status.AGREED),
        ([], Status.DRAFT),
        ([], "onzin"),
    ],
)
def test_steps_outside_the_workflow_are_refused(world, start, to_status):
    agreement = _walk(world, *start)
    with pytest.raises(ValidationError):
        transition_agreement(
            agreement=agreement, to_status=to_status, user=world.users["officer"], comment="x"
        )
    assert _fresh(world.agreement).status == agreement.status


@pytest.mark.parametrize(
    ("start", "back_to"),
    [([Status.SUBMITTED], Status.DRAFT), ([Status.SUBMITTED, Status.AGREED], Status.SUBMITTED)],
)
def test_a_step_back_needs_a_comment(world, start, back_to):
    agreement = _walk(world, *start)
    with pytest.raises(ValidationError) as error:
        transition_agreement(
            agreement=agreement, to_status=back_to, user=world.users["officer"], comment="  "
        )
    assert "comment" in error.value.message_dict
    assert _fresh(world.agreement).status == agreement.status
    transition_agreement(
        agreement=agreement,
        to_status=back_to,
        user=world.users["officer"],
        comment="Uren per gemeente ontbreken",
    )
    assert _fresh(world.agreement).status == back_to
    assert world.agreement.transitions.last().comment == "Uren per gemeente ontbreken"


def test_the_organisation_cannot_step_back(world):
    agreement = _walk(world, Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        transition_agreement(
            agreement=agreement, to_status=Status.DRAFT, user=world.users["organisation"], comment="Terug"
        )


def test_a_step_from_a_status_that_changed_meanwhile_is_refused(world):
    stale = _fresh(world.agreement)
    _walk(world, Status.SUBMITTED)
    with pytest.raises(ValidationError):
        transition_agreement(agreement=stale, to_status=Status.SUBMITTED, user=world.users["officer"])
    assert world.agreement.transitions.count() == 1


# -- the transition page ----------------------------------------------------------------------------

SUBMIT = {
    "officer": 302,
    "organisation": 302,
    "alderman": 403,
    "admin": 403,
    "other_organisation": 404,
    "other_officer": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_submitting_through_the_page_answers_each_role_as_designed(world, role):
    client = world.client(role)
    url = reverse("agreements:agreement-transition", args=[world.agreement.pk])
    before = row_counts()
    response = client.post(url, {"to_status": Status.SUBMITTED, "comment": ""})
    assert response.status_code == SUBMIT[role]
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
    submitted = role in ("officer", "organisation")
    assert _fresh(world.agreement).status == (Status.SUBMITTED if submitted else Status.DRAFT)
    if not submitted:
        assert row_counts() == before


@pytest.mark.parametrize("role", ["officer", "organisation", "anonymous"])
def test_the_transition_page_takes_posts_only(world, role):
    response = world.client(role).get(reverse("agreements:agreement-transition", args=[world.agreement.pk]))
    assert response.status_code == (302 if role == "anonymous" else 405)


def test_a_step_back_without_comment_reshows_the_page_with_the_message(world):
    _walk(world, Status.SUBMITTED)
    client = world.client("officer")
    before = row_counts()
    response = client.post(
        reverse("agreements:agreement-transition", args=[world.agreement.pk]), {"to_status": Status.DRAFT}
    )
    assert response.status_code == 400
    assert "Geef bij een stap terug een toelichting" in response.content.decode()
    assert row_counts() == before
    response = client.post(
        reverse("agreements:agreement-transition", args=[world.agreement.pk]),
        {"to_status": Status.DRAFT, "comment": "Activiteiten zijn te vaag"},
    )
    assert response.status_code == 302
    page = client.get(reverse("agreements:agreement-detail", args=[world.agreement.pk])).content.decode()
    assert "Statusverloop" in page and "Activiteiten zijn te vaag" in page


@pytest.mark.parametrize("to_status", ["", "vastgesteld", "onzin"])
def test_a_malformed_or_skipping_step_is_a_form_error(world, to_status):
    client = world.client("officer")
    before = row_counts()
    response = client.post(
        reverse("agreements:agreement-transition", args=[world.agreement.pk]), {"to_status": to_status}
    )
    assert response.status_code == 400
    assert row_counts() == before


def test_agreement_page_offers_only_the_actions_a_role_may_take(world):
    url = reverse("agreements:agreement-detail", args=[world.agreement.pk])
    edit_url = reverse("agreements:agreement-edit", args=[world.agreement.pk])
    transition_url = reverse("agreements:agreement-transition", args=[world.agreement.pk])
    officer = world.client("officer").get(url).content.decode()
    assert edit_url in officer and transition_url in officer and "Terug naar" not in officer
    organisation = world.client("organisation").get(url).content.decode()
    assert edit_url not in organisation
    assert transition_url in organisation and 'value="ingediend"' in organisation
    alderman = world.client("alderman").get(url).content.decode()
    assert edit_url not in alderman and transition_url not in alderman
    assert reverse("agreements:agreement-history", args=[world.agreement.pk]) in alderman
    _walk(world, Status.SUBMITTED)
    organisation = world.client("organisation").get(url).content.decode()
    assert transition_url not in organisation  # nothing more for the organisation to do
    officer = world.client("officer").get(url).content.decode()
    assert 'value="afgestemd"' in officer and 'value="concept"' in officer


# -- locking after adoption ---------------------------------------------------------------------------


@pytest.fixture
def indicator(world):
    return PerformanceIndicator.objects.create(assignment=world.assignment, name="Aantal huisbezoeken")


def _edit_urls(world, indicator):
    return [
        reverse("agreements:agreement-edit", args=[world.agreement.pk]),
        reverse("agreements:assignment-edit", args=[world.assignment.pk]),
        reverse("agreements:indicator-edit", args=[indicator.pk]),
    ]


def test_an_adopted_plan_is_locked_and_the_edit_pages_point_to_an_amendment(world, indicator):
    client = world.client("officer")
    loaded = [form_data(client.get(url)) for url in _edit_urls(world, indicator)]
    _adopt(world)
    for url, data in zip(_edit_urls(world, indicator), loaded, strict=True):
        response = client.get(url)
        assert response.status_code == 403
        page = response.content.decode()
        assert "is vastgesteld" in page and "wijziging" in page
        assert reverse("agreements:agreement-detail", args=[world.agreement.pk]) in page
        before = row_counts()
        data.update({"title": "Toch aangepast", "name": "Toch aangepast"})
        assert client.post(url, data).status_code == 403
        assert row_counts() == before
    assignment_page = client.get(reverse("agreements:assignment-detail", args=[world.assignment.pk]))
    assert (
        reverse("agreements:assignment-edit", args=[world.assignment.pk])
        not in assignment_page.content.decode()
    )
    agreement_page = client.get(
        reverse("agreements:agreement-detail", args=[world.agreement.pk])
    ).content.decode()
    assert reverse("agreements:agreement-edit", args=[world.agreement.pk]) not in agreement_page
    assert reverse("agreements:amendment-start", args=[world.agreement.pk]) in agreement_page


def test_other_agreements_stay_editable_when_one_is_adopted(world):
    _adopt(world)
    url = reverse("agreements:assignment-edit", args=[world.ggd_assignment.pk])
    assert world.client("officer").get(url).status_code == 200


# -- amendments ---------------------------------------------------------------------------------------


def test_an_amendment_keeps_the_adopted_plan_and_reopens_the_agreement(world):
    agreement = _adopt(world)
    officer = world.users["officer"]
    amendment = start_amendment(
        agreement=agreement, user=officer, reason="Extra inzet jongerenwerk per 1 juli"
    )
    agreement = _fresh(world.agreement)
    assert agreement.status == Status.DRAFT
    last = agreement.transitions.last()
    assert (last.from_status, last.to_status, last.by, last.comment) == (
        Status.ADOPTED,
        Status.DRAFT,
        officer,
        "Extra inzet jongerenwerk per 1 juli",
    )
    assert (amendment.created_by, amendment.reason) == (officer, "Extra inzet jongerenwerk per 1 juli")
    stored = AgreementAmendment.objects.get(pk=amendment.pk).snapshot
    assert stored["status"] == Status.ADOPTED
    assert stored["agreement"]["title"] == world.agreement.title
    (assignment,) = stored["assignments"]
    assert assignment["activities"] == ["Huisbezoeken", "Cursussen"]
    assert assignment["hours_lines"][0]["hours"] == "1403.00"
    assert assignment["indicators"] == []


def test_an_amendment_needs_a_reason_an_adopted_agreement_and_an_officer(world):
    with pytest.raises(ValidationError):
        start_amendment(agreement=_fresh(world.agreement), user=world.users["officer"], reason="Te vroeg")
    agreement = _adopt(world)
    with pytest.raises(ValidationError) as error:
        start_amendment(agreement=agreement, user=world.users["officer"], reason="   ")
    assert "reason" in error.value.message_dict
    for role in ("alderman", "organisation", "other_officer"):
        with pytest.raises(PermissionDenied):
            start_amendment(agreement=agreement, user=world.users[role], reason="Omdat het kan")
    assert not AgreementAmendment.objects.exists()
    assert _fresh(world.agreement).status == Status.ADOPTED


AMEND = {**SUBMIT, "organisation": 403, "officer": 302}


@pytest.mark.parametrize("role", ROLES)
def test_starting_an_amendment_answers_each_role_as_designed(world, role):
    _adopt(world)
    client = world.client(role)
    before = row_counts()
    response = client.post(
        reverse("agreements:amendment-start", args=[world.agreement.pk]), {"reason": "Nieuwe wethouder"}
    )
    assert response.status_code == AMEND[role]
    if role == "officer":
        assert _fresh(world.agreement).status == Status.DRAFT
    else:
        assert row_counts() == before


def test_an_amendment_without_reason_reshows_the_page_and_writes_nothing(world):
    _adopt(world)
    client = world.client("officer")
    before = row_counts()
    response = client.post(reverse("agreements:amendment-start", args=[world.agreement.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Geef de reden van de wijziging." in response.content.decode()
    assert row_counts() == before


def test_after_an_amendment_the_plan_is_edited_and_the_earlier_version_stays_visible(world):
    MoneyLine.objects.create(
        assignment=world.assignment, municipality=world.haren, kind="baten", amount=19000
    )
    indicator = PerformanceIndicator.objects.create(assignment=world.assignment, name="Aantal deelnemers")
    PerformanceTarget.objects.create(indicator=indicator, year=2018, value=40, text="veertig")
    _adopt(world)
    client = world.client("officer")
    agreement_url = reverse("agreements:agreement-detail", args=[world.agreement.pk])
    response = client.post(
        reverse("agreements:amendment-start", args=[world.agreement.pk]), {"reason": "Extra spreekuur"}
    )
    assert response.status_code == 302
    # The plan is open again: change the assignment.
    url = reverse("agreements:assignment-edit", args=[world.assignment.pk])
    data = form_data(client.get(url))
    data["task"] = "Spreekuur twee keer per week"
    assert client.post(url, data).status_code == 302
    # It goes through the workflow again.
    for status in (Status.SUBMITTED, Status.AGREED, Status.ADOPTED):
        transition = reverse("agreements:agreement-transition", args=[world.agreement.pk])
        assert client.post(transition, {"to_status": status}).status_code == 302
    assert _fresh(world.agreement).status == Status.ADOPTED
    page = client.get(agreement_url).content.decode()
    amendment = AgreementAmendment.objects.get()
    detail_url = reverse("agreements:amendment-detail", args=[amendment.pk])
    assert "Extra spreekuur" in page and detail_url in page
    assert world.users["officer"].username in page
    earlier = client.get(detail_url)
    assert earlier.status_code == 200
    text = earlier.content.decode()
    assert "Huisbezoeken" in text and "Extra spreekuur" in text
    assert "€ 19.000,00" in text and "directe baten" in text and "1403,00" in text
    assert "Aantal deelnemers" in text and "veertig" in text
    assert "Spreekuur twee keer per week" not in text  # the earlier version, not the current one
    assert "vastgesteld" in text


AMENDMENT_READ = {
    "officer": 200,
    "alderman": 200,
    "admin": 200,
    "organisation": 200,
    "other_organisation": 404,
    "other_officer": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_earlier_version_answers_each_role_as_designed(world, role):
    amendment = start_amendment(agreement=_adopt(world), user=world.users["officer"], reason="Bijstelling")
    response = world.client(role).get(reverse("agreements:amendment-detail", args=[amendment.pk]))
    assert response.status_code == AMENDMENT_READ[role]


# -- query counts -------------------------------------------------------------------------------------


def _grow_agreement(world, n: int) -> None:
    """n more assignments, and n more rounds of the workflow with an amendment each."""
    for i in range(n):
        assignment = AssignmentFactory(agreement=world.agreement, code=f"8.{i + 1}")
        Activity.objects.create(assignment=assignment, description=f"Activiteit {i}")
        agreement = _adopt(world)
        start_amendment(agreement=agreement, user=world.users["officer"], reason=f"Wijziging {i}")


@pytest.mark.parametrize(("name", "bound"), [("agreement-detail", 20), ("amendment-detail", 20)])
def test_query_count_of_the_agreement_pages_does_not_grow_with_the_data(
    world, query_count, django_assert_max_num_queries, name, bound
):
    client = world.client("officer")
    _grow_agreement(world, 1)

    def url():
        pk = world.agreement.pk if name == "agreement-detail" else AgreementAmendment.objects.latest("pk").pk
        return reverse(f"agreements:{name}", args=[pk])

    query_count(client, url())
    small = query_count(client, url())
    with django_assert_max_num_queries(bound):
        client.get(url())
    _grow_agreement(world, 5)
    large = query_count(client, url())
    with django_assert_max_num_queries(bound):
        client.get(url())
    assert large == small, f"{name}: {small} queries with little data, {large} with more"
    assert Assignment.objects.filter(agreement=world.agreement).count() == 7


# -- admin --------------------------------------------------------------------------------------------


def test_transitions_and_amendments_have_working_admin_pages(world, django_user_model):
    amendment = start_amendment(agreement=_adopt(world), user=world.users["officer"], reason="Bijstelling")
    superuser = django_user_model.objects.create_superuser(
        username="beheerder", password="een-lang-wachtwoord"
    )
    client = world.client("anonymous")
    client.force_login(superuser)
    for obj in (AgreementTransition.objects.first(), amendment):
        meta = obj._meta
        for action, args in (("changelist", []), ("add", []), ("change", [obj.pk]), ("history", [obj.pk])):
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)
            assert client.get(url).status_code == 200, url
