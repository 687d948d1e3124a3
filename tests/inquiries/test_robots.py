"""WeChat Work and DingTalk group robots, against real HTTP servers on 127.0.0.1
(tests/inquiries/robots.py), with real Celery workers where the guarantees are about
the worker: retry with back-off, one delivery per request across a killed worker."""

import base64
import hashlib
import hmac
import os
import signal
import time
import uuid
from urllib.parse import parse_qs, quote_plus, unquote_plus, urlsplit

import pytest

from portal.inquiries import services, webhooks
from portal.inquiries.models import Inquiry, Notification
from portal.inquiries.tasks import notification_send, outbox_drain
from portal.inquiries.webhooks import WebhookError
from tests.worker import fresh_connection_pools, in_process_worker, wait_for

from .conftest import CONTACT_URL, valid_data
from .factories import InquiryFactory
from .robots import Robot, robot_server

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1

SECRET = "SEC0123456789abcdef"
PERSONAL = ("王小明", "13800138000", "wang_", "中风", "干细胞试验", "ischemic", "缺血")


def submit(**values):
    return services.inquiry_submit(
        values={"name": "王小明", "phone": "+8613800138000", "preferred_channel": "wechat", **values},
        token=uuid.uuid4(),
        language="en",
    )


def dingtalk_sign(timestamp: str, secret: str) -> str:
    """DingTalk's documented Python example, written out independently of the code."""
    string_to_sign = f"{timestamp}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), string_to_sign, digestmod=hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


@pytest.mark.django_db
def test_each_configured_robot_gets_reference_language_source_and_link_and_nothing_personal(
    settings, django_capture_on_commit_callbacks
):
    with robot_server() as wecom, robot_server("/robot/send") as dingtalk:
        settings.WECOM_WEBHOOK_URL = wecom.url
        settings.DINGTALK_WEBHOOK_URL = dingtalk.url + "?access_token=abc"
        settings.DINGTALK_SECRET = ""
        with django_capture_on_commit_callbacks(execute=True):
            inquiry, _ = submit(wechat_id="wang_xiaoming", message="我父亲中风，想了解干细胞试验。")

    assert sorted(inquiry.notifications.values_list("channel", flat=True)) == ["dingtalk", "email", "wecom"]
    assert all(n.sent_at for n in inquiry.notifications.all())
    (wecom_request,) = wecom.requests
    (dingtalk_request,) = dingtalk.requests
    assert dingtalk_request["query"] == {"access_token": ["abc"]}  # unsigned without a secret
    for request in (wecom_request, dingtalk_request):
        assert request["body"]["msgtype"] == "text"
        text = request["body"]["text"]["content"]
        lines = text.splitlines()
        assert lines[0] == f"新的咨询请求 {inquiry.reference}"
        assert lines[1].endswith("English")  # 语言：English
        assert lines[2].endswith("联系页面")  # 来源：联系页面
        assert lines[3:] == [
            "请在管理后台查看（需以咨询工作人员身份登录）：",
            f"http://testserver/admin/inquiries/inspect/{inquiry.pk}/",
        ]
        for personal in PERSONAL:
            assert personal not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "language", "named"),
    [
        (Inquiry.Source.TRIAL, "zh-hant", ("繁體中文", "试验页面")),
        (Inquiry.Source.ARTICLE, "en", ("English", "文章")),
    ],
)
def test_the_source_page_kind_is_named(settings, source, language, named):
    inquiry = InquiryFactory(source=source, language=language)
    notification = Notification.objects.create(inquiry=inquiry, channel=Notification.Channel.WECOM)
    with robot_server() as wecom:
        settings.WECOM_WEBHOOK_URL = wecom.url
        assert services.notification_send(notification_id=notification.pk) is True

    (text,) = wecom.messages()
    assert text.splitlines()[1].endswith(named[0]) and text.splitlines()[2].endswith(named[1])
    for personal in PERSONAL:
        assert personal not in text


