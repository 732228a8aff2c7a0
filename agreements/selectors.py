"""Reads of agreements and assignments (and the pages that show the whole chain), scoped to the user."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from agreements.models import (
    Agreement,
    AgreementAmendment,
    AgreementTransition,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
)
from effects.models import EffectIndicator, EffectPartner, PolicyFramework, SmartGoal, SocietalEffect
from effects.selectors import effects_for, frameworks_for, smart_goals_for
from partners.permissions import access_for


def agreements_for(user) -> QuerySet[Agreement]:
    """Agreements of the user's municipalities, or of the user's own organisation."""
    access = access_for(user)
    if access.is_superuser:
        return Agreement.objects.all()
    visible = Q(municipalities__in=access.reader_municipality_ids) | Q(
        organisation__in=access.organisation_ids
    )
    return Agreement.objects.filter(pk__in=Agreement.objects.filter(visible).values("pk"))


def assignments_for(user) -> QuerySet[Assignment]:
    return Assignment.objects.filter(agreement__in=agreements_for(user))


def performance_indicators_for(user) -> QuerySet[PerformanceIndicator]:
    """Performance indicators of the assignments the user may see."""
    return PerformanceIndicator.objects.filter(assignment__in=assignments_for(user))


def amendments_for(user) -> QuerySet[AgreementAmendment]:
    """Amendments (with the earlier version of the plan) of the agreements the user may see."""
    return AgreementAmendment.objects.filter(agreement__in=agreements_for(user))


def _assignments_with_chain() -> QuerySet[Assignment]:
    return Assignment.objects.select_related("agreement__organisation").order_by("position", "pk")


def framework_overview(user, pk: int) -> PolicyFramework:
    """A framework with its whole chain prefetched: a fixed number of queries whatever its size."""
    assignments = _assignments_with_chain()
    goals = SmartGoal.objects.prefetch_related(Prefetch("assignments", queryset=assignments)).annotate(
        indicator_count=Count("indicators", distinct=True)
    )
    effects = (
        SocietalEffect.objects.select_related("theme")
        .prefetch_related(
            Prefetch("smart_goals", queryset=goals),
            Prefetch("assignments", queryset=assignments),
            Prefetch("partners", queryset=EffectPartner.objects.select_related("organisation")),
        )
        .annotate(indicator_count=Count("indicators", distinct=True))
        .order_by("sort_key")
    )
    return (
        frameworks_for(user)
        .prefetch_related(
            "municipalities",
            "themes",
            Prefetch("effects", queryset=effects),
            Prefetch("smart_goals", queryset=goals.filter(effects=None), to_attr="goals_without_effect"),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.select_related("organisation").annotate(
                    assignment_count=Count("assignments")
                ),
            ),
        )
        .get(pk=pk)
    )


def _assignment_details() -> QuerySet[Assignment]:
    return _assignments_with_chain().prefetch_related(
        "activities",
        "results",
        "indicators__targets",
        Prefetch("hours_lines", queryset=HoursLine.objects.select_related("municipality")),
        Prefetch("money_lines", queryset=MoneyLine.objects.select_related("municipality")),
    )


def effect_detail(user, pk: int) -> SocietalEffect:
    """An effect with header, partners, indicators and every assignment block (opdrachtformulier)."""
    return (
        effects_for(user)
        .select_related("framework", "theme")
        .prefetch_related(
            "target_groups",
            Prefetch("partners", queryset=EffectPartner.objects.select_related("organisation")),
            Prefetch("indicators", queryset=EffectIndicator.objects.prefetch_related("targets", "values")),
            "related_effects",
            "smart_goals",
            "framework__municipalities",
            Prefetch("assignments", queryset=_assignment_details()),
        )
        .get(pk=pk)
    )


def smart_goal_detail(user, pk: int) -> SmartGoal:
    return (
        smart_goals_for(user)
        .select_related("framework")
        .prefetch_related(
            "effects",
            "framework__municipalities",
            Prefetch("indicators", queryset=EffectIndicator.objects.prefetch_related("targets", "values")),
            Prefetch("assignments", queryset=_assignment_details()),
        )
        .get(pk=pk)
    )


def agreement_list(user, municipality=None) -> QuerySet[Agreement]:
    agreements = agreements_for(user).select_related("organisation", "framework")
    if municipality is not None and access_for(user).is_municipal:
        agreements = agreements.filter(municipalities=municipality)
    return agreements.prefetch_related("municipalities").annotate(assignment_count=Count("assignments"))


def agreement_detail(user, pk: int) -> Agreement:
    return (
        agreements_for(user)
        .select_related("organisation", "framework")
        .prefetch_related(
            "municipalities",
            "sections",
            "budget_lines",
            "subsidy_lines__municipality",
            "subsidy_lines__amounts",
            Prefetch("transitions", queryset=AgreementTransition.objects.select_related("by")),
            Prefetch(
                "amendments",
                queryset=AgreementAmendment.objects.select_related("created_by").defer("snapshot"),
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("effect", "smart_goal").order_by(
                    "sort_key", "position"
                ),
            ),
        )
        .get(pk=pk)
    )


def assignment_list(user, municipality=None) -> QuerySet[Assignment]:
    assignments = assignments_for(user).select_related(
        "agreement__organisation", "agreement__framework", "effect", "smart_goal"
    )
    if municipality is not None and access_for(user).is_municipal:
        assignments = assignments.filter(agreement__municipalities=municipality)
    return assignments.annotate(indicator_count=Count("indicators", distinct=True))


def assignment_detail(user, pk: int) -> Assignment:
    return (
        assignments_for(user)
        .select_related("agreement__organisation", "agreement__framework", "effect__framework", "smart_goal")
        .prefetch_related(
            "activities",
            "results",
            "agreement__municipalities",
            Prefetch("indicators", queryset=PerformanceIndicator.objects.prefetch_related("targets__period")),
            Prefetch("hours_lines", queryset=HoursLine.objects.select_related("municipality")),
            Prefetch("money_lines", queryset=MoneyLine.objects.select_related("municipality")),
        )
        .get(pk=pk)
    )


def search_assignments(user, text: str) -> QuerySet[Assignment]:
    return (
        assignments_for(user)
        .filter(
            Q(title__icontains=text)
            | Q(task__icontains=text)
            | Q(code__iexact=text)
            | Q(agreement__organisation__name__icontains=text)
            | Q(activities__description__icontains=text)
        )
        .select_related("agreement__organisation", "effect", "smart_goal")
        .distinct()
    )
