"""The in-app notice list ("Meldingen") of the signed-in user, and marking notices read."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partners.notifications import mark_read, notifications_for
from partners.permissions import login_required_403

PAGE_SIZE = 25


@login_required_403
def notification_list(request):
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/notification_list.html", {"page": page})


@login_required_403
@require_POST
def notification_read(request):
    """Mark the notice `pk` read, or every notice of the user when no pk is posted."""
    notification = None
    pk = request.POST.get("pk", "")
    if pk:
        # isdigit() alone lets "²" through, which the id lookup cannot take.
        if not (pk.isascii() and pk.isdigit()):
            raise Http404
        notification = get_object_or_404(notifications_for(request.user), pk=pk)
    mark_read(user=request.user, notification=notification)
    response = redirect("partners:notification-list")
    page = request.POST.get("page", "")
    if page.isascii() and page.isdigit():
        response["Location"] += f"?page={page}"
    return response
