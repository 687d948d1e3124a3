"""A page's route kept in the cache by address: a page view then finds its site and
page in one query, where Wagtail asks for the Site and then walks the tree, one query
per level, and checks the view restrictions with another.

An entry names the site, the page's type and id, and whether a view restriction
applies. Entries are keyed by the navigation version, which publishing,
unpublishing, moving and deleting pages, view restrictions and sites bump, so a
stale route is never read. A routable page's sub-routes (a view and its arguments)
are not kept: they are routed as before. `portal.core.patches` installs it.
"""

from hashlib import md5

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from portal.core.navigation import navigation_version

ROUTE_TIMEOUT = 24 * 3600

upstream_route_for_request = Page.route_for_request


def route_key(request, path: str) -> str | None:
    try:
        host, port = request.get_host(), request.get_port()
    except DisallowedHost:  # Wagtail's own lookup answers it
        return None
    named = f"{host}|{port}|{translation.get_language()}|{path}|{navigation_version()}"
    return "portal:route:" + md5(named.encode(), usedforsecurity=False).hexdigest()


def route_for_request(request, path: str):
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    key = route_key(request, path)
    if key is None:
        return upstream_route_for_request(request, path)
    entry = cache.get(key)
    if entry is not None:
        site, content_type_id, page_id, unrestricted = entry
        page = _live_page(content_type_id, page_id)
        if page is not None:
            request._wagtail_site = site
            page._known_unrestricted = unrestricted
            request._wagtail_route_for_request = RouteResult(page)
            return request._wagtail_route_for_request
    result = upstream_route_for_request(request, path)
    if result is not None and not result.args and not result.kwargs:
        page = result.page
        unrestricted = page._known_unrestricted = not page.get_view_restrictions().exists()
        cache.set(
            key, (Site.find_for_request(request), page.content_type_id, page.pk, unrestricted), ROUTE_TIMEOUT
        )
    return result


def _live_page(content_type_id: int, page_id: int) -> Page | None:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    try:
        # get(), not first(): no ORDER BY to compile for a page model of a hundred columns.
        return model.objects.get(pk=page_id, live=True) if model else None
    except model.DoesNotExist:
        return None
