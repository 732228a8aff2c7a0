"""Small helpers shared by tests."""

from django.apps import apps

DOMAIN_APPS = ("partners", "effects", "agreements")


def row_counts(include_history: bool = True) -> dict[str, int]:
    """Rows per model of the domain apps (history tables included): a snapshot to compare."""
    return {
        model._meta.label: model.objects.count()
        for app in DOMAIN_APPS
        for model in apps.get_app_config(app).get_models()
        if include_history or not model.__name__.startswith("Historical")
    }


ROLES = ["officer", "alderman", "organisation", "other_organisation", "other_officer", "admin", "anonymous"]
