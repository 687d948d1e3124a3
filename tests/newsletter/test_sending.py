"""Subscribing and sending against a real Celery worker on real Redis and a real SMTP
server (aiosmtpd). Skipped without PostgreSQL and Redis unless REQUIRE_SERVICES=1."""

import re
import time
from collections import Counter
from email.message import EmailMessage

import pytest
from django.test import Client
from django.utils import timezone

from portal.core.models import SiteSettings
from portal.newsletter import sending, services
from portal.newsletter.models import Delivery, NewsletterIssue, Subscriber
from tests import smtp
from tests.worker import wait_for

from .conftest import subscribe_data
from .factories import NewsletterIssueFactory, SubscriberFactory


class SelectiveMailbox(smtp.Mailbox):
    """Refuses the recipients in `refuse` with the given SMTP reply, accepts the rest."""

    def __init__(self, refuse: dict[str, str]):
        super().__init__()
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # aiosmtpd's hook name
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def refusing_mailbox(settings):
    box = SelectiveMailbox(
        {
            "gone@example.com": "550 5.1.1 <gone@example.com>: user unknown",
            "busy@example.com": "451 4.2.0 try again later",
        }
    )
    with smtp.sending_to(box, settings):
        yield box


def parts(message: EmailMessage) -> tuple[str, str]:
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()
    return html, text


