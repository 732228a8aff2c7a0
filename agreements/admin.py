"""Beheer of agreements, assignments, planned hours and money, reporting periods and realisations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import (
    Activity,
    AgreedResult,
    Agreement,
    AgreementAmendment,
    AgreementBudgetLine,
    AgreementSection,
    AgreementTransition,
    Assignment,
    HoursLine,
    MoneyLine,
    PerformanceIndicator,
    PerformanceTarget,
    PeriodReport,
    Realisation,
    RealisedCost,
    RealisedHours,
    ReminderSent,
    ReportAttachment,
    ReportEvent,
    ReportingPeriod,
    SubsidyAmount,
    SubsidyLine,
)
from effects.admin import COMPACT_TEXT, INDICATOR_DEFINITION_FIELDSETS, truncated
from partners.admin import join_names

# Assignment.__str__ falls back to the effect's title; every list of assignments needs it joined.
ASSIGNMENT_RELATED = ["assignment__effect", "assignment__agreement__organisation"]


# --- agreements -------------------------------------------------------------------------------


class AgreementSectionInline(admin.StackedInline):
    model = AgreementSection
    extra = 0
    fields = [("title", "position"), "body"]


class SubsidyLineInline(admin.TabularInline):
    model = SubsidyLine
    extra = 0
    fields = ["service", "kind", "municipality", "fte", "description", "position"]
    autocomplete_fields = ["municipality"]
    formfield_overrides = COMPACT_TEXT
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


class AgreementBudgetLineInline(admin.TabularInline):
    model = AgreementBudgetLine
    extra = 0
    fields = ["side", "group", "description", "amount", "is_pm", "position"]


class AssignmentInline(admin.TabularInline):
    """The agreement's assignments as a list; they are edited on their own page."""

    model = Assignment
    extra = 0
    fields = ["code", "short_title", "effect", "smart_goal", "role", "core_function"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("effect", "smart_goal").order_by("sort_key", "pk")

    @admin.display(description=_("titel"))
    def short_title(self, obj: Assignment) -> str:
        return truncated(obj.title or (obj.effect.title if obj.effect_id else ""))


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "organisation",
        "kind",
        "status",
        "start_year",
        "end_year",
        "hourly_rate",
        "municipality_names",
        "framework",
    ]
    list_filter = [
        "status",
        "kind",
        "framework",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "municipalities",
    ]
    list_select_related = ["organisation", "framework"]
    search_fields = ["title", "slug", "organisation__name", "organisation__short_name"]
    ordering = ["organisation__name", "title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["framework", "organisation", "municipalities"]
    readonly_fields = ["version"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "framework",
                    "organisation",
                    "municipalities",
                    ("kind", "status"),
                    ("start_year", "end_year"),
                    "document_date",
                    "version",
                ]
            },
        ),
        (_("Inzet en tarief"), {"fields": [("hourly_rate", "fte"), "description"]}),
    ]
    inlines = [AgreementSectionInline, SubsidyLineInline, AgreementBudgetLineInline, AssignmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("gemeenten"))
    def municipality_names(self, obj: Agreement) -> str:
        return join_names(obj.municipalities.all())


@admin.register(AgreementTransition)
class AgreementTransitionAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status", "from_status"]
    list_select_related = ["agreement", "by"]
    search_fields = ["agreement__title", "comment", "by__username"]
    ordering = ["-at"]
    autocomplete_fields = ["agreement", "by"]
    date_hierarchy = "at"


@admin.register(AgreementAmendment)
class AgreementAmendmentAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "created_at", "created_by", "short_reason"]
    list_select_related = ["agreement", "created_by"]
    search_fields = ["agreement__title", "reason"]
    ordering = ["-created_at"]
    autocomplete_fields = ["agreement", "created_by"]
    readonly_fields = ["snapshot"]

    @admin.display(description=_("reden"))
    def short_reason(self, obj: AgreementAmendment) -> str:
        return truncated(obj.reason)


