"""Reads of municipalities and organisations, scoped to the user."""

from django.db.models import Count, Q, QuerySet

from partners.models import Organisation
from partners.permissions import access_for


def organisations_for(user) -> QuerySet[Organisation]:
    """Organisations working for one of the user's municipalities, or the user's own organisation."""
    access = access_for(user)
    if access.is_superuser:
        return Organisation.objects.all()
    visible = Organisation.objects.filter(
        Q(municipalities__in=access.reader_municipality_ids) | Q(pk__in=access.organisation_ids)
    )
    return Organisation.objects.filter(pk__in=visible.values("pk"))


def organisation_list(user) -> QuerySet[Organisation]:
    return (
        organisations_for(user)
        .prefetch_related("municipalities")
        .annotate(agreement_count=Count("agreements", distinct=True))
    )


def organisation_detail(user) -> QuerySet[Organisation]:
    return organisations_for(user).prefetch_related("municipalities", "contacts")
