"""Template context for the navigation: what the user may reach and where they are working."""

from django.utils.functional import SimpleLazyObject

from partners.notifications import unread_count
from partners.permissions import access_for, active_municipality, municipality_choices


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    access = access_for(request.user)
    municipalities = municipality_choices(request) if access.is_municipal else []
    return {
        "access": access,
        "active_municipality": active_municipality(request) if access.is_municipal else None,
        "switchable_municipalities": municipalities if len(municipalities) > 1 else [],
    }


def notifications(request) -> dict:
    """The number of unread notices for the bell in the menu: one COUNT query, run only when shown."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    user = request.user
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user))}
