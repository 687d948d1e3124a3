"""The app-level page cache: anonymous GETs answered from Redis, 0 SQL queries on a hit.

It sits outside django-csp's middleware, so a stored page keeps the CSP header whose
nonce its JSON-LD block carries. Under gunicorn, `wsgi.py` answers the hits before
Django and keeps the pages with their final headers; this middleware then only decides
what may be kept (and answers hits itself where nothing wraps Django, as in tests). The same rules mark a response cacheable for the
reverse proxy (`X-Accel-Expires`, read and hidden by nginx).
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.cache import cc_delim_re, has_vary_header

from portal.core.pagecache import store

# Set by deploy/nginx.conf on the requests its purge listener makes, stripped from visitors'.
REFRESH_HEADER = "X-Cache-Refresh"
# What a refresh may store in the proxy beside pages: a moved, unpublished, deleted or
# newly private page then stops being served from the proxy at once.
PROXY_REFRESH_STATUSES = {301, 302, 404, 410}
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
# wsgi.py looked the page up before Django (a miss) and keeps it on the way out.
GENERATION_ENVIRON = "portal.pagecache.generation"
KEEP_ATTRIBUTE = "_pagecache_generation"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not cacheable_request(request):
            return self.get_response(request)
        refresh = request.headers.get(REFRESH_HEADER) == "1"
        before_django = GENERATION_ENVIRON in request.META  # looked up in wsgi.py: a miss
        if before_django:
            cached, generation = None, request.META[GENERATION_ENVIRON]
        else:
            cached, generation = store.lookup(request.path)
        if cached is not None and not refresh:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if storable(request, response):
            response["X-Accel-Expires"] = str(settings.PAGE_CACHE_PROXY_SECONDS)
            if before_django:
                setattr(response, KEEP_ATTRIBUTE, generation)  # kept with its final headers
            else:
                store.keep(request.path, response, generation)
            response["X-Page-Cache"] = "miss"
        elif refresh and response.status_code in PROXY_REFRESH_STATUSES and not response.cookies:
            response["X-Accel-Expires"] = str(settings.PAGE_CACHE_PROXY_SECONDS)
        return response


def cacheable_request(request) -> bool:
    """An anonymous GET of a public URL without a query string (search results, filters,
    pages of a listing and exports all have one)."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return False
    if request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES)):
        return False
    if any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages")):
        return False  # logged in, or a message waiting to be shown
    try:
        request.get_host()
    except DisallowedHost:
        return False  # Django answers it with a 400
    return True


def storable(request, response) -> bool:
    """A page every anonymous visitor may be shown as it is."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a preview, or a page carrying a CSRF token (a form)
    if has_vary_header(response, "Cookie") or has_vary_header(response, "Accept-Language"):
        return False
    directives = {
        part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & UNCACHEABLE_DIRECTIVES
