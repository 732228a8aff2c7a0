"""Template filters of the sign-in pages."""

from django import template

register = template.Library()


@register.filter
def whole_minutes(duration) -> int:
    """A timedelta in whole minutes (rounded up), for "probeer het over 15 minuten opnieuw"."""
    return -(-int(duration.total_seconds()) // 60) if duration else 0
