import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from effects.models import PolicyFramework, SmartGoal, SocietalEffect
from effects.selectors import frameworks_for


def _frameworks(request):
    return frameworks_for(request.user) if request else PolicyFramework.objects.none()


class FrameworkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoek"), method="search")

    class Meta:
        model = PolicyFramework
        fields = ["status", "document_kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(subtitle__icontains=value))


class EffectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoek"), method="search")
    framework = django_filters.ModelChoiceFilter(label=_("Beleidskader"), queryset=_frameworks)

    class Meta:
        model = SocietalEffect
        fields = ["framework", "priority"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(code__iexact=value) | Q(intended_effect__icontains=value)
        )


class SmartGoalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoek"), method="search")
    framework = django_filters.ModelChoiceFilter(label=_("Beleidskader"), queryset=_frameworks)

    class Meta:
        model = SmartGoal
        fields = ["framework", "investment_line"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(partners_text__icontains=value))
