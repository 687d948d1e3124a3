"""Page-cache hits answered before Django (`portal/wsgi.py` wraps Django's application).

A hit costs Redis and nothing of Django's handler or middleware: the stored page carries
the headers every middleware gave it on its way out (security headers, CSP, proxy expiry),
since it is kept here, after them. What may be kept is decided inside Django by the page
cache middleware, which marks the response; a request goes to Django whenever this layer
cannot answer it exactly as Django would: not cacheable (`cacheable_request`), plain
http where the site redirects to https, a miss, a refresh from the proxy's purge.

Hits are not in the app's request log (nginx's access log has them, with `X-Page-Cache`).
"""

from http import HTTPStatus

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest

from portal.core.pagecache import store
from portal.core.pagecache.middleware import (
    GENERATION_ENVIRON,
    KEEP_ATTRIBUTE,
    REFRESH_HEADER,
    cacheable_request,
)


class PageCacheApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not settings.PAGE_CACHE_ENABLED:
            return self.application(environ, start_response)
        request = WSGIRequest(environ)
        if not answerable_before_django(request):
            return self.application(environ, start_response)
        entry, generation = store.lookup_entry(request.path)
        refresh = request.headers.get(REFRESH_HEADER) == "1"  # the proxy's purge: render anew
        if entry is not None and entry.get("final") and not refresh:
            headers = [*entry["headers"], ("X-Page-Cache", "hit")]
            start_response(f"{entry['status']} {HTTPStatus(entry['status']).phrase}", headers)
            return [entry["content"]]
        if generation is None:
            generation = store.current_generation()  # a flushed cache: start one
        if generation is None:  # Redis away: Django renders the page, uncached
            return self.application(environ, start_response)
        environ[GENERATION_ENVIRON] = generation
        response = self.application(environ, start_response)
        kept_generation = getattr(response, KEEP_ATTRIBUTE, None)
        if kept_generation is not None:
            store.keep(request.path, response, kept_generation, final=True)
        return response


def answerable_before_django(request) -> bool:
    return cacheable_request(request) and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