@pytest.mark.django_db
def test_dingtalk_requests_carry_a_valid_signature(settings):
    inquiry = InquiryFactory()
    notification = Notification.objects.create(inquiry=inquiry, channel=Notification.Channel.DINGTALK)
    with robot_server("/robot/send", secret=SECRET) as dingtalk:
        settings.DINGTALK_WEBHOOK_URL = dingtalk.url + "?access_token=abc"
        settings.DINGTALK_SECRET = SECRET
        before = int(time.time() * 1000)
        assert services.notification_send(notification_id=notification.pk) is True
        after = int(time.time() * 1000)

    (request,) = dingtalk.requests
    assert request["signed"] is True  # the server checked it as DingTalk does
    query = request["query"]
    assert query["access_token"] == ["abc"]
    (timestamp,) = query["timestamp"]
    assert before <= int(timestamp) <= after  # DingTalk refuses a timestamp over an hour off
    # parse_qs decoded the query once: compare with the encoded form DingTalk documents.
    assert quote_plus(query["sign"][0]) == dingtalk_sign(timestamp, SECRET)


def test_a_signature_with_plus_and_slash_survives_the_url():
    """Half the signatures hold a "+", which an unencoded query turns into a space."""
    timestamp = int(time.time() * 1000)
    while not {"+", "/"} <= set(unquote_plus(dingtalk_sign(str(timestamp), SECRET))):
        timestamp += 1
    url = webhooks.dingtalk_signed_url(
        "http://127.0.0.1/robot/send?access_token=abc", SECRET, timestamp_ms=timestamp
    )

    assert Robot(secret=SECRET).signature_valid(parse_qs(urlsplit(url).query))
    assert not Robot(secret=SECRET + "x").signature_valid(parse_qs(urlsplit(url).query))


