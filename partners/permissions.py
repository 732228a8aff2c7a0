"""Who may do what: one Access object per user, computed once per request from the memberships.

Every app asks these questions here; selectors turn them into querysets, views into 403/404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from partners.models import Membership, Municipality, User

MUNICIPAL_READERS = {
    Membership.Role.POLICY_OFFICER,
    Membership.Role.ALDERMAN,
    Membership.Role.FUNCTIONAL_ADMIN,
}


@dataclass(frozen=True)
class Access:
    """What one user may see and change, by municipality and organisation ids."""

    is_superuser: bool = False
    editor_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    reader_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    admin_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_municipal(self) -> bool:
        return self.is_superuser or bool(self.reader_municipality_ids)

    @property
    def is_organisation_user(self) -> bool:
        return bool(self.organisation_ids)

    @property
    def is_editor(self) -> bool:
        return self.is_superuser or bool(self.editor_municipality_ids)

    def may_read_municipalities(self, municipality_ids: set[int]) -> bool:
        return self.is_superuser or bool(self.reader_municipality_ids & municipality_ids)

    def may_edit_municipalities(self, municipality_ids: set[int]) -> bool:
        """Policy officers edit what belongs to (one of) their municipalities."""
        return self.is_superuser or bool(self.editor_municipality_ids & municipality_ids)

    def may_administer_municipalities(self, municipality_ids: set[int]) -> bool:
        """Functional admins (and officers) keep periods and rates of their municipalities."""
        return self.may_edit_municipalities(municipality_ids) or bool(
            self.admin_municipality_ids & municipality_ids
        )


ANONYMOUS = Access()


def access_for(user) -> Access:
    """The Access of a user; cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_access", None)
    if cached is not None:
        return cached
    memberships = list(user.memberships.values_list("role", "municipality_id", "organisation_id"))
    access = Access(
        is_superuser=user.is_superuser,
        editor_municipality_ids=frozenset(
            m for role, m, _o in memberships if role == Membership.Role.POLICY_OFFICER
        ),
        reader_municipality_ids=frozenset(m for role, m, _o in memberships if role in MUNICIPAL_READERS),
        organisation_ids=frozenset(
            o for role, _m, o in memberships if role == Membership.Role.ORGANISATION_USER
        ),
        admin_municipality_ids=frozenset(
            m for role, m, _o in memberships if role == Membership.Role.FUNCTIONAL_ADMIN
        ),
        roles=frozenset(role for role, _m, _o in memberships),
    )
    user._access = access
    return access


def system_user():
    """Who commands (report, bench) run as: sees everything, never saved, needs no membership query."""
    user = User(username="systeem", is_superuser=True, is_active=True)
    user._access = Access(is_superuser=True)
    return user


def municipalities_for(user):
    """The municipalities a user works for (all of them for a superuser), for the switcher."""
    access = access_for(user)
    if access.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=access.reader_municipality_ids)


SESSION_KEY = "active_municipality"


def active_municipality(request) -> Municipality | None:
    """The municipality the user is working in now (chosen in the switcher), or their only one."""
    cached = getattr(request, "_active_municipality", False)
    if cached is not False:
        return cached
    choices = municipality_choices(request)
    chosen = request.session.get(SESSION_KEY)
    municipality = next((m for m in choices if m.pk == chosen), None) or (choices[0] if choices else None)
    request._active_municipality = municipality
    return municipality


def municipality_choices(request) -> list[Municipality]:
    """municipalities_for the request's user, read once per request (the switcher and the active one)."""
    cached = getattr(request, "_municipality_choices", None)
    if cached is None:
        cached = request._municipality_choices = list(municipalities_for(request.user))
    return cached


def municipal_required(view):
    """Views for municipal staff and aldermen: sign in first; organisation users get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access_for(request.user).is_municipal:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def login_required_403(view):
    """Views for every signed-in role; what they show is scoped by the selectors."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