def local(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_confirmation_by_the_worker_get_changes_nothing_post_confirms(newsletter_page, real_worker, mailbox):
    visitor = Client(enforce_csrf_checks=True)
    assert visitor.post("/en/newsletter/subscribe/", subscribe_data(language="en")).status_code == 302
    (message,) = mailbox.wait_for(1)
    assert message["To"] == "reader@example.com"
    assert message["Content-Language"] == "en"
    html, text = parts(message)
    link = local(re.search(r"(https?://\S+/en/newsletter/confirm/\S+/)", text).group(1))
    assert local(link) in html

    assert visitor.get(link).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert visitor.post(link).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    # Subscribing again within the hour: the same answer, no second email.
    assert visitor.post("/en/newsletter/subscribe/", subscribe_data(language="en")).status_code == 302
    Subscriber.objects.filter(pk=Subscriber.objects.get().pk).update(status=Subscriber.Status.PENDING)
    assert visitor.post("/en/newsletter/subscribe/", subscribe_data(language="en")).status_code == 302
    mailbox.wait_for(2, timeout=3)
    assert len(mailbox.messages) == 1


def test_an_issue_reaches_only_confirmed_subscribers_each_in_their_language(
    home, real_worker, mailbox, settings
):
    readers = {
        "zh-hans": SubscriberFactory(email="jian@example.com", language="zh-hans"),
        "zh-hant": SubscriberFactory(email="fan@example.com", language="zh-hant"),
        "en": SubscriberFactory(email="en@example.com", language="en"),
    }
    SubscriberFactory(email="pending@example.com", status=Subscriber.Status.PENDING)
    SubscriberFactory(email="left@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    SubscriberFactory(email="bounced@example.com", status=Subscriber.Status.BOUNCED)
    issue = NewsletterIssueFactory()  # no Traditional text: converted from Simplified

    assert services.issue_send(issue=issue, user=None) == 3
    messages = mailbox.wait_for(3)
    wait_for(lambda: NewsletterIssue.objects.get(pk=issue.pk).status == NewsletterIssue.Status.SENT)

    assert sorted(m["To"] for m in messages) == sorted(s.email for s in readers.values())
    by_recipient = {m["To"]: m for m in messages}
    expected_subject = {
        "jian@example.com": "十一月通讯：干细胞治疗中风的新进展",
        "fan@example.com": "十一月通訊：幹細胞治療中風的新進展",
        "en@example.com": "November: news on stem cells for stroke",
    }
    expected_intro = {
        "jian@example.com": "本月我们整理了两项新的临床试验。",
        "fan@example.com": "本月我們整理了兩項新的臨床試驗。",
        "en@example.com": "This month we added two new clinical trials.",
    }
    for language, subscriber in readers.items():
        message = by_recipient[subscriber.email]
        delivery = Delivery.objects.get(issue=issue, subscriber=subscriber)
        assert message["Subject"].strip() == expected_subject[subscriber.email]  # folded after "Subject:"
        assert message["Content-Language"] == language
        assert message["Message-ID"] == f"<newsletter-{issue.pk}-{delivery.pk}@example.org>"
        assert message["From"] == "news@example.org"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        https, mailto = [link.strip(" <>") for link in message["List-Unsubscribe"].split(",")]
        assert https.startswith("http") and f"/{language}/newsletter/unsubscribe/" in https
        assert mailto.startswith("mailto:unsubscribe@example.org?subject=unsubscribe")
        html, text = parts(message)
        assert expected_intro[subscriber.email] in html and expected_intro[subscriber.email] in text
        assert "<style" not in html and 'style="' in html  # CSS inlined
        assert "<img" not in html  # no tracking pixel
        assert local(https) in html and https in text
        assert f"/{language}/newsletter/preferences/" in text

    # One click from the mail client: a POST without cookies to the header's URL.
    english = by_recipient["en@example.com"]
    https = english["List-Unsubscribe"].split(",")[0].strip(" <>")
    response = Client(enforce_csrf_checks=True).post(
        local(https), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get(email="en@example.com").status == Subscriber.Status.UNSUBSCRIBED
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == 3


def test_a_hard_bounce_marks_the_subscriber_and_a_busy_server_is_tried_again(home, refusing_mailbox):
    ok = SubscriberFactory(email="ok@example.com")
    gone = SubscriberFactory(email="gone@example.com")
    busy = SubscriberFactory(email="busy@example.com")
    issue = NewsletterIssueFactory()
    with_publish_off = services.issue_publish_batches
    services.issue_publish_batches = lambda **kwargs: 0  # sent by hand below, batch by batch
    try:
        services.issue_send(issue=issue, user=None)
    finally:
        services.issue_publish_batches = with_publish_off

    result = sending.batch_send(issue_id=issue.pk)

    assert (result.sent, result.failed, result.retry_later) == (1, 1, 1)
    assert [m["To"] for m in refusing_mailbox.messages] == ["ok@example.com"]
    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.BOUNCED and gone.bounced_at is not None
    failed = Delivery.objects.get(subscriber=gone)
    assert failed.status == Delivery.Status.FAILED and failed.error.startswith("550")
    retried = Delivery.objects.get(subscriber=busy)
    assert (
        retried.status == Delivery.Status.QUEUED and retried.attempts == 1 and retried.not_before is not None
    )
    assert retried.error.startswith("451")
    assert Delivery.objects.get(subscriber=ok).status == Delivery.Status.SENT
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENDING  # one still to go

    # Not due yet: a second batch sends nothing.
    assert sending.batch_send(issue_id=issue.pk).claimed == 0
    busy.refresh_from_db()
    assert busy.status == Subscriber.Status.CONFIRMED


class TimedMailbox(smtp.Mailbox):
    """Notes the second in which each message arrived."""

    def __init__(self):
        super().__init__()
        self.seconds: list[int] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        self.seconds.append(int(time.time()))
        return await super().handle_DATA(server, session, envelope)


def test_sending_keeps_to_the_configured_rate(home, settings):
    box = TimedMailbox()
    settings.NEWSLETTER_RATE = 4
    with smtp.sending_to(box, settings):
        for _n in range(10):
            SubscriberFactory()
        issue = NewsletterIssueFactory()
        NewsletterIssue.objects.filter(pk=issue.pk).update(status=NewsletterIssue.Status.SENDING)
        Delivery.objects.bulk_create(
            Delivery(issue=issue, subscriber=subscriber, language="zh-hans")
            for subscriber in Subscriber.objects.all()
        )
        started = time.monotonic()
        assert sending.batch_send(issue_id=issue.pk).sent == 10
        elapsed = time.monotonic() - started
    per_second = Counter(box.seconds)
    assert len(box.messages) == 10
    # Counted per second of the sender's clock: an email sent at the end of one second can
    # reach the server in the next, so the server may see one more in a second.
    assert max(per_second.values()) <= 4 + 1
    assert elapsed > 1  # 10 at 4 a second: the last ones wait for the third second of the clock


class PeerMailbox(smtp.Mailbox):
    """Notes the client end (address, port) of the connection each message came over,
    and refuses `busy@example.com` with a 451 the first `busy_times` times."""

    def __init__(self, busy_times: int = 0):
        super().__init__()
        self.peers: list[tuple] = []
        self.busy_times = busy_times

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # aiosmtpd's hook name
        if address == "busy@example.com" and self.busy_times > 0:
            self.busy_times -= 1
            return "451 4.2.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        self.peers.append(session.peer)
        return await super().handle_DATA(server, session, envelope)


def queued_without_publishing(monkeypatch, issue) -> None:
    """The deliveries of `issue`, its batches left for the test to send one by one."""
    monkeypatch.setattr(services, "issue_publish_batches", lambda **kwargs: 0)
    services.issue_send(issue=issue, user=None)


def test_a_batch_goes_over_one_smtp_connection(home, settings, monkeypatch):
    settings.NEWSLETTER_BATCH_SIZE = 3
    box = PeerMailbox()
    with smtp.sending_to(box, settings):
        for _n in range(7):
            SubscriberFactory()
        issue = NewsletterIssueFactory()
        queued_without_publishing(monkeypatch, issue)
        sent = [sending.batch_send(issue_id=issue.pk).sent for _batch in range(4)]
    assert sent == [3, 3, 1, 0]
    assert [count for _peer, count in Counter(box.peers).items()] == [3, 3, 1]  # one connection each
    assert NewsletterIssue.objects.get(pk=issue.pk).status == NewsletterIssue.Status.SENT


def test_a_transient_refusal_is_tried_again_later_with_a_growing_back_off(home, settings, monkeypatch):
    box = PeerMailbox(busy_times=2)
    with smtp.sending_to(box, settings):
        busy = SubscriberFactory(email="busy@example.com")
        issue = NewsletterIssueFactory()
        queued_without_publishing(monkeypatch, issue)
        waits = []
        for _attempt in range(2):
            before = timezone.now()
            assert sending.batch_send(issue_id=issue.pk).retry_later == 1
            delivery = Delivery.objects.get(subscriber=busy)
            assert delivery.status == Delivery.Status.QUEUED and delivery.error.startswith("451")
            waits.append(round((delivery.not_before - before).total_seconds() / 60))
            assert sending.batch_send(issue_id=issue.pk).claimed == 0  # not due yet
            Delivery.objects.filter(pk=delivery.pk).update(not_before=timezone.now())  # time passes
        assert waits == [1, 2]
        assert sending.batch_send(issue_id=issue.pk).sent == 1
    delivery = Delivery.objects.get(subscriber=busy)
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 3
    assert [m["To"] for m in box.messages] == ["busy@example.com"]
    assert NewsletterIssue.objects.get(pk=issue.pk).status == NewsletterIssue.Status.SENT


def test_emails_name_the_site_as_its_pages_do_in_the_recipients_language(
    home, mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    SiteSettings.objects.filter(site__root_page=home).update(
        organisation_name_zh_hans="干细胞中风资讯", organisation_name_en="Stroke Cell News"
    )
    SubscriberFactory(email="jian@example.com", language="zh-hans")
    SubscriberFactory(email="fan@example.com", language="zh-hant")
    SubscriberFactory(email="en@example.com", language="en")
    issue = NewsletterIssueFactory()
    queued_without_publishing(monkeypatch, issue)
    sending.batch_send(issue_id=issue.pk)
    with django_capture_on_commit_callbacks(execute=True):  # Celery is eager here
        services.subscriber_subscribe(email="new@example.com", language="en", consent_text="I agree.")
    by_recipient = {m["To"]: parts(m) for m in mailbox.wait_for(4)}
    expected = {
        "jian@example.com": "干细胞中风资讯",
        "fan@example.com": "幹細胞中風資訊",  # the Simplified name in Traditional script
        "en@example.com": "Stroke Cell News",
        "new@example.com": "Stroke Cell News",  # the confirmation email too
    }
    for recipient, name in expected.items():
        html, text = by_recipient[recipient]
        assert name in html and name in text, recipient


def test_through_the_worker_a_hard_bounce_marks_the_subscriber_and_the_issue_completes(
    home, real_worker, refusing_mailbox
):
    SubscriberFactory(email="ok@example.com")
    gone = SubscriberFactory(email="gone@example.com")
    issue = NewsletterIssueFactory()

    assert services.issue_send(issue=issue, user=None) == 2
    wait_for(lambda: NewsletterIssue.objects.get(pk=issue.pk).status == NewsletterIssue.Status.SENT)

    assert [m["To"] for m in refusing_mailbox.messages] == ["ok@example.com"]
    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.BOUNCED and gone.bounced_at is not None
    failed = Delivery.objects.get(issue=issue, subscriber=gone)
    assert failed.status == Delivery.Status.FAILED and failed.error.startswith("550")
    assert NewsletterIssue.objects.get(pk=issue.pk).progress() == {
        "total": 2,
        "sent": 1,
        "failed": 1,
        "skipped": 0,
        "repeats": 0,
        "remaining": 0,
        "percent": 100,
    }
