"""Template context for the navigation: what the user may reach and where they are working."""

from partners.permissions import access_for, active_municipality, municipalities_for


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    access = access_for(request.user)
    municipalities = list(municipalities_for(request.user)) if access.is_municipal else []
    return {
        "access": access,
        "active_municipality": active_municipality(request) if access.is_municipal else None,
        "switchable_municipalities": municipalities if len(municipalities) > 1 else [],
    }
