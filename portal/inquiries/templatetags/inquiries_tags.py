from django import template
from django.core.cache import cache
from django.utils import translation
from django.utils.http import urlencode

from portal.core.navigation import navigation_version
from portal.inquiries.models import SOURCE_MODELS, ContactPage

register = template.Library()


def _contact_page_url(request) -> str:
    """The live contact page's URL in the current language, "" without one. Cached like
    the menu: any publish, unpublish, move or delete makes a new entry."""
    host = request.get_host() if request else ""
    key = f"inquiries:contact-url:{translation.get_language()}:{host}:{navigation_version()}"
    url = cache.get(key)
    if url is None:
        page = ContactPage.objects.live().first()
        url = (page.get_url(request) if page else None) or ""
        cache.set(key, url, timeout=24 * 60 * 60)
    return url


@register.simple_tag(takes_context=True)
def contact_url(context, about=None, link_page=None) -> str:
    """The contact form's URL, with `about` attached when it is a trial or an article.
    A `link_page` an editor chose wins, and is linked as it is unless it is the form."""
    request = context.get("request")
    if link_page is not None and not isinstance(link_page.specific, ContactPage):
        return link_page.specific.get_url(request) or ""
    url = link_page.specific.get_url(request) if link_page is not None else _contact_page_url(request)
    if not url:
        return ""
    if about is not None and getattr(about, "pk", None) and type(about)._meta.label in SOURCE_MODELS:
        return f"{url}?{urlencode({'about': about.pk})}"
    return url


@register.simple_tag(takes_context=True)
def wechat_qr_url(context) -> str:
    """The PNG of the official account's QR code drawn from SiteSettings.wechat_qr_url,
    served by the contact page; "" without a live contact page."""
    url = _contact_page_url(context.get("request"))
    return url + ContactPage.get_resolver().reverse("qr") if url else ""