@admin.register(AgreementSection)
class AgreementSectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agreement", "position"]
    list_filter = ["agreement__framework"]
    list_select_related = ["agreement"]
    search_fields = ["title", "body", "agreement__title"]
    ordering = ["agreement__title", "position", "pk"]
    autocomplete_fields = ["agreement"]


class SubsidyAmountInline(admin.TabularInline):
    model = SubsidyAmount
    extra = 0
    fields = ["year", "amount", "is_pm", "text", "position"]


@admin.register(SubsidyLine)
class SubsidyLineAdmin(SimpleHistoryAdmin):
    list_display = ["service", "kind", "municipality", "fte", "agreement"]
    list_filter = ["kind", ("municipality", admin.RelatedOnlyFieldListFilter), "agreement__framework"]
    list_select_related = ["agreement", "municipality"]
    search_fields = ["service", "description", "agreement__title", "agreement__organisation__name"]
    ordering = ["agreement__title", "position", "pk"]
    autocomplete_fields = ["agreement", "municipality"]
    inlines = [SubsidyAmountInline]


@admin.register(SubsidyAmount)
class SubsidyAmountAdmin(SimpleHistoryAdmin):
    list_display = ["line", "year", "amount", "is_pm", "text", "agreement"]
    list_filter = ["year", "is_pm", "line__kind"]
    search_fields = ["line__service", "text", "line__agreement__title"]
    ordering = ["line__agreement__title", "line__position", "line", "position", "year"]
    autocomplete_fields = ["line"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("line__agreement")

    @admin.display(description=_("afspraak"), ordering="line__agreement__title")
    def agreement(self, obj: SubsidyAmount) -> Agreement:
        return obj.line.agreement


@admin.register(AgreementBudgetLine)
class AgreementBudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["description", "side", "group", "amount", "is_pm", "agreement"]
    list_filter = ["side", "agreement__framework"]
    list_select_related = ["agreement"]
    search_fields = ["description", "group", "agreement__title"]
    ordering = ["agreement__title", "position", "pk"]
    autocomplete_fields = ["agreement"]


# --- assignments ------------------------------------------------------------------------------


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["description", "position"]
    formfield_overrides = COMPACT_TEXT


class AgreedResultInline(admin.TabularInline):
    model = AgreedResult
    extra = 0
    fields = ["description", "position"]
    formfield_overrides = COMPACT_TEXT


class HoursLineInline(admin.TabularInline):
    model = HoursLine
    extra = 0
    fields = ["municipality", "category", "hours", "is_pm", "hourly_rate", "note", "position"]
    autocomplete_fields = ["municipality"]
    formfield_overrides = COMPACT_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


class MoneyLineInline(admin.TabularInline):
    model = MoneyLine
    extra = 0
    fields = ["municipality", "kind", "amount", "is_pm", "description", "position"]
    autocomplete_fields = ["municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


class PerformanceIndicatorInline(admin.TabularInline):
    model = PerformanceIndicator
    extra = 0
    fields = ["name", "value_type", "unit", "direction", "aggregation", "frequency", "position"]
    formfield_overrides = COMPACT_TEXT
    show_change_link = True


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "short_title",
        "organisation",
        "role",
        "core_function",
        "effect_code",
        "agreement",
    ]
    list_display_links = ["code", "short_title"]
    list_filter = [
        "agreement__framework",
        ("agreement__organisation", admin.RelatedOnlyFieldListFilter),
        "role",
        "agreement__status",
    ]
    list_select_related = ["agreement__organisation", "effect", "smart_goal"]
    search_fields = [
        "code",
        "title",
        "core_function",
        "task",
        "effect__code",
        "effect__title",
        "agreement__title",
        "agreement__organisation__name",
    ]
    ordering = ["agreement__organisation__name", "agreement__title", "sort_key", "position", "pk"]
    autocomplete_fields = ["agreement", "effect", "smart_goal"]
    readonly_fields = ["version"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "agreement",
                    "effect",
                    "smart_goal",
                    ("code", "position"),
                    "title",
                    ("role", "core_function"),
                    "version",
                ]
            },
        ),
        (
            _("Opdracht"),
            {"fields": ["description", "policy_principles", "task", "change_note", "preconditions"]},
        ),
        (_("Opmerkingen"), {"fields": ["municipal_remarks", "contractor_remarks"]}),
    ]
    inlines = [
        ActivityInline,
        AgreedResultInline,
        HoursLineInline,
        MoneyLineInline,
        PerformanceIndicatorInline,
    ]

    def get_queryset(self, request):
        # __str__ reads the effect: also for autocomplete results and the change and history pages.
        return super().get_queryset(request).select_related("agreement__organisation", "effect", "smart_goal")

    @admin.display(description=_("titel"), ordering="title")
    def short_title(self, obj: Assignment) -> str:
        return truncated(obj.title or (obj.effect.title if obj.effect_id else ""))

    @admin.display(description=_("opdrachtnemer"), ordering="agreement__organisation__name")
    def organisation(self, obj: Assignment):
        return obj.agreement.organisation

    @admin.display(description=_("effect / SMART-doel"))
    def effect_code(self, obj: Assignment) -> str:
        parent = obj.effect or obj.smart_goal
        if parent is None:
            return "–"
        return parent.code or truncated(str(parent), 40)


