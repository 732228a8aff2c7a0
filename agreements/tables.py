import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Assignment, PeriodReport
from agreements.progress import report_state
from agreements.services.reports import report_url
from agreements.templatetags.report_states import report_state_badge


class LocalDateTimeColumn(tables.Column):
    """Local date and time as 31-12-2026 14:05. tables.DateTimeColumn renders a template for every cell:
    a quarter of the review queue's time."""

    def render(self, value):
        return date_format(localtime(value), "d-m-Y H:i")


class AgreementTable(tables.Table):
    title = tables.Column(linkify=("agreements:agreement-detail", {"pk": tables.A("pk")}))
    organisation = tables.Column(verbose_name=_("organisatie"))
    municipalities = tables.ManyToManyColumn(verbose_name=_("gemeenten"), orderable=False)
    framework = tables.Column(verbose_name=_("beleidskader"))
    assignment_count = tables.Column(verbose_name=_("opdrachten"))

    class Meta:
        model = Agreement
        fields = ("title", "organisation", "municipalities", "framework", "start_year", "end_year", "status")
        attrs = {"class": "table table-striped table-sm"}
        empty_text = _("Geen afspraken gevonden.")


class AssignmentTable(tables.Table):
    code = tables.Column(order_by=("sort_key",))
    label = tables.Column(
        verbose_name=_("opdracht"),
        accessor="pk",
        linkify=("agreements:assignment-detail", {"pk": tables.A("pk")}),
        orderable=False,
    )
    organisation = tables.Column(verbose_name=_("organisatie"), accessor="agreement__organisation__name")
    parent = tables.Column(verbose_name=_("effect / SMART-doel"), accessor="pk", orderable=False)
    indicator_count = tables.Column(verbose_name=_("indicatoren"))

    class Meta:
        model = Assignment
        fields = ("code", "label", "organisation", "role", "parent", "core_function")
        sequence = ("code", "label", "organisation", "role", "parent", "core_function", "indicator_count")
        attrs = {"class": "table table-striped table-sm"}
        empty_text = _("Geen opdrachten gevonden.")

    def render_label(self, record):
        return record.display_title

    def value_label(self, record):
        return self.render_label(record)

    def render_parent(self, record):
        if record.effect:
            return f"{record.effect.code} {record.effect.title}"
        return record.smart_goal.title if record.smart_goal else "—"

    def value_parent(self, record):
        return self.render_parent(record)


class ReviewQueueTable(tables.Table):
    """Submitted reports waiting for the officer, oldest first."""

    assignment = tables.Column(
        verbose_name=_("opdracht"),
        accessor="assignment__pk",
        linkify=lambda record: report_url(record),
        order_by=("assignment__sort_key",),
    )
    organisation = tables.Column(
        verbose_name=_("organisatie"), accessor="assignment__agreement__organisation__name"
    )
    period = tables.Column(
        verbose_name=_("periode"), accessor="period__name", order_by=("period__year", "period__number")
    )
    submitted_at = LocalDateTimeColumn(verbose_name=_("ingediend op"))
    submitted_by = tables.Column(verbose_name=_("ingediend door"), accessor="submitted_by", orderable=False)
    is_late = tables.BooleanColumn(verbose_name=_("te laat"), yesno=(_("te laat"), ""))

    class Meta:
        model = PeriodReport
        fields = ("assignment", "organisation", "period", "submitted_at", "submitted_by", "is_late")
        attrs = {"class": "table table-striped table-sm"}
        empty_text = _("Er wachten geen rapportages op beoordeling.")

    def render_assignment(self, record):
        return record.assignment.display_title

    def value_assignment(self, record):
        return self.render_assignment(record)

    def render_submitted_by(self, record):
        return record.submitted_by.get_full_name() or record.submitted_by.username


class PeriodStatusTable(tables.Table):
    """Every expected report of one period with its state: who has not reported yet."""

    organisation = tables.Column(verbose_name=_("organisatie"), accessor="agreement__organisation__name")
    label = tables.Column(verbose_name=_("opdracht"), accessor="pk", order_by=("sort_key", "position"))
    state = tables.Column(verbose_name=_("stand"), accessor="report_status", empty_values=())
    filled = tables.Column(verbose_name=_("ingevuld"), empty_values=(), order_by=("filled",))
    report_submitted_at = LocalDateTimeColumn(verbose_name=_("ingediend op"))

    class Meta:
        model = Assignment
        fields = ("organisation", "label", "state", "filled", "report_submitted_at")
        attrs = {"class": "table table-striped table-sm"}
        empty_text = _("Geen opdrachten in deze selectie.")

    period = None
    today = None

    def render_label(self, record):
        url = report_url(record, self.period)
        return format_html('<a href="{}">{}</a>', url, record.display_title)

    def value_label(self, record):
        return record.display_title

    def value_state(self, record):
        state = report_state(record.report_status, self.period, self.today)
        label = str(state.label)
        return f"{label} ({_('te laat')})" if record.report_is_late else label

    def render_state(self, record):
        state = report_state(record.report_status, self.period, self.today)
        return report_state_badge(state, record.report_is_late)

    def render_filled(self, record):
        return _("%(filled)s van %(total)s") % {"filled": record.filled, "total": record.indicator_count}

    def value_filled(self, record):
        return record.filled


def period_status_table(period, today) -> type[PeriodStatusTable]:
    """The table class for one period (django-tables2 builds tables from a class and the rows)."""
    return type("BoundPeriodStatusTable", (PeriodStatusTable,), {"period": period, "today": today})
