"""Who may change the goal chain: policy officers of (one of) the framework's municipalities."""

from effects.models import PolicyFramework
from partners.permissions import access_for


def can_edit_framework(user, framework: PolicyFramework) -> bool:
    """Edit rights on a framework and everything under it (themes, effects, SMART goals, indicators)."""
    municipality_ids = {municipality.pk for municipality in framework.municipalities.all()}
    return access_for(user).may_edit_municipalities(municipality_ids)
