"""What the attachment upload tells the user: accepted types and the size limit, from the settings."""

from django import template

from agreements.attachments import ACCEPT, rules_text

register = template.Library()


@register.simple_tag
def attachment_accept() -> str:
    return ACCEPT


@register.simple_tag
def attachment_rules() -> str:
    return rules_text()
