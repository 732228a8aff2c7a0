"""Who may change agreements and assignments: policy officers of one of the agreement's municipalities."""

from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Assignment, PeriodReport
from partners.permissions import access_for

Status = Agreement.Status

# The steps of the agreement workflow: (from, to) -> (who may take it, the button's label).
# "organisation" means: the officers and also the users of the agreement's own organisation.
OFFICERS, OFFICERS_AND_ORGANISATION = "officers", "organisation"
WORKFLOW_STEPS = {
    (Status.DRAFT, Status.SUBMITTED): (OFFICERS_AND_ORGANISATION, _("Indienen")),
    (Status.SUBMITTED, Status.AGREED): (OFFICERS, _("Afstemmen")),
    (Status.AGREED, Status.ADOPTED): (OFFICERS, _("Vaststellen")),
    (Status.SUBMITTED, Status.DRAFT): (OFFICERS, _("Terug naar concept")),
    (Status.AGREED, Status.SUBMITTED): (OFFICERS, _("Terug naar ingediend")),
}
# Steps back need a comment that says why.
STEPS_BACK = {(Status.SUBMITTED, Status.DRAFT), (Status.AGREED, Status.SUBMITTED)}


def can_edit_agreement(user, agreement: Agreement) -> bool:
    municipality_ids = {municipality.pk for municipality in agreement.municipalities.all()}
    return access_for(user).may_edit_municipalities(municipality_ids)


def can_edit_assignment(user, assignment: Assignment) -> bool:
    return can_edit_agreement(user, assignment.agreement)


def can_change_plan(user, agreement: Agreement) -> bool:
    """Edit the plan in place: an officer of the agreement, as long as it is not adopted."""
    return can_edit_agreement(user, agreement) and not agreement.is_plan_locked


def is_own_organisation(user, agreement: Agreement) -> bool:
    return agreement.organisation_id in access_for(user).organisation_ids


def may_transition_agreement(user, agreement: Agreement, to_status: str) -> bool:
    """Whether this user may move the agreement from its current status to to_status."""
    step = WORKFLOW_STEPS.get((agreement.status, to_status))
    if step is None:
        return False
    if can_edit_agreement(user, agreement):
        return True
    return step[0] == OFFICERS_AND_ORGANISATION and is_own_organisation(user, agreement)


def transitions_for(user, agreement: Agreement) -> list[tuple[str, str]]:
    """(to_status, button label) of every step this user may take now, forward steps first."""
    return [
        (to_status, str(label))
        for (from_status, to_status), (_who, label) in WORKFLOW_STEPS.items()
        if from_status == agreement.status and may_transition_agreement(user, agreement, to_status)
    ]


def can_start_amendment(user, agreement: Agreement) -> bool:
    """An adopted agreement is changed through an amendment, started by an officer."""
    return agreement.is_plan_locked and can_edit_agreement(user, agreement)


def may_enter_report(user, assignment: Assignment) -> bool:
    """Realised values are entered by the users of the assignment's own organisation."""
    return is_own_organisation(user, assignment.agreement)


def report_takes_changes(status: str | None, period, today) -> bool:
    """Whether a report (None: not started) takes changes: a concept in an open period, or returned."""
    if status == PeriodReport.Status.RETURNED:
        return True
    return status in (None, PeriodReport.Status.DRAFT) and period.is_open_on(today)


def may_change_report(user, assignment: Assignment, status: str | None, period, today) -> bool:
    """The organisation's own users, while the report takes changes."""
    return may_enter_report(user, assignment) and report_takes_changes(status, period, today)


def may_review_report(user, assignment: Assignment) -> bool:
    """Reports are reviewed by the policy officers of one of the agreement's municipalities."""
    return can_edit_agreement(user, assignment.agreement)


def may_manage_periods(user, framework) -> bool:
    """Officers (and functional admins) of one of the framework's municipalities open and close periods."""
    municipality_ids = {municipality.pk for municipality in framework.municipalities.all()}
    return access_for(user).may_administer_municipalities(municipality_ids)
