from django import template

from partners.links import pk_url as _pk_url

register = template.Library()


@register.simple_tag
def pk_url(name: str, *pks) -> str:
    """{% pk_url "agreements:assignment-detail" assignment.pk %}: {% url %} for id-only patterns, fast."""
    return _pk_url(name, *pks)
