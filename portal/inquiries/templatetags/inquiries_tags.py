from django import template
from django.utils.http import urlencode

from portal.inquiries.models import SOURCE_MODELS, ContactPage

register = template.Library()


@register.simple_tag(takes_context=True)
def contact_url(context, about=None, link_page=None) -> str:
    """The contact form's URL in the current language, with `about` attached when it
    is a trial or an article; "" when the site has no live contact page. A
    `link_page` an editor chose wins, and is linked as it is unless it is the form."""
    request = context.get("request")
    if link_page is not None:
        page = link_page.specific
        if not isinstance(page, ContactPage):
            return page.get_url(request) or ""
    else:
        page = ContactPage.objects.live().first()
    url = page.get_url(request) if page else None
    if not url:
        return ""
    if about is not None and getattr(about, "pk", None) and type(about)._meta.label in SOURCE_MODELS:
        return f"{url}?{urlencode({'about': about.pk})}"
    return url
