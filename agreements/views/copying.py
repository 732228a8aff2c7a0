"""Copy a framework or an agreement to a new period (to be completed)."""

from django.http import Http404

from partners.permissions import municipal_required


@municipal_required
def framework_copy(request, pk):
    raise Http404
