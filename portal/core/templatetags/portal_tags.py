from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from portal.core import seo
from portal.core.i18n.languages import bcp47
from portal.core.models import SiteSettings
from portal.core.models.pages import public_q
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
    # The path only, never the visitor's "//evil.example/" as a link to another host.
    # translate_url returns a path it cannot resolve unchanged: go to that language's home.
    path = seo.local_path(request.path)
    versions = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != translation.get_language():
            url = f"/{code}/"
        versions.append({"code": code, "name": name, "url": seo.local_path(url), "translated": True})
    return versions


@register.simple_tag(takes_context=True)
def page_meta(context) -> dict:
    """What the head tells crawlers and share previews about a page: its canonical
    URL, its translated versions (hreflang), site name, Open Graph locales and the
    default share image. Every URL is absolute on the Wagtail Site record."""
    request = context.get("request")
    if request is None:
        return {}
    language = translation.get_language()
    text_language = context.get("text_language") or language
    versions = [v for v in language_versions(context) if v["translated"]]
    site_settings = SiteSettings.for_request(request)  # cached on the request
    return {
        "canonical": seo.canonical_url(request),
        "alternates": [
            {"hreflang": bcp47(v["code"]), "url": seo.absolute_url(v["url"], request)} for v in versions
        ],
        "site_name": seo.site_name(site_settings),
        "og_locale": seo.og_locale(text_language),
        "og_locale_alternates": seo.og_locale_alternates(text_language, [v["code"] for v in versions]),
        "share_image": seo.default_share_image(site_settings, request),
    }


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
    items = root.get_children().live().filter(public_q()).in_menu() if root else []
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
def untranslated_lang(obj) -> str:
    """` lang="en"` on text still in the registry's (or an import's) English,
    shown in a Chinese page: screen readers then read it as English."""
    if getattr(obj, "needs_translation", False) and translation.get_language() != "en":
        return mark_safe(' lang="en"')
    return ""