@pytest.mark.django_db
def test_a_signature_dingtalk_refuses_leaves_the_notification_unsent(settings):
    notification = Notification.objects.create(
        inquiry=InquiryFactory(), channel=Notification.Channel.DINGTALK
    )
    with robot_server("/robot/send", secret=SECRET) as dingtalk:
        settings.DINGTALK_WEBHOOK_URL = dingtalk.url + "?access_token=abc"
        settings.DINGTALK_SECRET = "SECsomeone-elses-secret"
        with pytest.raises(WebhookError, match="errcode 310000"):
            services.notification_send(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.sent_at is None
    assert [request["signed"] for request in dingtalk.requests] == [False]


@pytest.mark.django_db
def test_an_error_code_in_a_200_answer_is_a_failure_and_leaves_the_notification_unsent(settings):
    inquiry = InquiryFactory()
    notification = Notification.objects.create(inquiry=inquiry, channel=Notification.Channel.WECOM)
    with robot_server(answers=[93000]) as wecom:
        settings.WECOM_WEBHOOK_URL = wecom.url
        with pytest.raises(WebhookError, match="errcode 93000"):
            services.notification_send(notification_id=notification.pk)
        notification.refresh_from_db()
        assert notification.sent_at is None
        assert services.notification_send(notification_id=notification.pk) is True

    assert len(wecom.requests) == 2


@pytest.mark.django_db
def test_an_unreachable_robot_is_a_failure_the_task_retries(settings):
    settings.WECOM_WEBHOOK_URL = "http://127.0.0.1:1/cgi-bin/webhook/send?key=k"  # nothing listens
    notification = Notification.objects.create(inquiry=InquiryFactory(), channel=Notification.Channel.WECOM)

    with pytest.raises(WebhookError, match="WeChat Work"):
        services.notification_send(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.sent_at is None
    assert WebhookError in notification_send.autoretry_for and notification_send.retry_backoff


@pytest.mark.django_db
def test_an_unconfigured_robot_keeps_its_notification_in_the_outbox(settings):
    settings.WECOM_WEBHOOK_URL = ""
    notification = Notification.objects.create(inquiry=InquiryFactory(), channel=Notification.Channel.WECOM)

    assert services.notification_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.sent_at is None


def test_a_worker_retries_error_codes_with_back_off_until_the_robot_takes_the_message(settings, real_worker):
    settings.INQUIRIES_NOTIFY_EMAILS = []
    with robot_server(answers=[45009, 310000]) as wecom:
        settings.WECOM_WEBHOOK_URL = wecom.url
        inquiry, _ = submit()
        notification = inquiry.notifications.get(channel=Notification.Channel.WECOM)
        wait_for(
            lambda: Notification.objects.filter(pk=notification.pk, sent_at__isnull=False).exists(),
            timeout=30,
            what="the robot message after two refusals",
        )

    assert len(wecom.requests) == 3
    assert len(set(wecom.messages())) == 1


def test_with_the_broker_down_the_robots_are_told_once_it_is_back(client, contact_page, settings, broker):
    settings.INQUIRIES_NOTIFY_EMAILS = []
    with robot_server() as wecom, robot_server("/robot/send", secret=SECRET) as dingtalk:
        settings.WECOM_WEBHOOK_URL = wecom.url
        settings.DINGTALK_WEBHOOK_URL = dingtalk.url + "?access_token=abc"
        settings.DINGTALK_SECRET = SECRET
        settings.CELERY_BROKER_URL = DEAD_BROKER
        fresh_connection_pools()
        response = client.post(CONTACT_URL.format(lang="zh-hans"), valid_data())
        settings.CELERY_BROKER_URL = broker
        fresh_connection_pools()

        assert response.status_code == 302
        inquiry = Inquiry.objects.get()
        robots = inquiry.notifications.filter(channel__in=["wecom", "dingtalk"])
        assert robots.count() == 2 and not robots.exclude(enqueued_at=None, sent_at=None).exists()
        assert wecom.requests == [] and dingtalk.requests == []

        with in_process_worker(shutdown_timeout=10):
            outbox_drain.delay()  # what beat sends every minute
            wait_for(lambda: not robots.filter(sent_at=None).exists(), timeout=30, what="both robots told")
            outbox_drain.delay()  # a second tick finds nothing to send
            time.sleep(2)

    assert len(wecom.requests) == 1 and inquiry.reference in wecom.messages()[0]
    assert [request["signed"] for request in dingtalk.requests] == [True]


def test_a_worker_killed_mid_send_repeats_the_robot_message_at_most_once(
    client, contact_page, settings, worker_process
):
    settings.INQUIRIES_NOTIFY_EMAILS = []
    with robot_server(hold_first=True) as wecom, robot_server("/robot/send", secret=SECRET) as dingtalk:
        settings.WECOM_WEBHOOK_URL = wecom.url
        settings.DINGTALK_WEBHOOK_URL = dingtalk.url + "?access_token=abc"
        settings.DINGTALK_SECRET = SECRET
        worker = worker_process(
            WECOM_WEBHOOK_URL=wecom.url,
            DINGTALK_WEBHOOK_URL=settings.DINGTALK_WEBHOOK_URL,
            DINGTALK_SECRET=SECRET,
        )
        response = client.post(CONTACT_URL.format(lang="zh-hans"), valid_data())
        assert response.status_code == 302
        inquiry = Inquiry.objects.get()

        assert wecom.received.wait(30), "the worker never posted to the robot"
        (child,) = worker.pool_children()
        os.kill(child, signal.SIGKILL)  # mid-send: the robot has the message, the task is not done
        wecom.release()

        wait_for(lambda: len(wecom.requests) >= 2, timeout=60, what="the repeat after the kill")
        wait_for(
            lambda: not inquiry.notifications.filter(
                channel__in=["wecom", "dingtalk"], sent_at=None
            ).exists(),
            timeout=60,
            what="both robot notifications marked sent",
        )
        outbox_drain.delay()  # beat's next tick: nothing left to send
        time.sleep(3)

    assert len(wecom.requests) == 2  # the one in flight at the kill, once more
    first, repeat = wecom.messages()
    assert first == repeat and inquiry.reference in first
    assert [request["signed"] for request in dingtalk.requests] == [True]
