"""Forms of the partners app: the second sign-in step."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorForm(forms.Form):
    """The six-digit code from the authenticator app; the view checks it against the device."""

    otp_token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        max_length=12,
        help_text=_("De zes cijfers die de app nu toont."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_otp_token(self) -> str:
        token = self.cleaned_data["otp_token"].replace(" ", "")
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Vul de zes cijfers in die de app toont."))
        return token
