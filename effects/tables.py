import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from effects.models import PolicyFramework, SmartGoal, SocietalEffect


class FrameworkTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("titel"))
    municipalities = tables.ManyToManyColumn(verbose_name=_("gemeenten"), orderable=False)
    effect_count = tables.Column(verbose_name=_("effecten"))
    goal_count = tables.Column(verbose_name=_("SMART-doelen"))

    class Meta:
        model = PolicyFramework
        fields = ("title", "municipalities", "start_year", "end_year", "status", "document_kind")
        sequence = ("title", "municipalities", "start_year", "end_year", "status", "document_kind")
        attrs = {"class": "table table-striped table-sm"}
        empty_text = _("Geen beleidskaders gevonden.")


class EffectTable(tables.Table):
    code = tables.Column(order_by=("sort_key",))
    title = tables.Column(linkify=True)
    framework = tables.Column(verbose_name=_("beleidskader"))
    theme = tables.Column(verbose_name=_("thema"))
    goal_count = tables.Column(verbose_name=_("SMART-doelen"))
    assignment_count = tables.Column(verbose_name=_("opdrachten"))

    class Meta:
        model = SocietalEffect
        fields = ("code", "title", "framework", "theme", "priority", "responsible")
        attrs = {"class": "table table-striped table-sm"}
        empty_text = _("Geen effecten gevonden.")


class SmartGoalTable(tables.Table):
    title = tables.Column(linkify=True)
    framework = tables.Column(verbose_name=_("beleidskader"))
    effects = tables.ManyToManyColumn(verbose_name=_("ER-doelen"), orderable=False)
    planned_years = tables.Column(verbose_name=_("geplande jaren"), orderable=False)

    class Meta:
        model = SmartGoal
        fields = ("title", "framework", "effects", "investment_line", "planned_years", "partners_text")
        attrs = {"class": "table table-striped table-sm"}
        empty_text = _("Geen SMART-doelen gevonden.")

    def render_planned_years(self, value):
        return ", ".join(str(year) for year in value)

    def value_planned_years(self, value):
        return ", ".join(str(year) for year in value)
