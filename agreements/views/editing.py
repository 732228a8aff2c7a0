"""Edit screens and history pages of agreements, assignments and performance indicators.

Policy officers of one of the agreement's municipalities edit; everyone else who may see the agreement
reads. Once an agreement is adopted (vastgesteld) its plan is locked: changes go through an amendment.
"""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from agreements import selectors
from agreements.forms import (
    ActivityFormSet,
    AgreedResultFormSet,
    AgreementForm,
    AgreementSectionFormSet,
    AssignmentForm,
    HoursLineFormSet,
    MoneyLineFormSet,
    PerformanceIndicatorForm,
    PerformanceIndicatorFormSet,
    PerformanceTargetsFormSet,
)
from agreements.models import (
    Activity,
    AgreedResult,
    Agreement,
    AgreementBudgetLine,
    AgreementSection,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
    SubsidyLine,
)
from agreements.permissions import can_edit_agreement, can_edit_assignment
from partners.editing import EditScreen, edit_view
from partners.history import Tracked, object_history
from partners.permissions import login_required_403

AGREEMENT_TRACKED = (
    Tracked(AgreementSection, "agreement"),
    Tracked(SubsidyLine, "agreement"),
    Tracked(AgreementBudgetLine, "agreement"),
)
ASSIGNMENT_TRACKED = (
    Tracked(Activity, "assignment"),
    Tracked(AgreedResult, "assignment"),
    Tracked(HoursLine, "assignment"),
    Tracked(MoneyLine, "assignment"),
    Tracked(PerformanceIndicator, "assignment"),
    Tracked(PerformanceTarget, "indicator__assignment"),
)
INDICATOR_TRACKED = (Tracked(PerformanceTarget, "indicator"),)


def agreement_url(agreement: Agreement) -> str:
    return reverse("agreements:agreement-detail", args=[agreement.pk])


def assignment_url(assignment) -> str:
    return reverse("agreements:assignment-detail", args=[assignment.pk])


class PlanEditScreen(EditScreen):
    """An edit screen for part of an agreement's plan; refused with an explanation once it is adopted."""

    heading = ""

    def load(self, request, pk):
        raise NotImplementedError

    def agreement_of(self, obj) -> Agreement:
        raise NotImplementedError

    def get_object(self, request, pk):
        # One screen instance serves one request: load the object once, however often it is asked for.
        if getattr(self, "_object", None) is None:
            self._object = self.load(request, pk)
        return self._object

    def extra_context(self, obj) -> dict:
        return {"title": f"{self.heading}: {obj}"}

    def __call__(self, request, pk):
        if request.user.is_authenticated:
            obj = self.get_object(request, pk)
            agreement = self.agreement_of(obj)
            if agreement.is_plan_locked and self.may_edit(request, obj):
                context = {"agreement": agreement, "object": obj, "title": f"{self.heading}: {obj}"}
                return render(request, "agreements/plan_locked.html", context, status=403)
        return super().__call__(request, pk)


class AgreementEdit(PlanEditScreen):
    form_class = AgreementForm
    tracked = AGREEMENT_TRACKED
    heading = gettext_lazy("Afspraak bewerken")

    def load(self, request, pk):
        return get_object_or_404(
            selectors.agreements_for(request.user)
            .select_related("organisation", "framework")
            .prefetch_related("municipalities"),
            pk=pk,
        )

    def agreement_of(self, obj):
        return obj

    def may_edit(self, request, obj):
        return can_edit_agreement(request.user, obj)

    def formset_classes(self, obj):
        return [("hoofdstukken", gettext_lazy("Hoofdstukken"), AgreementSectionFormSet, {})]

    def success_url(self, obj):
        return agreement_url(obj)


class AssignmentEdit(PlanEditScreen):
    form_class = AssignmentForm
    tracked = ASSIGNMENT_TRACKED
    heading = gettext_lazy("Opdracht bewerken")

    def load(self, request, pk):
        return get_object_or_404(
            selectors.assignments_for(request.user)
            .select_related("agreement__organisation", "agreement__framework", "effect", "smart_goal")
            .prefetch_related("agreement__municipalities"),
            pk=pk,
        )

    def agreement_of(self, obj):
        return obj.agreement

    def may_edit(self, request, obj):
        return can_edit_assignment(request.user, obj)

    def formset_classes(self, obj):
        lines = {"form_kwargs": {"municipalities": list(obj.agreement.municipalities.all())}}
        indicators = PerformanceIndicator.objects.annotate(realisation_count=Count("realisations"))
        return [
            ("activiteiten", gettext_lazy("Activiteiten"), ActivityFormSet, {}),
            ("resultaten", gettext_lazy("Resultaat (afgestemd)"), AgreedResultFormSet, {}),
            ("uren", gettext_lazy("Inzet directe uren (per gemeente)"), HoursLineFormSet, lines),
            ("geld", gettext_lazy("Directe kosten en baten (per gemeente)"), MoneyLineFormSet, lines),
            (
                "indicatoren",
                gettext_lazy("Prestatie-/resultaatindicatoren (streefwaarden: open de indicator)"),
                PerformanceIndicatorFormSet,
                {"queryset": indicators},
            ),
        ]

    def success_url(self, obj):
        return assignment_url(obj)


class PerformanceIndicatorEdit(PlanEditScreen):
    form_class = PerformanceIndicatorForm
    tracked = INDICATOR_TRACKED
    heading = gettext_lazy("Prestatie-indicator bewerken")

    def load(self, request, pk):
        return get_object_or_404(
            selectors.performance_indicators_for(request.user)
            .select_related("assignment__agreement__framework")
            .prefetch_related("assignment__agreement__municipalities"),
            pk=pk,
        )

    def agreement_of(self, obj):
        return obj.assignment.agreement

    def may_edit(self, request, obj):
        return can_edit_assignment(request.user, obj.assignment)

    def formset_classes(self, obj):
        framework = obj.assignment.agreement.framework
        periods = list(framework.periods.all()) if framework else []
        kwargs = {"periods": periods, "has_realisations": obj.realisations.exists()}
        return [
            (
                "streefwaarden",
                gettext_lazy("Streefwaarden"),
                PerformanceTargetsFormSet,
                {"form_kwargs": kwargs},
            )
        ]

    def success_url(self, obj):
        return assignment_url(obj.assignment)


agreement_edit = edit_view(AgreementEdit)
assignment_edit = edit_view(AssignmentEdit)
indicator_edit = edit_view(PerformanceIndicatorEdit)


# -- history -------------------------------------------------------------------------------------


def _history_page(request, obj, tracked, back_url):
    return render(
        request,
        "effects/history.html",
        {"object": obj, "entries": object_history(obj, tracked), "back_url": back_url},
    )


@login_required_403
def agreement_history(request, pk):
    agreement = get_object_or_404(selectors.agreements_for(request.user), pk=pk)
    return _history_page(request, agreement, AGREEMENT_TRACKED, agreement_url(agreement))


@login_required_403
def assignment_history(request, pk):
    assignment = get_object_or_404(
        selectors.assignments_for(request.user).select_related("effect", "smart_goal"), pk=pk
    )
    return _history_page(request, assignment, ASSIGNMENT_TRACKED, assignment_url(assignment))


@login_required_403
def indicator_history(request, pk):
    indicator = get_object_or_404(selectors.performance_indicators_for(request.user), pk=pk)
    back_url = reverse("agreements:assignment-detail", args=[indicator.assignment_id])
    return _history_page(request, indicator, INDICATOR_TRACKED, back_url)
