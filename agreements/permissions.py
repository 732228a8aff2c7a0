"""Who may change agreements and assignments: policy officers of one of the agreement's municipalities."""

from agreements.models import Agreement, Assignment
from partners.permissions import access_for


def can_edit_agreement(user, agreement: Agreement) -> bool:
    municipality_ids = {municipality.pk for municipality in agreement.municipalities.all()}
    return access_for(user).may_edit_municipalities(municipality_ids)


def can_edit_assignment(user, assignment: Assignment) -> bool:
    return can_edit_agreement(user, assignment.agreement)
