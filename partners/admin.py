"""Beheer of municipalities, organisations, their contact people, users and memberships."""

from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partners.models import (
    AuditEvent,
    ContactPerson,
    Membership,
    Municipality,
    Notification,
    Organisation,
    User,
)

# The one place where the admin site is named; the other apps' admins only register models.
admin.site.site_header = _("Prestatieafspraken – beheer")
admin.site.site_title = _("Prestatieafspraken")
admin.site.index_title = _("Functioneel beheer")


def join_names(objects) -> str:
    """Comma-separated names of prefetched related objects, for a changelist column."""
    return ", ".join(str(obj) for obj in objects) or "–"


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cbs_code", "slug"]
    search_fields = ["name", "slug", "cbs_code"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["name", "function", "email", "phone", "position"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "municipality_names"]
    list_filter = ["kind", "municipalities"]
    search_fields = ["name", "short_name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipalities"]
    readonly_fields = ["version"]
    fields = ["name", "short_name", "slug", "kind", "municipalities", "notes", "version"]
    inlines = [ContactPersonInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("werkt voor gemeenten"))
    def municipality_names(self, obj: Organisation) -> str:
        return join_names(obj.municipalities.all())


@admin.register(ContactPerson)
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "function", "email", "phone"]
    list_filter = ["organisation__kind", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation"]
    search_fields = ["name", "function", "email", "organisation__name"]
    ordering = ["organisation__name", "position", "name"]
    autocomplete_fields = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "municipality", "organisation"]
    list_filter = [
        "role",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["user", "municipality", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    ordering = ["user__username", "role"]
    autocomplete_fields = ["user", "municipality", "organisation"]

    def get_queryset(self, request):
        # __str__ shows user, municipality and organisation: also on the change and history pages.
        return super().get_queryset(request).select_related("user", "municipality", "organisation")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["role", "municipality", "organisation"]
    autocomplete_fields = ["municipality", "organisation"]
    verbose_name_plural = _("rollen (lidmaatschappen)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality", "organisation")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role_summary", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "memberships__role"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("memberships__municipality", "memberships__organisation")
        )

    @admin.display(description=_("rollen"))
    def role_summary(self, obj: User) -> str:
        return join_names(
            f"{membership.get_role_display()} ({membership.organisation or membership.municipality})"
            for membership in obj.memberships.all()
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["subject", "message", "recipient__username"]
    list_select_related = ["recipient"]
    autocomplete_fields = ["recipient"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only: nobody edits or deletes what happened."""

    list_display = ["created_at", "action", "username", "ip_address", "object_repr"]
    list_filter = ["action", "created_at"]
    search_fields = ["username", "object_repr", "object_id", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Sign-ins are in the audit log above; of django-axes only the lock-outs (AccessAttempt) stay in Beheer,
# where deleting one unlocks that user and address.
for model in (AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
