"""The staff email survives Redis and the worker going away: real PostgreSQL, Redis,
Celery worker and SMTP server (aiosmtpd). Skipped without them unless REQUIRE_SERVICES=1."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from portal.inquiries.models import Inquiry, Notification
from portal.inquiries.tasks import outbox_drain
from tests import smtp
from tests.worker import fresh_connection_pools, in_process_worker

from .conftest import CONTACT_URL, valid_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1
ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def broker_at(url: str):
    """Publish to `url` in this block (Django's settings, which the Celery app reads live);
    the app's connection pools are built afresh on the way in and out."""
    with override_settings(CELERY_BROKER_URL=url):
        fresh_connection_pools()
        yield
    fresh_connection_pools()


@pytest.fixture
def mailbox(settings):
    box = smtp.Mailbox(hold_first=False)
    controller = smtp.start(box)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield box
    box.release()
    controller.stop()


def test_with_the_broker_down_the_request_is_saved_and_notified_once_it_is_back(
    client, contact_page, broker, mailbox
):
    with broker_at(DEAD_BROKER):
        started = time.monotonic()
        response = client.post(CONTACT_URL.format(lang="zh-hans"), valid_data())
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 10  # a bounded publish, not a hung request
    thanks = client.get(response["Location"])
    inquiry = Inquiry.objects.get()
    assert thanks.status_code == 200 and inquiry.reference in thanks.content.decode()
    notification = Notification.objects.get()
    assert notification.enqueued_at is None and notification.sent_at is None
    assert mailbox.messages == []

    with in_process_worker(shutdown_timeout=10):
        outbox_drain.delay()  # what beat sends every minute
        (message,) = mailbox.wait_for(1)
        outbox_drain.delay()  # a second tick finds nothing to send
        time.sleep(2)

    assert len(mailbox.messages) == 1
    assert message["Message-ID"] == f"<inquiry-{inquiry.reference}@example.org>"
    assert inquiry.reference in message["Subject"]
    notification.refresh_from_db()
    assert notification.sent_at is not None


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@pytest.fixture
def worker_process(broker, mailbox, settings):
    """A prefork worker (one child) in its own process, on the test's database."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": broker,
        "SMTP_PORT": str(settings.EMAIL_PORT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.inquiries.worker_process"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not children(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert children(process.pid), "the worker did not start its pool"
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_a_worker_killed_mid_send_repeats_the_email_at_most_once_with_the_same_message_id(
    client, contact_page, broker, mailbox, worker_process
):
    mailbox._hold = True  # the first message is delivered, its "250 OK" held back
    response = client.post(CONTACT_URL.format(lang="zh-hans"), valid_data())
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()

    assert mailbox.received.wait(30), "the worker never sent the notification"
    (child,) = children(worker_process.pid)
    os.kill(child, signal.SIGKILL)  # mid-send: the SMTP server has the email, the task is not done
    mailbox.release()

    messages = mailbox.wait_for(2)
    outbox_drain.delay()  # beat's next tick: nothing left to send
    time.sleep(3)

    assert len(mailbox.messages) == 2
    first, repeat = messages
    assert first["Message-ID"] == repeat["Message-ID"] == f"<inquiry-{inquiry.reference}@example.org>"
    notification = Notification.objects.get()
    assert notification.sent_at is not None
