"""Dutch first: the interface speaks Dutch unless the user chose English in the footer."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
