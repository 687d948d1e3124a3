"""What crawlers, feed readers and share previews read: absolute URLs, the
canonical URL, Open Graph locales and the site's default share image.

Every absolute URL is built on the Wagtail Site record (`manage.py set_site_url`
points it at SITE_URL), never on the request's Host header, so a crawler that
reaches the site under another name is still told the public URL.
"""

from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext
from wagtail.models import Site

OG_LOCALES = {"zh-hans": "zh_CN", "zh-hant": "zh_TW", "en": "en_US"}
SHARE_IMAGE = "fill-1200x630"
LOGO = "max-512x512"


def site_root_url(request=None) -> str:
    """The site's root URL ("https://example.org"), from the Site record that serves
    the request, else the default site."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


def local_path(path: str) -> str:
    """`path` as a path on this site: never "//host/..." or "/\\host", which a browser
    would read as another host."""
    return "/" + path.lstrip("/\\")


def absolute_url(path: str, request=None) -> str:
    """The public absolute URL of a path on this site (an absolute URL is kept)."""
    if path.startswith(("http://", "https://")):
        return path
    return site_root_url(request) + local_path(path)


def canonical_path(request) -> str:
    """The page's own path, plus the page number of a listing; any other query string
    (tracking, a visitor's answers) is no part of it."""
    path = escape_uri_path(request.path)
    page_number = request.GET.get("page", "")
    if page_number.isdigit() and page_number != "1":
        path += f"?page={page_number}"
    return path


def canonical_url(request) -> str:
    """The page's own public URL (`canonical_path` on the site's root URL)."""
    return absolute_url(canonical_path(request), request)


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, language)


def og_locale_alternates(language: str, languages: list[str]) -> list[str]:
    """The Open Graph locales of the page's other translated languages."""
    return [og_locale(code) for code in languages if code != language]


def image_url(image, spec: str, request=None) -> dict:
    """{"url", "width", "height"} of a rendition, with an absolute URL; {} without an image."""
    if image is None:
        return {}
    rendition = image.get_rendition(spec)
    return {"url": absolute_url(rendition.url, request), "width": rendition.width, "height": rendition.height}


def site_name(site_settings) -> str:
    """The name the header shows: the organisation's, else the generic one."""
    name = site_settings.organisation_name if site_settings is not None else ""
    return name or gettext("Stem cells for stroke")


def site_image(request, image, spec: str) -> dict:
    """`image_url` of a site-wide image, made once per request (the head and the
    JSON-LD both ask)."""
    if image is None:
        return {}
    made = request.__dict__.setdefault("_portal_site_images", {}) if request is not None else {}
    key = (image.pk, spec)
    if key not in made:
        made[key] = image_url(image, spec, request)
    return made[key]


def default_share_image(site_settings, request=None) -> dict:
    if site_settings is None:
        return {}
    return site_image(request, site_settings.share_image, SHARE_IMAGE)


def publisher(site_settings, request=None) -> dict:
    """The schema.org Organization that publishes the site: name, URL and logo."""
    data = {"@type": "Organization", "name": site_name(site_settings), "url": absolute_url("/", request)}
    logo = site_image(request, site_settings.logo, LOGO) if site_settings is not None else {}
    if logo:
        data["logo"] = {"@type": "ImageObject", **logo}
    return data
