"""The agreement workflow on the agreement page: status steps, amendments and earlier versions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import selectors
from agreements.forms import AmendmentForm, TransitionForm
from agreements.models import Agreement
from agreements.permissions import (
    can_change_plan,
    can_edit_agreement,
    can_start_amendment,
    transitions_for,
)
from agreements.services import start_amendment, transition_agreement
from agreements.snapshots import readable_plan
from partners.permissions import login_required_403


def agreement_page_context(
    request, agreement: Agreement, *, transition_form=None, amendment_form=None
) -> dict:
    """What the agreement page shows besides the agreement: who may do what, and the workflow forms."""
    user = request.user
    return {
        "agreement": agreement,
        "can_edit": can_edit_agreement(user, agreement),
        "can_change_plan": can_change_plan(user, agreement),
        "transitions": transitions_for(user, agreement),
        "transition_form": transition_form or TransitionForm(),
        "can_amend": can_start_amendment(user, agreement),
        "amendment_form": amendment_form or AmendmentForm(),
    }


def _agreement(user, pk: int) -> Agreement:
    try:
        return selectors.agreement_detail(user, pk)
    except Agreement.DoesNotExist as error:
        raise Http404 from error


def _page_with_errors(request, agreement, message, **forms):
    messages.error(request, message)
    context = agreement_page_context(request, agreement, **forms)
    return render(request, "agreements/agreement_detail.html", context, status=400)


@login_required_403
@require_POST
def agreement_transition(request, pk):
    agreement = _agreement(request.user, pk)
    if not transitions_for(request.user, agreement):
        raise PermissionDenied(_("U mag de status van deze afspraak niet wijzigen."))
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            transition = transition_agreement(
                agreement=agreement,
                to_status=form.cleaned_data["to_status"],
                user=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("De afspraak staat nu op ‘%(status)s’.") % {"status": transition.get_to_status_display()},
            )
            return redirect(reverse("agreements:agreement-detail", args=[agreement.pk]) + "#status")
    return _page_with_errors(
        request, agreement, _("De status is niet gewijzigd: zie de toelichting."), transition_form=form
    )


@login_required_403
@require_POST
def amendment_start(request, pk):
    agreement = _agreement(request.user, pk)
    if not can_edit_agreement(request.user, agreement):
        raise PermissionDenied(_("U mag deze afspraak niet wijzigen."))
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            start_amendment(agreement=agreement, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Wijziging gestart. De vastgestelde versie is bewaard; de afspraak staat weer op "
                    "concept en kan worden aangepast."
                ),
            )
            return redirect(reverse("agreements:agreement-detail", args=[agreement.pk]) + "#status")
    return _page_with_errors(
        request, agreement, _("De wijziging is niet gestart: zie de toelichting."), amendment_form=form
    )


@login_required_403
def amendment_detail(request, pk):
    amendment = get_object_or_404(
        selectors.amendments_for(request.user).select_related("agreement__organisation", "created_by"), pk=pk
    )
    context = {
        "amendment": amendment,
        "agreement": amendment.agreement,
        "plan": readable_plan(amendment.snapshot),
    }
    return render(request, "agreements/amendment_detail.html", context)
