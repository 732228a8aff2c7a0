import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Assignment


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
        return record.display_title or record.agreement.title

    def value_label(self, record):
        return self.render_label(record)

    def render_parent(self, record):
        if record.effect:
            return f"{record.effect.code} {record.effect.title}"
        return record.smart_goal.title if record.smart_goal else "—"

    def value_parent(self, record):
        return self.render_parent(record)
