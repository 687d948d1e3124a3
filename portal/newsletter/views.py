"""The subscriber's side: subscribe, confirm, unsubscribe, preferences.

No view here changes anything on GET: mail scanners and link previews (QQ Mail,
Outlook, WeChat's browser) open every link in an email. Confirmation, leaving and
preferences are POSTs from a page with a button, and the one-click unsubscribe of
RFC 8058 is a POST that comes without cookies. These POSTs are exempt from CSRF
checks: the signed token in the URL is what authorises them, and a cross-site page
cannot know it. The subscribe form is exempt too (it sits on cached pages for
everyone); the double opt-in, a honeypot and a per-IP rate limit protect it.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal.core import throttle
from portal.newsletter import services, tokens
from portal.newsletter.forms import CONSENT_TEXT, PreferencesForm, SubscribeForm
from portal.newsletter.models import NewsletterPage, Subscriber


def _newsletter_page():
    return NewsletterPage.objects.live().first()


def _render(request, template: str, context: dict | None = None, status: int = 200):
    return TemplateResponse(
        request, template, {"newsletter_page": _newsletter_page(), **(context or {})}, status=status
    )


def _invalid_link(request):
    return _render(request, "newsletter/invalid_link.html", status=400)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        page = _newsletter_page()
        if page is None:
            raise Http404
        return redirect(page.url)
    if throttle.limit_exceeded(
        request,
        scope="newsletter",
        limit=settings.NEWSLETTER_SUBSCRIBE_RATE_LIMIT,
        window=settings.NEWSLETTER_SUBSCRIBE_RATE_WINDOW,
    ):
        return _render(request, "newsletter/rate_limited.html", status=429)
    form = SubscribeForm(request.POST)
    if form.is_bot():
        return redirect("newsletter:subscribed")  # told nothing
    if not form.is_valid():
        return _render(request, "newsletter/subscribe.html", {"form": form})
    services.subscriber_subscribe(
        email=form.cleaned_data["email"],
        language=form.cleaned_data["language"],
        consent_text=str(CONSENT_TEXT),  # as the form showed it, in the page's language
    )
    # The same answer for a new, pending, confirmed or departed address.
    return redirect("newsletter:subscribed")


@never_cache
def subscribed(request):
    return _render(request, "newsletter/subscribed.html")


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    subscriber_id = tokens.read_confirm_token(token)
    if subscriber_id is None:
        return _invalid_link(request)
    if request.method == "GET":
        return _render(request, "newsletter/confirm.html", {"action": request.path})
    subscriber = services.subscriber_confirm(subscriber_id=subscriber_id)
    if subscriber is None:
        return _invalid_link(request)
    manage = tokens.manage_token(subscriber.pk)
    return _render(
        request,
        "newsletter/confirmed.html",
        {"subscriber": subscriber, "preferences_url": reverse("newsletter:preferences", args=[manage])},
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET: a page with a button. POST: leave at once, with or without cookies (RFC 8058)."""
    subscriber_id = tokens.read_manage_token(token)
    if subscriber_id is None:
        return _invalid_link(request)
    if request.method == "GET":
        if not Subscriber.objects.filter(pk=subscriber_id).exists():
            return _invalid_link(request)
        return _render(request, "newsletter/unsubscribe.html", {"action": request.path})
    if services.subscriber_unsubscribe(subscriber_id=subscriber_id) is None:
        return _invalid_link(request)
    return _render(request, "newsletter/unsubscribed.html")


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def preferences(request, token: str):
    subscriber_id = tokens.read_manage_token(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None
    if subscriber is None:
        return _invalid_link(request)
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.subscriber_set_language(subscriber=subscriber, language=form.cleaned_data["language"])
            saved = True
    else:
        form = PreferencesForm(initial={"language": subscriber.language})
    return _render(
        request,
        "newsletter/preferences.html",
        {
            "form": form,
            "saved": saved,
            "subscriber": subscriber,
            "unsubscribe_url": reverse("newsletter:unsubscribe", args=[token]),
        },
    )
