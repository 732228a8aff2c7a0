import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoek"), method="search")

    class Meta:
        model = Organisation
        fields = ["kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))