class AssignmentItemAdmin(SimpleHistoryAdmin):
    """Shared by the lists of activities and agreed results."""

    list_display = ["short_description", "assignment", "position"]
    list_filter = ["assignment__agreement__framework"]
    search_fields = ["description", "assignment__code", "assignment__title"]
    ordering = ["assignment__agreement__title", "assignment__sort_key", "position", "pk"]
    autocomplete_fields = ["assignment"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*ASSIGNMENT_RELATED)

    @admin.display(description=_("omschrijving"), ordering="description")
    def short_description(self, obj) -> str:
        return truncated(obj.description)


admin.site.register(Activity, AssignmentItemAdmin)
admin.site.register(AgreedResult, AssignmentItemAdmin)


@admin.register(HoursLine)
class HoursLineAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "municipality", "category", "hours", "is_pm", "hourly_rate"]
    list_filter = ["assignment__agreement__framework", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["category", "note", "assignment__code", "assignment__title"]
    ordering = ["assignment__agreement__title", "assignment__sort_key", "position", "pk"]
    autocomplete_fields = ["assignment", "municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality", *ASSIGNMENT_RELATED)


@admin.register(MoneyLine)
class MoneyLineAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "municipality", "kind", "amount", "is_pm", "description"]
    list_filter = [
        "kind",
        "assignment__agreement__framework",
        ("municipality", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["description", "assignment__code", "assignment__title"]
    ordering = ["assignment__agreement__title", "assignment__sort_key", "position", "pk"]
    autocomplete_fields = ["assignment", "municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality", *ASSIGNMENT_RELATED)


# --- reporting periods, indicators and realisations -----------------------------------------


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "year", "number", "opens_on", "deadline", "is_closed", "framework"]
    list_filter = ["framework", "kind", "year", "is_closed"]
    list_select_related = ["framework"]
    search_fields = ["name", "slug", "framework__title"]
    ordering = ["framework__title", "year", "kind", "number"]
    autocomplete_fields = ["framework"]
    prepopulated_fields = {"slug": ["name"]}


class PerformanceTargetInline(admin.TabularInline):
    model = PerformanceTarget
    extra = 0
    fields = ["year", "period", "value", "text", "change_reason", "position"]
    autocomplete_fields = ["period"]
    formfield_overrides = COMPACT_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("period")


class RealisationInline(admin.TabularInline):
    model = Realisation
    extra = 0
    fields = [
        "period",
        "municipality",
        "value",
        "numerator",
        "denominator",
        "text",
        "explanation",
        "status",
        "version",
    ]
    readonly_fields = ["version"]
    autocomplete_fields = ["period", "municipality"]
    formfield_overrides = COMPACT_TEXT
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("period", "municipality")


@admin.register(PerformanceIndicator)
class PerformanceIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "assignment", "value_type", "aggregation", "frequency", "organisation"]
    list_filter = [
        "assignment__agreement__framework",
        ("assignment__agreement__organisation", admin.RelatedOnlyFieldListFilter),
        "value_type",
        "aggregation",
        "frequency",
    ]
    search_fields = ["name", "group", "assignment__code", "assignment__title"]
    ordering = ["assignment__agreement__title", "assignment__sort_key", "position", "pk"]
    autocomplete_fields = ["assignment"]
    readonly_fields = ["version"]
    fieldsets = [
        (None, {"fields": ["assignment", "name", "group", "version"]}),
        *INDICATOR_DEFINITION_FIELDSETS,
    ]
    inlines = [PerformanceTargetInline, RealisationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*ASSIGNMENT_RELATED)

    @admin.display(description=_("naam"), ordering="name")
    def short_name(self, obj: PerformanceIndicator) -> str:
        return truncated(obj.name)

    @admin.display(description=_("opdrachtnemer"), ordering="assignment__agreement__organisation__name")
    def organisation(self, obj: PerformanceIndicator):
        return obj.assignment.agreement.organisation


