"""Beheer of the goal chain: frameworks, themes, societal effects, SMART goals and effect indicators."""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from effects.models import (
    EffectIndicator,
    EffectIndicatorTarget,
    EffectIndicatorValue,
    EffectPartner,
    FrameworkSection,
    PolicyFramework,
    ProgrammeBudgetLine,
    SmartGoal,
    SocietalEffect,
    TargetGroupFigure,
    Theme,
)
from partners.admin import join_names

# Long texts stay readable in tabular inlines without pushing the other columns off screen.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}


def truncated(text: str, length: int = 80) -> str:
    return Truncator(text).chars(length)


# --- policy framework -------------------------------------------------------------------------


# The definition part of an indicator, shared by effect and performance indicator admins.
INDICATOR_DEFINITION_FIELDSETS = [
    (
        _("Definitie"),
        {
            "fields": [
                ("value_type", "unit"),
                ("direction", "aggregation"),
                ("source", "source_detail"),
                "frequency",
                "description",
                "position",
            ]
        },
    ),
    (_("Nulmeting"), {"fields": [("baseline_value", "baseline_text", "baseline_date")]}),
]


class FrameworkSectionInline(admin.StackedInline):
    model = FrameworkSection
    extra = 0
    fields = [("title", "position"), "body"]


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["code", "name", "description"]
    formfield_overrides = COMPACT_TEXT


class ProgrammeBudgetLineInline(admin.TabularInline):
    model = ProgrammeBudgetLine
    extra = 0
    fields = ["year", "code", "name", "amount", "is_pm", "description", "position"]
    formfield_overrides = COMPACT_TEXT


@admin.register(PolicyFramework)
class PolicyFrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["title", "start_year", "end_year", "document_kind", "status", "municipality_names"]
    list_filter = ["status", "document_kind", "municipalities", "start_year"]
    search_fields = ["title", "subtitle", "slug"]
    ordering = ["-start_year", "title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipalities"]
    readonly_fields = ["version"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "subtitle",
                    "slug",
                    "municipalities",
                    "document_kind",
                    ("start_year", "end_year"),
                    "status",
                    "document_date",
                    "deviation_threshold",
                    "version",
                ]
            },
        ),
        (_("Ambitie, missie en visie"), {"fields": ["ambition", "mission", "vision", "description"]}),
    ]
    inlines = [FrameworkSectionInline, ThemeInline, ProgrammeBudgetLineInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("gemeenten"))
    def municipality_names(self, obj: PolicyFramework) -> str:
        return join_names(obj.municipalities.all())


@admin.register(FrameworkSection)
class FrameworkSectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "framework", "position"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    search_fields = ["title", "body", "framework__title"]
    ordering = ["framework__title", "position", "pk"]
    autocomplete_fields = ["framework"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "framework"]
    list_display_links = ["code", "name"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    search_fields = ["code", "name", "framework__title"]
    ordering = ["framework__title", "sort_key"]
    autocomplete_fields = ["framework"]


@admin.register(ProgrammeBudgetLine)
class ProgrammeBudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "year", "amount", "is_pm", "framework"]
    list_display_links = ["code", "name"]
    list_filter = ["framework", "year", "is_pm"]
    list_select_related = ["framework"]
    search_fields = ["code", "name", "framework__title"]
    ordering = ["framework__title", "year", "position", "pk"]
    autocomplete_fields = ["framework"]


# --- effect indicators, shown under an effect or a SMART goal --------------------------------


