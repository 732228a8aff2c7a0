"""Selection forms of the reports: the same form checks the page's query string and the command's options."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from effects.forms import CrispyMixin
from effects.selectors import frameworks_for
from partners.permissions import access_for, municipalities_for
from partners.selectors import organisations_for


class ReportForm(CrispyMixin, forms.Form):
    """Base of every selection form: knows the user, so its choices are what that user may see."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


def framework_field(user, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Beleidskader"),
        queryset=frameworks_for(user).order_by("-start_year", "title"),
        to_field_name="slug",
        error_messages={"invalid_choice": _("Kies een beleidskader uit de lijst.")},
        **kwargs,
    )


def organisation_field(user, **kwargs) -> forms.ModelChoiceField:
    """Organisation users see only their own organisation(s)."""
    access = access_for(user)
    queryset = organisations_for(user)
    if not access.is_municipal:
        queryset = queryset.filter(pk__in=access.organisation_ids)
    return forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=queryset.order_by("name"),
        to_field_name="slug",
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
        **kwargs,
    )


def municipality_field(user, **kwargs) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Gemeente(n)"),
        queryset=municipalities_for(user).order_by("name"),
        to_field_name="slug",
        error_messages={"invalid_choice": _("Kies gemeenten uit de lijst.")},
        **kwargs,
    )


def effect_field(help_text) -> forms.CharField:
    """An effect of the chosen framework by its code ("4.3"); checked by `clean_effect_code`."""
    return forms.CharField(label=_("Effect (code)"), required=False, max_length=20, help_text=help_text)


def clean_effect_code(form: forms.Form, cleaned: dict) -> None:
    """Strip the effect code and check that the chosen framework has it (the error goes to the field). The
    effect itself is kept as `chosen_effect`, so the report need not read it again."""
    code = (cleaned.get("effect") or "").strip()
    cleaned["effect"] = code
    framework = cleaned.get("framework")
    if framework is None or not code:
        return
    cleaned["chosen_effect"] = framework.effects.filter(code=code).first()
    if cleaned["chosen_effect"] is None:
        form.add_error("effect", _("Het beleidskader heeft geen effect met code %(code)s.") % {"code": code})
