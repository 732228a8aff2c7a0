"""The municipality's side of reporting: the review queue, reporting periods, and who has not reported."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import selectors
from agreements.filters import PeriodStatusFilter, ReviewQueueFilter
from agreements.forms_reports import PeriodForm
from agreements.permissions import may_manage_periods
from agreements.services import set_period_closed
from agreements.tables import ReviewQueueTable, period_status_table
from effects.models import PolicyFramework
from partners.listing import table_page
from partners.permissions import access_for, active_municipality, municipal_required


@municipal_required
def review_queue(request):
    """Submitted reports waiting for one of the officer's municipalities, oldest first."""
    if not access_for(request.user).is_editor:
        raise PermissionDenied(_("Alleen beleidsmedewerkers beoordelen rapportages."))
    return table_page(
        request,
        queryset=selectors.review_queue(request.user, active_municipality(request)),
        table_class=ReviewQueueTable,
        filterset_class=ReviewQueueFilter,
        title=_("Te beoordelen rapportages"),
        export_name="te-beoordelen",
    )


def _framework(request, pk):
    try:
        return selectors.framework_periods(request.user, pk)
    except PolicyFramework.DoesNotExist as error:
        raise Http404 from error


@municipal_required
def period_list(request, pk):
    """The periods of a framework with their counts; officers add, open and close them here."""
    framework, periods = _framework(request, pk)
    can_manage = may_manage_periods(request.user, framework)
    form = PeriodForm(framework=framework)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("U mag de periodes van dit beleidskader niet beheren."))
        form = PeriodForm(request.POST, framework=framework)
        if form.is_valid():
            form.instance._history_user = request.user
            period = form.save()
            messages.success(request, _("Periode ‘%(name)s’ toegevoegd.") % {"name": period.name})
            return redirect("agreements:period-list", pk=framework.pk)
    context = {
        "framework": framework,
        "periods": periods,
        "can_manage": can_manage,
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "agreements/period_list.html", context, status=400 if form.errors else 200)


def _period(request, pk):
    period = get_object_or_404(selectors.periods_for(request.user).select_related("framework"), pk=pk)
    if not access_for(request.user).is_municipal:
        raise PermissionDenied
    return period


@municipal_required
def period_edit(request, pk):
    period = _period(request, pk)
    framework = period.framework
    if not may_manage_periods(request.user, framework):
        raise PermissionDenied(_("U mag de periodes van dit beleidskader niet beheren."))
    # An empty POST is a form with errors too (400), not the page as if it were a GET.
    data = request.POST if request.method == "POST" else None
    form = PeriodForm(data, instance=period, framework=framework)
    if request.method == "POST" and form.is_valid():
        form.instance._history_user = request.user
        form.save()
        messages.success(request, _("Periode opgeslagen."))
        return redirect("agreements:period-list", pk=framework.pk)
    return render(
        request,
        "agreements/period_edit.html",
        {"form": form, "period": period, "framework": framework},
        status=400 if form.errors else 200,
    )


@municipal_required
@require_POST
def period_toggle(request, pk):
    """Open or close a period (`closed` = 1 closes it)."""
    period = _period(request, pk)
    if not may_manage_periods(request.user, period.framework):
        raise PermissionDenied(_("U mag de periodes van dit beleidskader niet beheren."))
    choice = request.POST.get("closed")
    if choice not in ("0", "1"):
        # Only the page's two buttons: anything else is refused, not taken to mean "open".
        return HttpResponseBadRequest(_("Kies of de periode open of dicht moet."))
    closed = choice == "1"
    period = set_period_closed(period=period, user=request.user, closed=closed)
    if closed:
        messages.success(request, _("Periode ‘%(name)s’ is gesloten.") % {"name": period.name})
    else:
        messages.success(request, _("Periode ‘%(name)s’ is open voor rapportage.") % {"name": period.name})
    return redirect("agreements:period-list", pk=period.framework_id)


@municipal_required
def period_status(request, pk):
    """Every expected report of the period with its state: at a glance who has not reported."""
    period = _period(request, pk)
    return table_page(
        request,
        queryset=selectors.period_status(period, request.user),
        table_class=period_status_table(period, timezone.localdate()),
        filterset_class=PeriodStatusFilter,
        title=_("Stand van de rapportages: %(period)s") % {"period": period.name},
        export_name=f"rapportages-{period.slug}",
        extra_context={"period": period},
    )
