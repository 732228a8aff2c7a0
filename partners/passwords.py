"""Password rules beyond Django's own: a Dutch message for the length, and no Dutch stock passwords.

Django's list of common passwords is English: "Welkom2024!" or "Wachtwoord12" pass it, yet they are
the first things an attacker tries against a Dutch municipality."""

import re

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Lower-case words that, with only digits and punctuation around them, make a guessable password.
STOCK_WORDS = frozenset(
    {
        "wachtwoord", "welkom", "geheim", "gemeente", "prestatieafspraken", "prestatie", "afspraken",
        "sociaaldomein", "wmo", "jeugdzorg", "welzijn", "voorjaar", "zomer", "najaar", "herfst", "winter",
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
        "oktober", "november", "december", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
        "qwertyuiop", "azertyuiop", "wachtwoordwachtwoord", "welkomwelkom",
    }
)  # fmt: skip


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    """Django's length rule with a message that Django's Dutch catalogue does not (yet) translate."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Uw wachtwoord heeft minstens %(min_length)d teken.",
            "Uw wachtwoord heeft minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}


class StockWordValidator:
    """Refuse a password that is one stock word with only digits or punctuation added."""

    def validate(self, password: str, user=None) -> None:
        core = re.sub(r"[\W\d_]+", "", password.lower())
        if core in STOCK_WORDS:
            raise ValidationError(
                _("Dit wachtwoord is te makkelijk te raden: het is een bekend woord met cijfers of tekens."),
                code="password_stock_word",
            )

    def get_help_text(self) -> str:
        return _("Uw wachtwoord is geen bekend woord (zoals ‘Welkom’ of een maand) met alleen cijfers erbij.")
