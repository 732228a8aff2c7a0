"""The upload form of an evidence attachment; agreements.attachments decides which files pass."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.attachments import ACCEPT


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand"),
        error_messages={
            "required": _("Kies een bestand om toe te voegen."),
            "empty": _("Het bestand is leeg. Kies een bestand met inhoud."),
            "invalid": _("Er is geen bestand ontvangen. Kies het bestand opnieuw."),
        },
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
