import logging
import time

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

from portal.core.languages import language_from_accept_header

request_logger = logging.getLogger("portal.request")


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


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        request_logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
