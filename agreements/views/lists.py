"""Agreement and assignment lists and pages, and search across the chain."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from agreements import selectors
from agreements.costs import effort_by_municipality
from agreements.filters import AgreementFilter, AssignmentFilter
from agreements.models import Agreement, Assignment
from agreements.permissions import can_edit_assignment
from agreements.tables import AgreementTable, AssignmentTable
from agreements.views.workflow import agreement_page_context
from effects.selectors import search_effects, search_smart_goals
from partners.listing import table_page
from partners.permissions import access_for, active_municipality, login_required_403, municipal_required
from partners.selectors import organisations_for

SEARCH_LIMIT = 25


@login_required_403
def agreement_list(request):
    return table_page(
        request,
        queryset=selectors.agreement_list(request.user, active_municipality(request)),
        table_class=AgreementTable,
        filterset_class=AgreementFilter,
        title=_("Afspraken"),
        export_name="afspraken",
    )


@login_required_403
def agreement_detail(request, pk):
    try:
        agreement = selectors.agreement_detail(request.user, pk)
    except Agreement.DoesNotExist as error:
        raise Http404 from error
    return render(request, "agreements/agreement_detail.html", agreement_page_context(request, agreement))


@login_required_403
def assignment_list(request):
    access = access_for(request.user)
    return table_page(
        request,
        queryset=selectors.assignment_list(request.user, active_municipality(request)),
        table_class=AssignmentTable,
        filterset_class=AssignmentFilter,
        title=_("Opdrachten") if access.is_municipal else _("Mijn opdrachten"),
        export_name="opdrachten",
    )


@login_required_403
def assignment_detail(request, pk):
    try:
        assignment = selectors.assignment_detail(request.user, pk)
    except Assignment.DoesNotExist as error:
        raise Http404 from error
    context = {
        "assignment": assignment,
        "effort": effort_by_municipality(assignment),
        "can_edit": can_edit_assignment(request.user, assignment),
    }
    return render(request, "agreements/assignment_detail.html", context)


@municipal_required
def search(request):
    # No one searches for a NUL character, and PostgreSQL refuses one in a query.
    text = request.GET.get("q", "").replace("\x00", "").strip()
    results = {}
    if len(text) >= 2:
        results = {
            "effects": list(search_effects(request.user, text)[:SEARCH_LIMIT]),
            "goals": list(search_smart_goals(request.user, text)[:SEARCH_LIMIT]),
            "assignments": list(selectors.search_assignments(request.user, text)[:SEARCH_LIMIT]),
            "organisations": list(
                organisations_for(request.user).filter(name__icontains=text)[:SEARCH_LIMIT]
            ),
        }
    return render(request, "agreements/search.html", {"q": text, "results": results, "limit": SEARCH_LIMIT})
