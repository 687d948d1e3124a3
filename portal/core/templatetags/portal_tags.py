from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

from portal.core.languages import bcp47
from portal.core.navigation import navigation_version as _navigation_version

register = template.Library()

register.filter("bcp47", bcp47)


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[dict]:
    """Where this page lives in every language: the switcher and hreflang use it."""
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page) and hasattr(page, "get_language_versions"):
        return page.get_language_versions(request)
    if request is None:
        return []
    path = request.get_full_path()
    versions = []
    for code, name in settings.LANGUAGES:
        versions.append({"code": code, "name": name, "url": translate_url(path, code)})
    return versions


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    cached = getattr(request, "_portal_site_root", None)
    if cached is not None or request is None:
        return cached
    site = Site.find_for_request(request)
    root = site.root_page.specific if site else None
    request._portal_site_root = root
    return root


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    root = site_root(context)
    items = root.get_children().live().public().in_menu() if root else []
    return {"root": root, "items": items, "current": context.get("page"), "request": context.get("request")}


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.simple_tag
def navigation_version() -> int:
    return _navigation_version()


@register.simple_tag
def current_language_name() -> str:
    return dict(settings.LANGUAGES).get(translation.get_language(), "")
