"""Request handling of the partners app: the language, idle sessions and the second sign-in step."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from partners.two_factor import confirmed_device, needs_second_factor


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not followed: a Dutch
    municipality's staff often run an English browser and should still get the Dutch product."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The language belongs to this request only: code that runs next in this thread (a worker, a
        # command, a test) starts from the default language again.
        translation.deactivate()
        return response


class IdleSessionMiddleware:
    """A session ends after SESSION_IDLE_MINUTES without a request.

    Django renews a session's expiry only when the session is saved; saving it on every request would
    cost a write per page, so the expiry is renewed at most once a minute."""

    RENEWED_KEY = "renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.RENEWED_KEY, 0) >= 60:
                session[self.RENEWED_KEY] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


@receiver(user_logged_in)
def _session_renewed_at_sign_in(sender, request, user, **kwargs):
    """Signing in saves the session anyway: the first page after it need not write it again."""
    if request is not None and hasattr(request, "session"):
        request.session[IdleSessionMiddleware.RENEWED_KEY] = int(time.time())


class SecondFactorMiddleware:
    """Until a session that needs it has passed the second step, every page leads to that step."""

    # Views an unverified session may still reach: the steps themselves, signing out, the language.
    OPEN_URL_NAMES = frozenset(
        {"login", "logout", "set_language", "partners:otp-verify", "partners:otp-setup"}
        | {"password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not needs_second_factor(request):
            return None
        request.second_factor_pending = True
        if request.resolver_match.view_name in self.OPEN_URL_NAMES:
            return None
        step = "partners:otp-verify" if confirmed_device(user) else "partners:otp-setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
