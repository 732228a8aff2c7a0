"""Home page, municipality switcher and organisation pages."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import selectors
from partners.filters import OrganisationFilter
from partners.listing import table_page
from partners.permissions import SESSION_KEY, access_for, municipal_required, municipalities_for
from partners.tables import OrganisationTable


@login_required
def home(request):
    """Send people to where their work starts: organisation users to their assignments."""
    access = access_for(request.user)
    if access.is_municipal:
        return redirect("effects:framework-list")
    if access.is_organisation_user:
        return redirect("agreements:portal-home")
    return render(request, "partners/no_role.html", status=403)


@require_POST
@login_required
def switch_municipality(request):
    pk = request.POST.get("municipality", "")
    # Only ASCII digits make an id: "abc" or "²" would make the lookup itself fail.
    if not (pk.isascii() and pk.isdigit()):
        raise Http404
    municipality = get_object_or_404(municipalities_for(request.user), pk=pk)
    request.session[SESSION_KEY] = municipality.pk
    target = request.POST.get("next", "")
    # Back to a path on this site only. redirect() would take any other word for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return redirect("home")


@municipal_required
def organisation_list(request):
    return table_page(
        request,
        queryset=selectors.organisation_list(request.user),
        table_class=OrganisationTable,
        filterset_class=OrganisationFilter,
        title=_("Organisaties"),
        export_name="organisaties",
    )


@municipal_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(selectors.organisation_detail(request.user), pk=pk)
    return render(request, "partners/organisation_detail.html", {"organisation": organisation})
