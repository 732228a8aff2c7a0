"""Beheer: the queue of background reports (to see what failed and why)."""

from django.contrib import admin

from reporting.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "status", "created_at", "finished_at", "attempts"]
    list_filter = ["status", "name"]
    search_fields = ["name", "params", "user__username", "error"]
    list_select_related = ["user"]
    readonly_fields = ["started_at", "finished_at", "attempts", "error", "progress"]
