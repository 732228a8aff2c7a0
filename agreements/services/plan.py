"""Writes of the plan: the agreement workflow and amendments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementAmendment, AgreementTransition
from agreements.permissions import STEPS_BACK, WORKFLOW_STEPS, can_edit_agreement, may_transition_agreement
from agreements.snapshots import plan_snapshot


def _lock(agreement: Agreement) -> Agreement:
    """The agreement's row, locked; refused when its status changed since the caller loaded it."""
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if current.status != agreement.status:
        raise ValidationError(
            _("De status is intussen gewijzigd in ‘%(status)s’; bekijk de afspraak opnieuw."),
            params={"status": current.get_status_display()},
            code="stale",
        )
    return current


def _record_step(agreement: Agreement, *, to_status: str, user, comment: str) -> AgreementTransition:
    transition = AgreementTransition(
        agreement=agreement, from_status=agreement.status, to_status=to_status, by=user, comment=comment
    )
    transition._history_user = user
    transition.save()
    agreement.status = to_status
    agreement.version += 1
    agreement._history_user = user
    agreement.save()
    return transition


@transaction.atomic
def transition_agreement(
    *, agreement: Agreement, to_status: str, user, comment: str = ""
) -> AgreementTransition:
    """Take one workflow step (concept -> ingediend -> afgestemd -> vastgesteld, or back) and record it."""
    comment = (comment or "").strip()
    current = _lock(agreement)
    if (current.status, to_status) not in WORKFLOW_STEPS:
        raise ValidationError(
            {
                "to_status": _("Van ‘%(from)s’ naar ‘%(to)s’ is geen stap in de werkwijze.")
                % {
                    "from": current.get_status_display(),
                    "to": dict(Agreement.Status.choices).get(to_status, to_status),
                }
            }
        )
    if not may_transition_agreement(user, current, to_status):
        raise PermissionDenied(_("U mag deze stap niet zetten."))
    if (current.status, to_status) in STEPS_BACK and not comment:
        raise ValidationError({"comment": _("Geef bij een stap terug een toelichting: wat moet er anders?")})
    transition = _record_step(current, to_status=to_status, user=user, comment=comment)
    agreement.status, agreement.version = current.status, current.version
    return transition


@transaction.atomic
def start_amendment(*, agreement: Agreement, user, reason: str) -> AgreementAmendment:
    """Keep the adopted plan as it is, then reopen the agreement as a concept with the reason recorded."""
    reason = (reason or "").strip()
    current = _lock(agreement)
    if not can_edit_agreement(user, current):
        raise PermissionDenied(_("U mag deze afspraak niet wijzigen."))
    if not current.is_plan_locked:
        raise ValidationError(
            _("Alleen een vastgestelde afspraak krijgt een wijziging; deze afspraak kunt u gewoon bewerken.")
        )
    if not reason:
        raise ValidationError({"reason": _("Geef de reden van de wijziging.")})
    amendment = AgreementAmendment(
        agreement=current, reason=reason, created_by=user, snapshot=plan_snapshot(current)
    )
    amendment._history_user = user
    amendment.save()
    _record_step(current, to_status=Agreement.Status.DRAFT, user=user, comment=reason)
    agreement.status, agreement.version = current.status, current.version
    return amendment
