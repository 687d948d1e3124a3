#!/usr/bin/env python
"""Newsletter sending rate (SPEC section 4): one issue to 10,000 confirmed subscribers by
two Celery workers (separate processes, one pool process each) on PostgreSQL and Redis,
into a local SMTP server (aiosmtpd). Budget: at least 300 personalised emails per
second, each recipient exactly once (distinct Message-IDs, one per recipient).

Each email is rendered for its recipient (language, unsubscribe and preferences links),
its CSS inlined, and recorded as sent in the database before the next one, as in
production. The throttle is on (NEWSLETTER_RATE, default here 1,000/s) so its cost is
counted; the bench says which rate it used.

Usage: .venv/bin/python bench/newsletter.py [--subscribers 10000] [--workers 2] [--concurrency 1] [--rate 1000]
Needs PostgreSQL and Redis on 127.0.0.1. It drops and recreates its own database
(BENCH_DATABASE_URL, default portal_bench_newsletter); in Redis it only adds keys.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_newsletter")
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")

from aiosmtpd.controller import Controller

from bench.common import BASE_DIR, BENCH_DATABASE_URL, PYTHON, bench_env, manage, save
from tests.smtp import free_port

MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>]+>)", re.MULTILINE | re.IGNORECASE)

SETUP = """
from django.utils import timezone
from wagtail.models import Page
from portal.newsletter.models import NewsletterIssue, NewsletterIssueItem, Subscriber
languages = ("zh-hans", "zh-hant", "en")
now = timezone.now()
Subscriber.objects.bulk_create(
    [Subscriber(email=f"reader{{n:05d}}@bench.example", language=languages[n % 3], status="confirmed",
                consent_at=now, confirmed_at=now) for n in range({subscribers})],
    batch_size=2000,
)
issue = NewsletterIssue.objects.create(
    subject_zh_hans="十一月通讯：干细胞治疗中风的新进展", subject_en="November: news on stem cells for stroke",
    intro_zh_hans="本月我们整理了新的文章和临床试验。", intro_en="This month: new articles and clinical trials.",
)
pages = [p for p in Page.objects.live().specific() if p._meta.label in ("articles.ArticlePage", "trials.TrialPage")][:4]
for n, page in enumerate(pages):
    NewsletterIssueItem.objects.create(issue=issue, page=page, sort_order=n)
print(issue.pk, len(pages))
"""
SEND = "from portal.newsletter.models import NewsletterIssue; from portal.newsletter.services import issue_send; print(issue_send(issue=NewsletterIssue.objects.get(pk={issue}), user=None))"
COUNTS = (
    "import json; from portal.newsletter.models import Delivery, NewsletterIssue; "
    "i = NewsletterIssue.objects.get(pk={issue}); print(json.dumps({{'status': i.status, **i.progress()}}))"
)


class CountingHandler:
    """Keeps only each message's Message-ID, recipients and arrival time: the server must
    not be the bottleneck being measured."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ids: list[bytes] = []
        self.recipients: list[str] = []
        self.times: list[float] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        found = MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.ids.append(found.group(1) if found else b"")
            self.recipients.extend(envelope.rcpt_tos)
            self.times.append(time.perf_counter())
        return "250 OK"


def recreate_database() -> None:
    name = BENCH_DATABASE_URL.rsplit("/", 1)[-1]
    admin_url = BENCH_DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin_url, "-qc", sql], check=True)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=int, default=1000, help="NEWSLETTER_RATE, emails per second")
    parser.add_argument("--concurrency", type=int, default=1, help="pool processes per worker")
    parser.add_argument("--batch", type=int, default=100, help="NEWSLETTER_BATCH_SIZE")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()

    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    extra = {
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
        "DEFAULT_FROM_EMAIL": "news@bench.example",
        "NEWSLETTER_RATE": str(args.rate),
        "NEWSLETTER_BATCH_SIZE": str(args.batch),
        "NEWSLETTER_UNSUBSCRIBE_EMAIL": "unsubscribe@bench.example",
    }
    recreate_database()
    manage("migrate", "--noinput", **extra)
    try:
        manage("seed_demo", **extra)  # the site's URL and articles/trials for the issue
    except SystemExit as exc:
        print(f"seed_demo failed, the issue lists no pages: {str(exc).splitlines()[-1]}")
    # Only the default queue's leftovers from an earlier run go; nothing else in Redis is touched.
    subprocess.run(
        [PYTHON, "-m", "celery", "-A", "portal", "purge", "-f", "-Q", "celery"],
        cwd=BASE_DIR,
        env=bench_env(**extra),
        capture_output=True,
        check=True,
    )
    issue, pages = manage("shell", "-c", SETUP.format(subscribers=args.subscribers), **extra).split()[-2:]
    workers = [
        subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                f"--concurrency={args.concurrency}",
                "--loglevel=WARNING",
                f"--hostname=bench{n}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=BASE_DIR,
            env=bench_env(**extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(args.workers)
    ]
    try:
        time.sleep(8)  # the workers start (Django, templates, OpenCC)
        started = time.perf_counter()
        manage("shell", "-c", SEND.format(issue=issue), **extra)
        deadline = time.monotonic() + args.timeout
        while len(handler.ids) < args.subscribers and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # anything sent twice would arrive now
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        controller.stop()

    counts = json.loads(manage("shell", "-c", COUNTS.format(issue=issue), **extra).strip().splitlines()[-1])
    received = len(handler.ids)
    first, last = (handler.times[0], handler.times[-1]) if handler.times else (started, started)
    result = {
        "subscribers": args.subscribers,
        "workers": args.workers,
        "pool_processes_per_worker": args.concurrency,
        "rate_setting": args.rate,
        "batch_size": args.batch,
        "pages_in_issue": int(pages),
        "received": received,
        "distinct_message_ids": len(set(handler.ids)),
        "distinct_recipients": len(set(handler.recipients)),
        "seconds_from_send_to_last_email": round(last - started, 2),
        "seconds_first_to_last_email": round(last - first, 2),
        "emails_per_second": round(received / (last - started), 1) if received else 0,
        "emails_per_second_while_sending": round((received - 1) / (last - first), 1) if received > 1 else 0,
        "issue": counts,
    }
    result["exactly_once"] = (
        received == result["distinct_message_ids"] == result["distinct_recipients"] == args.subscribers
        and counts["sent"] == args.subscribers
    )
    print(json.dumps(result, indent=2))
    print(f"saved to {save('newsletter', result)}")
    sys.exit(0 if result["exactly_once"] and result["emails_per_second"] >= 300 else 1)


if __name__ == "__main__":
    main()