class FrameworkFromParentFormSet(BaseInlineFormSet):
    """Indicators under an effect or SMART goal belong to that parent's framework; nobody picks it."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.framework_id is None:
            form.instance.framework_id = self.instance.framework_id
        return form

    def save_new(self, form, commit=True):
        form.instance.framework_id = self.instance.framework_id
        return super().save_new(form, commit=commit)


class EffectIndicatorInline(admin.TabularInline):
    model = EffectIndicator
    formset = FrameworkFromParentFormSet
    extra = 0
    fields = ["name", "value_type", "unit", "direction", "aggregation", "frequency", "is_bbv", "position"]
    formfield_overrides = COMPACT_TEXT
    show_change_link = True


# --- societal effects -------------------------------------------------------------------------


class TargetGroupFigureInline(admin.TabularInline):
    model = TargetGroupFigure
    extra = 0
    fields = ["label", "count", "count_text", "reference_date", "position"]


class EffectPartnerInline(admin.TabularInline):
    model = EffectPartner
    extra = 0
    fields = ["name", "organisation", "role", "position"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(SocietalEffect)
class SocietalEffectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "short_title", "theme", "priority", "responsible", "framework"]
    list_display_links = ["code", "short_title"]
    list_filter = ["framework", "priority"]
    list_select_related = ["framework", "theme"]
    search_fields = ["code", "title", "responsible", "framework__title"]
    ordering = ["framework__title", "sort_key"]
    autocomplete_fields = ["framework", "theme", "related_effects"]
    readonly_fields = ["version"]
    fieldsets = [
        (
            None,
            {"fields": ["framework", "theme", ("code", "priority"), "title", "responsible", "version"]},
        ),
        (
            _("Inhoud"),
            {"fields": ["intended_effect", "description", "guidelines", "municipal_remarks"]},
        ),
        (_("Relaties"), {"fields": ["related_effects", "relation_note"]}),
    ]
    inlines = [TargetGroupFigureInline, EffectPartnerInline, EffectIndicatorInline]

    @admin.display(description=_("titel"), ordering="title")
    def short_title(self, obj: SocietalEffect) -> str:
        return truncated(obj.title)


@admin.register(TargetGroupFigure)
class TargetGroupFigureAdmin(SimpleHistoryAdmin):
    list_display = ["label", "count", "count_text", "reference_date", "effect"]
    list_filter = ["effect__framework"]
    list_select_related = ["effect"]
    search_fields = ["label", "effect__code", "effect__title"]
    ordering = ["effect__framework__title", "effect__sort_key", "position", "pk"]
    autocomplete_fields = ["effect"]


@admin.register(EffectPartner)
class EffectPartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "organisation", "effect"]
    list_filter = ["role", "effect__framework", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["effect", "organisation"]
    search_fields = ["name", "organisation__name", "effect__code", "effect__title"]
    ordering = ["effect__framework__title", "effect__sort_key", "position", "pk"]
    autocomplete_fields = ["effect", "organisation"]


# --- SMART goals ------------------------------------------------------------------------------


@admin.register(SmartGoal)
class SmartGoalAdmin(SimpleHistoryAdmin):
    list_display = ["code", "short_title", "investment_line", "planned_years", "framework"]
    list_display_links = ["code", "short_title"]
    list_filter = ["framework", "investment_line"]
    list_select_related = ["framework"]
    search_fields = ["code", "title", "framework__title"]
    ordering = ["framework__title", "position", "pk"]
    autocomplete_fields = ["framework", "effects"]
    readonly_fields = ["version"]
    fieldsets = [
        (None, {"fields": ["framework", "effects", ("code", "position"), "title", "version"]}),
        (
            _("Uitvoeringsplan"),
            {"fields": ["investment_line", "planned_years", "partners_text", "funding_text", "description"]},
        ),
    ]
    inlines = [EffectIndicatorInline]

    @admin.display(description=_("titel"), ordering="title")
    def short_title(self, obj: SmartGoal) -> str:
        return truncated(obj.title)


# --- effect indicators ------------------------------------------------------------------------


class EffectIndicatorTargetInline(admin.TabularInline):
    model = EffectIndicatorTarget
    extra = 0
    fields = ["year", "value", "text", "change_reason", "position"]
    formfield_overrides = COMPACT_TEXT


class EffectIndicatorValueInline(admin.TabularInline):
    model = EffectIndicatorValue
    extra = 0
    fields = ["year", "value", "numerator", "denominator", "text", "explanation", "is_demo"]
    formfield_overrides = COMPACT_TEXT


@admin.register(EffectIndicator)
class EffectIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "owner", "value_type", "aggregation", "frequency", "is_bbv", "framework"]
    list_filter = ["framework", "value_type", "aggregation", "source", "frequency", "is_bbv"]
    list_select_related = ["framework", "effect", "smart_goal"]
    search_fields = ["name", "group", "unit", "effect__code", "smart_goal__code", "framework__title"]
    ordering = ["framework__title", "position", "pk"]
    autocomplete_fields = ["framework", "effect", "smart_goal"]
    readonly_fields = ["version"]
    fieldsets = [
        (None, {"fields": ["framework", "effect", "smart_goal", "name", "group", "is_bbv", "version"]}),
        *INDICATOR_DEFINITION_FIELDSETS,
    ]
    inlines = [EffectIndicatorTargetInline, EffectIndicatorValueInline]

    @admin.display(description=_("naam"), ordering="name")
    def short_name(self, obj: EffectIndicator) -> str:
        return truncated(obj.name)

    @admin.display(description=_("hoort bij"))
    def owner(self, obj: EffectIndicator) -> str:
        owner = obj.effect or obj.smart_goal
        return truncated(str(owner), 60) if owner else _("het beleidskader")


@admin.register(EffectIndicatorTarget)
class EffectIndicatorTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "value", "text", "change_reason"]
    list_filter = ["indicator__framework", "year"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "text", "change_reason"]
    ordering = ["indicator__framework__title", "indicator__position", "indicator", "year", "position"]
    autocomplete_fields = ["indicator"]


@admin.register(EffectIndicatorValue)
class EffectIndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "value", "numerator", "denominator", "text", "is_demo"]
    list_filter = ["indicator__framework", "year", "is_demo"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "text", "explanation"]
    ordering = ["indicator__framework__title", "indicator__position", "indicator", "year"]
    autocomplete_fields = ["indicator"]

    def get_queryset(self, request):
        # __str__ names the indicator: also on the change and history pages.
        return super().get_queryset(request).select_related("indicator")
