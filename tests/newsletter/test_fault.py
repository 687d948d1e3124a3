"""Exactly once with a worker killed mid-send: 2,000 subscribers, a real Celery worker
process on real Redis and PostgreSQL, a real SMTP server (aiosmtpd). The worker is killed
with SIGKILL (the whole worker, pool and parent) while the server holds back its "250 OK"
for a message it has stored: that message is in flight. A new worker finishes the issue.
Skipped without PostgreSQL and Redis unless REQUIRE_SERVICES=1."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connection

from portal.newsletter import services
from portal.newsletter.models import Delivery, NewsletterIssue, Subscriber
from portal.newsletter.tasks import resume_sending
from tests import smtp
from tests.worker import wait_for

from .factories import NewsletterIssueFactory

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBERS = 2000
KILL_AT = 700  # the message held in flight when the worker is killed


class HoldingMailbox(smtp.Mailbox):
    """Stores every message; the `hold_at`-th is stored and then left unanswered until
    `release()`, so a sender killed meanwhile has delivered it without learning so."""

    def __init__(self, hold_at: int):
        super().__init__()
        self.hold_at = hold_at
        self.holding = threading.Event()
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        await super().handle_DATA(server, session, envelope)
        self.recipients.extend(envelope.rcpt_tos)
        if len(self.messages) == self.hold_at:
            self.holding.set()
            deadline = time.monotonic() + 60
            while not self._release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def start_worker(broker: str, smtp_port: int) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": broker,
        "SMTP_PORT": str(smtp_port),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.newsletter.worker_process"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: children(process.pid), timeout=60, what="the worker's pool")
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def holding_mailbox():
    box = HoldingMailbox(hold_at=KILL_AT)
    controller = smtp.start(box)
    yield box, controller.port
    box.release()
    controller.stop()


def test_a_worker_killed_mid_send_and_replaced_sends_each_recipient_one_message(broker, holding_mailbox):
    mailbox, port = holding_mailbox
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{n:04d}@example.com",
            language=("zh-hans", "zh-hant", "en")[n % 3],
            status="confirmed",
        )
        for n in range(SUBSCRIBERS)
    )
    issue = NewsletterIssueFactory()
    first = start_worker(broker, port)
    replacement = None
    try:
        assert services.issue_send(issue=issue, user=None) == SUBSCRIBERS

        assert mailbox.holding.wait(120), "the worker never reached the message to kill it on"
        for pid in [first.pid, *children(first.pid)]:
            os.kill(pid, signal.SIGKILL)  # mid-send: the server has the message, the worker never learns
        first.wait()
        mailbox.release()
        in_flight = 1  # one pool process, one SMTP conversation
        assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() < SUBSCRIBERS

        replacement = start_worker(broker, port)
        resume_sending.delay()  # what beat sends every minute: the killed worker's task is gone with it
        wait_for(
            lambda: NewsletterIssue.objects.get(pk=issue.pk).status == NewsletterIssue.Status.SENT,
            timeout=300,
            what="the replacement worker to finish the issue",
        )
    finally:
        for process in (first, replacement):
            if process is not None:
                stop(process)

    ids_by_recipient = defaultdict(set)
    for message, recipient in zip(mailbox.messages, mailbox.recipients, strict=True):
        ids_by_recipient[recipient].add(message["Message-ID"])
    distinct = {message["Message-ID"] for message in mailbox.messages}
    repeats = len(mailbox.messages) - len(distinct)

    assert len(distinct) == SUBSCRIBERS  # nobody lost
    assert len(ids_by_recipient) == SUBSCRIBERS
    assert all(len(ids) == 1 for ids in ids_by_recipient.values())  # nobody got two different messages
    assert 1 <= repeats <= in_flight  # the held message, sent again with its own Message-ID
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == SUBSCRIBERS
    # The report counts the repeat it could not rule out.
    assert NewsletterIssue.objects.get(pk=issue.pk).progress()["repeats"] == repeats
