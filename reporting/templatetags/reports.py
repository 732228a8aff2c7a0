"""Small template helpers for reports: CSS strings for running headers, money and numbers."""

from django import template

from reporting import formatting

register = template.Library()


@register.filter
def css_string(value) -> str:
    """A value as the inside of a CSS string: quotes and backslashes escaped, no line breaks."""
    text = str(value or "")
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")


register.filter("euro", formatting.euro)
register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
