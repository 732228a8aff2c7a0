import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Assignment
from partners.models import Organisation
from partners.selectors import organisations_for


def _organisations(request):
    return organisations_for(request.user) if request else Organisation.objects.none()


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoek"), method="search")
    organisation = django_filters.ModelChoiceFilter(label=_("Organisatie"), queryset=_organisations)

    class Meta:
        model = Agreement
        fields = ["organisation", "status", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(organisation__name__icontains=value))


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoek"), method="search")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisatie"), queryset=_organisations, field_name="agreement__organisation"
    )

    class Meta:
        model = Assignment
        fields = ["organisation", "role"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(task__icontains=value)
            | Q(code__iexact=value)
            | Q(effect__title__icontains=value)
            | Q(smart_goal__title__icontains=value)
        )