@admin.register(PerformanceTarget)
class PerformanceTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "period", "value", "text", "change_reason"]
    list_filter = ["indicator__assignment__agreement__framework", "year"]
    list_select_related = ["indicator", "period"]
    search_fields = ["indicator__name", "text", "change_reason"]
    ordering = ["indicator__assignment__agreement__title", "indicator", "year", "position"]
    autocomplete_fields = ["indicator", "period"]


@admin.register(Realisation)
class RealisationAdmin(SimpleHistoryAdmin):
    list_display = [
        "indicator",
        "period",
        "municipality",
        "value",
        "numerator",
        "denominator",
        "status",
        "is_demo",
        "submitted_at",
        "reviewed_at",
    ]
    list_filter = [
        "status",
        "period__framework",
        "period__kind",
        "period__year",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        "is_demo",
    ]
    search_fields = ["indicator__name", "explanation", "review_comment", "period__name"]
    ordering = ["period__framework__title", "period__year", "indicator", "municipality__name"]
    autocomplete_fields = ["indicator", "period", "municipality", "submitted_by", "reviewed_by"]
    readonly_fields = ["version"]
    fieldsets = [
        (None, {"fields": ["indicator", "period", "municipality", "version"]}),
        (
            _("Waarde"),
            {"fields": [("value", "numerator", "denominator"), "text", "explanation", "is_demo"]},
        ),
        (
            _("Indienen en beoordelen"),
            {
                "fields": [
                    "status",
                    ("submitted_by", "submitted_at"),
                    ("reviewed_by", "reviewed_at"),
                    "review_comment",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        # __str__ names the indicator and the period: also on the change and history pages.
        return super().get_queryset(request).select_related("indicator", "period", "municipality")


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    fields = ["at", "kind", "by", "comment"]
    readonly_fields = ["at", "kind", "by", "comment"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # The steps are written by the workflow; the admin only shows them.
        return False


class RealisedHoursInline(admin.TabularInline):
    model = RealisedHours
    extra = 0
    autocomplete_fields = ["municipality"]


class RealisedCostInline(admin.TabularInline):
    model = RealisedCost
    extra = 0
    autocomplete_fields = ["municipality"]


class ReportAttachmentInline(admin.TabularInline):
    model = ReportAttachment
    extra = 0
    fields = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        # Files come in through the report page, where their content is checked.
        return False


@admin.register(PeriodReport)
class PeriodReportAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "period", "status", "is_late", "submitted_at", "reviewed_at"]
    list_filter = ["status", "is_late", "period__framework", "period__year"]
    search_fields = [
        "assignment__title",
        "assignment__effect__title",
        "assignment__agreement__organisation__name",
    ]
    autocomplete_fields = ["assignment", "period", "submitted_by", "reviewed_by"]
    readonly_fields = ["version"]
    inlines = [RealisedHoursInline, RealisedCostInline, ReportAttachmentInline, ReportEventInline]
    list_select_related = ["assignment__effect", "assignment__agreement__organisation", "period"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*ASSIGNMENT_RELATED, "period")


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["period", "organisation", "kind", "sent_at", "recipients"]
    list_filter = ["kind", "period__framework"]
    list_select_related = ["period", "organisation"]
