"""Reads of the goal chain, already scoped to what a user may see, with what the pages need prefetched."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from effects.models import EffectIndicator, PolicyFramework, SmartGoal, SocietalEffect
from partners.permissions import access_for


def frameworks_for(user) -> QuerySet[PolicyFramework]:
    """Frameworks of the user's municipalities (municipal staff and aldermen only)."""
    access = access_for(user)
    frameworks = PolicyFramework.objects.all()
    if access.is_superuser:
        return frameworks
    return frameworks.filter(
        pk__in=PolicyFramework.objects.filter(municipalities__in=access.reader_municipality_ids).values("pk")
    )


def framework_list(user, municipality=None) -> QuerySet[PolicyFramework]:
    """Frameworks for the list page, with counts, optionally limited to one municipality."""
    frameworks = frameworks_for(user)
    if municipality is not None:
        frameworks = frameworks.filter(municipalities=municipality)
    return frameworks.prefetch_related("municipalities").annotate(
        effect_count=Count("effects", distinct=True), goal_count=Count("smart_goals", distinct=True)
    )


def effects_for(user) -> QuerySet[SocietalEffect]:
    return SocietalEffect.objects.filter(framework__in=frameworks_for(user))


def effect_list(user, municipality=None) -> QuerySet[SocietalEffect]:
    effects = effects_for(user).select_related("framework", "theme")
    if municipality is not None:
        effects = effects.filter(framework__municipalities=municipality)
    return effects.annotate(
        assignment_count=Count("assignments", distinct=True), goal_count=Count("smart_goals", distinct=True)
    ).order_by("framework__title", "sort_key")


def smart_goals_for(user) -> QuerySet[SmartGoal]:
    return SmartGoal.objects.filter(framework__in=frameworks_for(user))


def smart_goal_list(user, municipality=None) -> QuerySet[SmartGoal]:
    goals = smart_goals_for(user).select_related("framework").prefetch_related("effects")
    if municipality is not None:
        goals = goals.filter(framework__municipalities=municipality)
    return goals.order_by("framework__title", "position")


def indicators_for(user) -> QuerySet[EffectIndicator]:
    return EffectIndicator.objects.filter(framework__in=frameworks_for(user))


def search_effects(user, text: str) -> QuerySet[SocietalEffect]:
    return (
        effects_for(user)
        .filter(Q(title__icontains=text) | Q(code__iexact=text) | Q(intended_effect__icontains=text))
        .select_related("framework")
    )


def search_smart_goals(user, text: str) -> QuerySet[SmartGoal]:
    return (
        smart_goals_for(user)
        .filter(Q(title__icontains=text) | Q(description__icontains=text))
        .select_related("framework")
    )


def framework_for_edit(user, pk: int) -> PolicyFramework:
    return frameworks_for(user).prefetch_related("themes", "municipalities").get(pk=pk)


def effect_for_edit(user, pk: int) -> SocietalEffect:
    return (
        effects_for(user)
        .select_related("framework")
        .prefetch_related("target_groups", "partners", "indicators", "related_effects")
        .get(pk=pk)
    )


def smart_goal_for_edit(user, pk: int) -> SmartGoal:
    return (
        smart_goals_for(user).select_related("framework").prefetch_related("effects", "indicators").get(pk=pk)
    )


def indicator_for_edit(user, pk: int) -> EffectIndicator:
    return (
        indicators_for(user)
        .select_related("framework", "effect", "smart_goal")
        .prefetch_related("targets", "values")
        .get(pk=pk)
    )
