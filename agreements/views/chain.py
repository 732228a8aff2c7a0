"""The goal chain as people draw it: framework overview, effect page (opdrachtformulier), SMART goal page."""

from django.http import Http404
from django.shortcuts import render

from agreements import selectors
from agreements.costs import effort_by_municipality
from effects.models import PolicyFramework, SmartGoal, SocietalEffect
from effects.permissions import can_edit_framework
from partners.permissions import municipal_required


def _get(selector, user, pk):
    try:
        return selector(user, pk)
    except (PolicyFramework.DoesNotExist, SocietalEffect.DoesNotExist, SmartGoal.DoesNotExist) as error:
        raise Http404 from error


@municipal_required
def framework_overview(request, pk):
    framework = _get(selectors.framework_overview, request.user, pk)
    roles: dict[str, set[str]] = {}
    for link in framework.links:
        roles.setdefault(link.organisation, set()).add(link.role or "–")
    context = {
        "framework": framework,
        "can_edit": can_edit_framework(request.user, framework),
        "organisation_roles": sorted((name, "/".join(sorted(r))) for name, r in roles.items()),
        "goal_count": len({g.pk for e in framework.effects.all() for g in e.smart_goals.all()})
        + len(framework.goals_without_effect),
    }
    return render(request, "agreements/framework_overview.html", context)


def _with_effort(assignments):
    return [(assignment, effort_by_municipality(assignment)) for assignment in assignments]


@municipal_required
def effect_detail(request, pk):
    effect = _get(selectors.effect_detail, request.user, pk)
    context = {
        "effect": effect,
        "can_edit": can_edit_framework(request.user, effect.framework),
        "assignments": _with_effort(
            sorted(effect.assignments.all(), key=lambda a: ({"T": 0, "P": 1}.get(a.role, 2), a.position))
        ),
    }
    return render(request, "agreements/effect_detail.html", context)


@municipal_required
def smart_goal_detail(request, pk):
    goal = _get(selectors.smart_goal_detail, request.user, pk)
    context = {
        "goal": goal,
        "can_edit": can_edit_framework(request.user, goal.framework),
        "assignments": _with_effort(goal.assignments.all()),
    }
    return render(request, "agreements/smartgoal_detail.html", context)
