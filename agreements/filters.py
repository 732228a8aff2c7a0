import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Assignment, PeriodReport, ReportingPeriod
from agreements.selectors import periods_for
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


class ReviewQueueFilter(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisatie"), queryset=_organisations, field_name="assignment__agreement__organisation"
    )
    is_late = django_filters.BooleanFilter(label=_("Te laat ingediend"))

    class Meta:
        model = PeriodReport
        fields = ["organisation", "period", "is_late"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["period"].queryset = (
            periods_for(request.user) if request else ReportingPeriod.objects.none()
        )


class PeriodStatusFilter(django_filters.FilterSet):
    MISSING = "ontbreekt"
    SHOW = [
        (MISSING, _("nog niet ingediend")),
        (PeriodReport.Status.SUBMITTED, _("wacht op beoordeling")),
        (PeriodReport.Status.RETURNED, _("teruggestuurd")),
        (PeriodReport.Status.APPROVED, _("goedgekeurd")),
    ]
    show = django_filters.ChoiceFilter(
        label=_("Toon"), choices=SHOW, method="by_state", empty_label=_("alle")
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisatie"), queryset=_organisations, field_name="agreement__organisation"
    )

    class Meta:
        model = Assignment
        fields = ["organisation"]

    def by_state(self, queryset, name, value):
        if value == self.MISSING:
            return queryset.filter(
                Q(report_status__isnull=True)
                | Q(report_status__in=[PeriodReport.Status.DRAFT, PeriodReport.Status.RETURNED])
            )
        return queryset.filter(report_status=value)
