from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

from portal.core.i18n.languages import language_from_accept_header


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, with our own Accept-Language table.

    The URL prefix decides the language; a URL without one (`/`, an old link)
    is redirected by the parent's process_response to the visitor's language,
    chosen only from Accept-Language (no cookie), as SPEC 2.A asks.
    """

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info)
        if language is None:
            language = language_from_accept_header(request.headers.get("Accept-Language", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
