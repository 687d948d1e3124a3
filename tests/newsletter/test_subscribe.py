"""Subscribing, confirming, leaving and preferences from the visitor's side (Celery eager,
Django's locmem mail outbox; the same flows against a real worker and SMTP server are in
test_sending.py)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from portal.newsletter import services, tokens
from portal.newsletter.forms import CONSENT_TEXT, PreferencesForm
from portal.newsletter.models import Subscriber

from .conftest import subscribe_data
from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = "/{lang}/newsletter/subscribe/"


@pytest.fixture
def visitor(django_capture_on_commit_callbacks):
    """A browser without cookies whose POSTs Django checks for CSRF as a real one's;
    what a request publishes after its commit runs (Celery is eager here)."""

    class Visitor(Client):
        def post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return super().post(*args, **kwargs)

    return Visitor(enforce_csrf_checks=True)


def confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/newsletter/confirm/\S+/)", message.body).group(1)


@pytest.mark.parametrize("lang", ["zh-hans", "zh-hant", "en"])
def test_the_newsletter_page_holds_a_form_without_csrf_token_or_visitor_state(client, newsletter_page, lang):
    html = client.get(f"/{lang}/newsletter/").content.decode()
    assert f'action="/{lang}/newsletter/subscribe/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert f'<option value="{lang}" selected>' in html
    assert client.cookies.get("csrftoken") is None


def test_a_new_address_is_pending_and_gets_one_confirmation_in_its_language(visitor, newsletter_page):
    response = visitor.post(SUBSCRIBE_URL.format(lang="zh-hans"), subscribe_data())
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/newsletter/subscribe/done/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.language == "zh-hant"
    # The wording as the form showed it (the page's language; English until catalogues are merged).
    assert subscriber.consent_text == str(CONSENT_TEXT) and subscriber.consent_at is not None
    (message,) = mail.outbox
    assert message.to == ["reader@example.com"]
    assert message.extra_headers["Content-Language"] == "zh-hant"  # the language asked for
    assert "/zh-hant/newsletter/confirm/" in message.body


def test_get_on_the_confirmation_link_changes_nothing_and_post_confirms(visitor, newsletter_page):
    visitor.post(SUBSCRIBE_URL.format(lang="en"), subscribe_data(language="en"))
    link = confirm_link(mail.outbox[0])

    page = visitor.get(link)  # what a mail scanner or link preview does
    assert page.status_code == 200
    assert "Confirm my subscription" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    done = visitor.post(link)
    assert done.status_code == 200
    assert "You are subscribed" in done.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at is not None


def test_subscribing_again_looks_the_same_and_sends_at_most_one_confirmation_an_hour(
    visitor, newsletter_page, settings
):
    settings.NEWSLETTER_SUBSCRIBE_RATE_LIMIT = 100
    confirmed = SubscriberFactory(email="known@example.com")
    first = visitor.post(SUBSCRIBE_URL.format(lang="zh-hans"), subscribe_data(email="known@example.com"))
    new = visitor.post(SUBSCRIBE_URL.format(lang="zh-hans"), subscribe_data(email="new@example.com"))
    assert first.status_code == new.status_code == 302
    assert first["Location"] == new["Location"]
    assert [m.to for m in mail.outbox] == [["new@example.com"]]  # nothing to the confirmed address
    confirmed.refresh_from_db()
    assert confirmed.status == Subscriber.Status.CONFIRMED

    for _attempt in range(3):
        visitor.post(SUBSCRIBE_URL.format(lang="zh-hans"), subscribe_data(email="new@example.com"))
    assert len(mail.outbox) == 1

    Subscriber.objects.filter(email="new@example.com").update(
        confirmation_sent_at=timezone.now() - timezone.timedelta(minutes=61)
    )
    visitor.post(SUBSCRIBE_URL.format(lang="zh-hans"), subscribe_data(email="new@example.com"))
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("purpose", ["confirm", "unsubscribe", "preferences"])
def test_forged_or_altered_tokens_change_nothing(visitor, newsletter_page, purpose):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING if purpose == "confirm" else "confirmed")
    other = SubscriberFactory(status=subscriber.status)
    genuine = (
        tokens.confirm_token(subscriber.pk) if purpose == "confirm" else tokens.manage_token(subscriber.pk)
    )
    prefix, _sep, signature = genuine.rpartition(":")
    forged = [
        f"{other.pk}:{signature}",  # another subscriber's id under this signature
        f"{prefix}:{signature[:-2]}xx",  # altered signature
        "1:abc",
        tokens.manage_token(subscriber.pk) if purpose == "confirm" else tokens.confirm_token(subscriber.pk),
    ]
    for token in forged:
        response = visitor.post(f"/en/newsletter/{purpose}/{token}/", {"language": "en"})
        assert response.status_code == 400, token
        assert "This link does not work" in response.content.decode()
    for row in (subscriber, other):
        before = row.status, row.language
        row.refresh_from_db()
        assert (row.status, row.language) == before


def test_one_click_unsubscribe_is_a_post_without_cookies_or_csrf_token(visitor):
    subscriber = SubscriberFactory()
    url = f"/en/newsletter/unsubscribe/{tokens.manage_token(subscriber.pk)}/"

    assert visitor.get(url).status_code == 200  # a page with a button
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    response = visitor.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "You have left the newsletter" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED and subscriber.unsubscribed_at is not None


def test_the_preferences_page_changes_the_language_only_on_post(visitor):
    subscriber = SubscriberFactory(language="zh-hans")
    url = f"/en/newsletter/preferences/{tokens.manage_token(subscriber.pk)}/"
    page = visitor.get(url)
    assert page.status_code == 200
    assert f"/en/newsletter/unsubscribe/{tokens.manage_token(subscriber.pk)}/" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.language == "zh-hans"

    assert visitor.post(url, {"language": "en"}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.language == "en"


def test_bad_input_is_explained_in_the_visitors_language_and_stores_nothing(visitor, newsletter_page):
    response = visitor.post(
        SUBSCRIBE_URL.format(lang="en"), subscribe_data(email="not-an-address", consent=None)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please enter an email address such as name@example.com." in html
    assert "Please agree to receive the newsletter." in html
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_the_honeypot_gets_the_same_answer_and_stores_nothing(visitor, newsletter_page):
    response = visitor.post(SUBSCRIBE_URL.format(lang="en"), subscribe_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_past_the_rate_limit_a_connection_gets_429(visitor, newsletter_page):
    for n in range(5):
        assert (
            visitor.post(
                SUBSCRIBE_URL.format(lang="en"), subscribe_data(email=f"r{n}@example.com")
            ).status_code
            == 302
        )
    response = visitor.post(SUBSCRIBE_URL.format(lang="en"), subscribe_data(email="r9@example.com"))
    assert response.status_code == 429
    assert Subscriber.objects.count() == 5


def test_pending_subscriptions_are_deleted_after_the_configured_time(settings):
    settings.NEWSLETTER_PENDING_DAYS = 7
    old = SubscriberFactory(status="pending", subscribed_at=timezone.now() - timezone.timedelta(days=8))
    recent = SubscriberFactory(status="pending", subscribed_at=timezone.now() - timezone.timedelta(days=6))
    confirmed = SubscriberFactory(subscribed_at=timezone.now() - timezone.timedelta(days=30))
    assert services.subscribers_delete_stale_pending() == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    assert not Subscriber.objects.filter(pk=old.pk).exists()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_home_page_and_footer_carry_the_subscribe_form(client, home, newsletter_page, lang):
    home.newsletter_cta_title_zh_hans = "订阅我们的通讯"
    home.newsletter_cta_page = newsletter_page
    home.save_revision().publish()
    html = client.get(f"/{lang}/").content.decode()
    assert html.count(f'action="/{lang}/newsletter/subscribe/"') == 2  # the home block and the footer
    assert "csrfmiddlewaretoken" not in html


def test_a_language_not_offered_is_explained_and_changes_nothing(visitor, newsletter_page):
    subscriber = SubscriberFactory(language="zh-hans")
    url = f"/en/newsletter/preferences/{tokens.manage_token(subscriber.pk)}/"
    with translation.override("en"):
        expected = str(PreferencesForm.base_fields["language"].error_messages["invalid_choice"]) % {
            "value": "xx"
        }
    response = visitor.post(url, {"language": "xx"})
    assert response.status_code == 200 and expected in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.language == "zh-hans"

    response = visitor.post(
        SUBSCRIBE_URL.format(lang="en"), subscribe_data(email="x@example.com", language="xx")
    )
    assert response.status_code == 200 and expected in response.content.decode()
    assert not Subscriber.objects.filter(email="x@example.com").exists() and mail.outbox == []


def test_what_one_visitor_typed_never_reaches_the_footer_others_are_served(
    client, visitor, home, newsletter_page
):
    """The footer is a fragment cached for everyone: the subscribe form in it must not take
    up the form of the page it was first rendered on (a refused subscription, a contact form)."""
    refused = visitor.post(
        SUBSCRIBE_URL.format(lang="en"), subscribe_data(email="typed-by-one@example", consent=None)
    )
    assert refused.status_code == 200
    assert refused.content.decode().count("typed-by-one@example") == 1  # in the page's form only
    html = client.get("/en/").content.decode()
    assert "typed-by-one@example" not in html and "form-field__error" not in html


def test_a_get_on_the_subscribe_endpoint_stores_and_sends_nothing(visitor, newsletter_page):
    response = visitor.get(
        SUBSCRIBE_URL.format(lang="en") + "?email=reader%40example.com&language=en&consent=on"
    )
    assert response.status_code == 302 and response["Location"] == "/en/newsletter/"
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_the_confirmation_email_gives_the_link_no_longer_life_than_the_pending_purge(
    visitor, newsletter_page, settings
):
    settings.NEWSLETTER_PENDING_DAYS = 3
    visitor.post(SUBSCRIBE_URL.format(lang="en"), subscribe_data(language="en"))
    (message,) = mail.outbox
    assert "The link works for 3 days." in message.body
