"""The visitor's side: the contact form, the thank-you page and the WeChat QR image.
Routed by ContactPage (models.py). Nothing here is cached by any layer."""

import io

import segno
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.models import Page

from portal.core.models import SiteSettings
from portal.inquiries import throttle
from portal.inquiries.attachments import attachments_for, message_with
from portal.inquiries.forms import ContactForm, new_form_key, source_page
from portal.inquiries.models import Inquiry
from portal.inquiries.services import inquiry_submit

THANKS_SALT = "inquiries.thanks"
THANKS_MAX_AGE = 7 * 24 * 60 * 60
PERSONAL_POST_FIELDS = ("name", "phone", "wechat_id", "email", "condition", "time_since_onset", "message")


@never_cache
@sensitive_post_parameters(*PERSONAL_POST_FIELDS, "finder")
@csrf_protect
def contact_form(request, page):
    if request.method == "POST":
        if throttle.limit_exceeded(request):
            return TemplateResponse(request, "inquiries/rate_limited.html", {"page": page}, status=429)
        form = ContactForm(request.POST)
        attached = attachments_for(request.POST)
        source = source_page(request.POST.get("about"))
        if form.is_valid():
            values = form.submitted_values()
            values["message"] = message_with(values["message"], attached)
            inquiry, _created = inquiry_submit(
                values=values,
                token=form.cleaned_data["form_key"]["token"],
                language=translation.get_language(),
                source_page=source or _attached_source(attached),
            )
            # Signed, so a reference number alone does not open anyone's thank-you page.
            signed = signing.dumps(inquiry.reference, salt=THANKS_SALT)
            return redirect(f"{page.url}{page.reverse_subpage('thanks')}?{urlencode({'r': signed})}")
        if "form_key" in form.errors:
            form = _with_fresh_key(form)
    else:
        attached = attachments_for(request.GET)
        source = source_page(request.GET.get("about"))
        initial = {"form_key": new_form_key(), "about": source.pk if source else None}
        for attachment in attached:
            initial.update(attachment.initial)
        form = ContactForm(initial=initial)
    return page.render(
        request,
        context_overrides={"form": form, "source": source and source.specific, "attachments": attached},
    )


def _attached_source(attached) -> Page | None:
    """The first page an attachment is about (a trial from the finder), when no `about` was sent."""
    for attachment in attached:
        if attachment.source_page_id and (page := source_page(attachment.source_page_id)):
            return page
    return None


def _with_fresh_key(form: ContactForm) -> ContactForm:
    """The same form as typed, with a new key and the reason it needs sending again."""
    data = form.data.copy()
    data["form_key"] = new_form_key()
    fresh = ContactForm(data)
    fresh.full_clean()
    for error in form.errors["form_key"]:
        fresh.add_error(None, error)
    return fresh


@never_cache
def thank_you(request, page):
    try:
        reference = signing.loads(request.GET.get("r", ""), salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
    except signing.BadSignature as exc:
        raise Http404 from exc
    inquiry = Inquiry.objects.select_related("source_page").filter(reference=reference).first()
    if inquiry is None:
        raise Http404
    source = inquiry.source_page.specific if inquiry.source_page else None
    return page.render(
        request,
        template="inquiries/thank_you.html",
        context_overrides={"inquiry": inquiry, "source": source},
    )


def wechat_qr(request, page):
    """The official account's QR code drawn from SiteSettings.wechat_qr_url, as a PNG:
    inside WeChat a long press recognises a QR code only in an image."""
    url = SiteSettings.for_request(request).wechat_qr_url
    if not url:
        raise Http404
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=4)
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response
