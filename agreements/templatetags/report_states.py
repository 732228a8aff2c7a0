"""Where a report stands, as a badge, on the organisation's home and the report page."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from agreements.progress import ReportState

register = template.Library()


@register.simple_tag
def report_state_badge(state: ReportState, late: bool = False) -> str:
    badge = format_html('<span class="badge state-{}">{}</span>', state.value, state.label)
    if late:
        badge += format_html(' <span class="badge state-te_laat">{}</span>', _("te laat ingediend"))
    return badge
