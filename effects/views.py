"""Pages for the goal chain: lists, edit screens with their lists inside, history, new objects."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from effects import selectors
from effects.filters import EffectFilter, FrameworkFilter, SmartGoalFilter
from effects.forms import (
    EffectIndicatorForm,
    EffectIndicatorFormSet,
    EffectPartnerFormSet,
    GoalIndicatorFormSet,
    NewEffectForm,
    NewSmartGoalForm,
    PolicyFrameworkForm,
    SmartGoalForm,
    SocietalEffectForm,
    TargetFormSet,
    TargetGroupFormSet,
    ThemeFormSet,
    organisations_for_framework,
)
from effects.models import (
    EffectIndicator,
    EffectIndicatorTarget,
    EffectPartner,
    FrameworkSection,
    SmartGoal,
    SocietalEffect,
    TargetGroupFigure,
    Theme,
)
from effects.permissions import can_edit_framework
from effects.tables import EffectTable, FrameworkTable, SmartGoalTable
from partners.editing import EditScreen, edit_view
from partners.history import Tracked, object_history
from partners.listing import table_page
from partners.permissions import active_municipality, municipal_required

# -- lists ---------------------------------------------------------------------------------------


@municipal_required
def framework_list(request):
    return table_page(
        request,
        queryset=selectors.framework_list(request.user, active_municipality(request)),
        table_class=FrameworkTable,
        filterset_class=FrameworkFilter,
        title=_("Beleidskaders"),
        export_name="beleidskaders",
    )


@municipal_required
def effect_list(request):
    return table_page(
        request,
        queryset=selectors.effect_list(request.user, active_municipality(request)),
        table_class=EffectTable,
        filterset_class=EffectFilter,
        title=_("Maatschappelijke effecten en ER-doelen"),
        export_name="effecten",
    )


@municipal_required
def smart_goal_list(request):
    return table_page(
        request,
        queryset=selectors.smart_goal_list(request.user, active_municipality(request)),
        table_class=SmartGoalTable,
        filterset_class=SmartGoalFilter,
        title=_("SMART-doelen"),
        export_name="smart-doelen",
    )


# -- edit screens --------------------------------------------------------------------------------

FRAMEWORK_TRACKED = (Tracked(Theme, "framework"), Tracked(FrameworkSection, "framework"))
EFFECT_TRACKED = (
    Tracked(TargetGroupFigure, "effect"),
    Tracked(EffectPartner, "effect"),
    Tracked(EffectIndicator, "effect"),
    Tracked(EffectIndicatorTarget, "indicator__effect"),
)
GOAL_TRACKED = (
    Tracked(EffectIndicator, "smart_goal"),
    Tracked(EffectIndicatorTarget, "indicator__smart_goal"),
)
INDICATOR_TRACKED = (Tracked(EffectIndicatorTarget, "indicator"),)


class FrameworkEdit(EditScreen):
    form_class = PolicyFrameworkForm
    tracked = FRAMEWORK_TRACKED

    def get_object(self, request, pk):
        return get_object_or_404(
            selectors.frameworks_for(request.user).prefetch_related("municipalities"), pk=pk
        )

    def may_edit(self, request, obj):
        return can_edit_framework(request.user, obj)

    def formset_classes(self, obj):
        return [("themes", gettext_lazy("Thema's"), ThemeFormSet, {})]


class EffectEdit(EditScreen):
    form_class = SocietalEffectForm
    tracked = EFFECT_TRACKED

    def get_object(self, request, pk):
        return get_object_or_404(selectors.effects_for(request.user).select_related("framework"), pk=pk)

    def may_edit(self, request, obj):
        return can_edit_framework(request.user, obj.framework)

    def formset_classes(self, obj):
        framework = obj.framework
        return [
            ("doelgroep", gettext_lazy("Doelgroep informatie"), TargetGroupFormSet, {}),
            (
                "partners",
                gettext_lazy("Samenwerkingspartners"),
                EffectPartnerFormSet,
                {"form_kwargs": {"organisations": organisations_for_framework(framework)}},
            ),
            (
                "indicatoren",
                gettext_lazy("Effectindicatoren"),
                EffectIndicatorFormSet,
                {"form_kwargs": {"framework": framework}},
            ),
        ]


class SmartGoalEdit(EditScreen):
    form_class = SmartGoalForm
    tracked = GOAL_TRACKED

    def get_object(self, request, pk):
        return get_object_or_404(selectors.smart_goals_for(request.user).select_related("framework"), pk=pk)

    def may_edit(self, request, obj):
        return can_edit_framework(request.user, obj.framework)

    def formset_classes(self, obj):
        return [
            (
                "indicatoren",
                gettext_lazy("Indicatoren (streefwaarden per jaar: open de indicator)"),
                GoalIndicatorFormSet,
                {"form_kwargs": {"framework": obj.framework}},
            )
        ]


class IndicatorEdit(EditScreen):
    form_class = EffectIndicatorForm
    tracked = INDICATOR_TRACKED

    def get_object(self, request, pk):
        return get_object_or_404(
            selectors.indicators_for(request.user).select_related("framework", "effect", "smart_goal"), pk=pk
        )

    def may_edit(self, request, obj):
        return can_edit_framework(request.user, obj.framework)

    def formset_classes(self, obj):
        return [
            (
                "streefwaarden",
                gettext_lazy("Streefwaarden per jaar"),
                TargetFormSet,
                {"form_kwargs": {"has_values": obj.values.exists()}},
            )
        ]

    def success_url(self, obj):
        owner = obj.smart_goal or obj.effect or obj.framework
        return owner.get_absolute_url()

    def extra_context(self, obj):
        return {"values": obj.values.all()}


framework_edit = edit_view(FrameworkEdit)
effect_edit = edit_view(EffectEdit)
smart_goal_edit = edit_view(SmartGoalEdit)
indicator_edit = edit_view(IndicatorEdit)


# -- history -------------------------------------------------------------------------------------


def _history_page(request, obj, tracked):
    return render(
        request,
        "effects/history.html",
        {"object": obj, "entries": object_history(obj, tracked), "back_url": obj.get_absolute_url()},
    )


@municipal_required
def framework_history(request, pk):
    obj = get_object_or_404(selectors.frameworks_for(request.user), pk=pk)
    return _history_page(request, obj, FRAMEWORK_TRACKED)


@municipal_required
def effect_history(request, pk):
    obj = get_object_or_404(selectors.effects_for(request.user), pk=pk)
    return _history_page(request, obj, EFFECT_TRACKED)


@municipal_required
def smart_goal_history(request, pk):
    obj = get_object_or_404(selectors.smart_goals_for(request.user), pk=pk)
    return _history_page(request, obj, GOAL_TRACKED)


@municipal_required
def indicator_history(request, pk):
    obj = get_object_or_404(selectors.indicators_for(request.user), pk=pk)
    return _history_page(request, obj, INDICATOR_TRACKED)


# -- new objects ---------------------------------------------------------------------------------


def _create(request, framework_pk, form_class, model, title):
    framework = get_object_or_404(
        selectors.frameworks_for(request.user).prefetch_related("municipalities"), pk=framework_pk
    )
    if not can_edit_framework(request.user, framework):
        raise PermissionDenied(_("U mag dit beleidskader niet wijzigen."))
    instance = model(framework=framework)
    form = form_class(request.POST or None, instance=instance)
    if "theme" in form.fields:
        form.fields["theme"].queryset = framework.themes.all()
    if "effects" in form.fields:
        form.fields["effects"].queryset = framework.effects.all()
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if isinstance(instance, SmartGoal):
                instance.position = framework.smart_goals.count()
            obj = form.save()
        return redirect(obj.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request, "effects/create.html", {"form": form, "title": title, "framework": framework}, status=status
    )


@municipal_required
def effect_create(request, framework_pk):
    return _create(request, framework_pk, NewEffectForm, SocietalEffect, _("Nieuw maatschappelijk effect"))


@municipal_required
def smart_goal_create(request, framework_pk):
    return _create(request, framework_pk, NewSmartGoalForm, SmartGoal, _("Nieuw SMART-doel"))
