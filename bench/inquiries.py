#!/usr/bin/env python
"""Contact form under load (SPEC section 4): 1,000 valid submissions from 20 concurrent
clients against gunicorn (2 workers) on PostgreSQL, with a real Celery worker and a
local SMTP server. Every request must be stored exactly once and notified exactly
once, and none answered with a 5xx.

Each client does what a browser does: GET the form (CSRF cookie, signed form key),
then POST it and follow the redirect to the thank-you page.

The bench sets its own anti-abuse values and says so in its output: a minimum fill
time of 0 s (the clients post at once) and a rate limit of 1,000,000 per window
(all clients share 127.0.0.1).

Usage: .venv/bin/python bench/inquiries.py [--submissions 1000] [--clients 20]
Needs PostgreSQL and Redis on 127.0.0.1.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# A database and Redis number of its own, so other benches never share its rows.
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_inquiries")
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
os.environ.setdefault("BENCH_PORT", "8131")
os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{os.environ['BENCH_PORT']}")

import httpx

from bench.common import BASE_DIR, PYTHON, bench_env, gunicorn, manage, prepare_site, save
from tests import smtp

BENCH_SETTINGS = {"INQUIRIES_MIN_FILL_SECONDS": "0", "INQUIRIES_RATE_LIMIT": "1000000"}
FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')
COUNTS = (
    "import json; from portal.inquiries.models import Inquiry, Notification; "
    "print(json.dumps({'stored': Inquiry.objects.count(), "
    "'distinct_tokens': Inquiry.objects.values('submission_token').distinct().count(), "
    "'references': sorted(Inquiry.objects.values_list('reference', flat=True)), "
    "'notified': Notification.objects.exclude(sent_at=None).count()}))"
)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def submit(client: httpx.Client, base_url: str, n: int) -> dict:
    """One visitor: load the form, send it, read the thank-you page."""
    started = time.perf_counter()
    form = client.get(f"{base_url}/zh-hans/contact/")
    got = time.perf_counter()
    # The CSRF cookie is Secure in production: a browser on https sends it back by
    # itself; over loopback http the client does it by hand.
    token = form.cookies["csrftoken"]
    data = {
        "name": f"压力测试{n}",
        "phone": f"138{n:08d}",
        "wechat_id": f"bench_{n:06d}",
        "preferred_channel": "wechat",
        "condition": "ischemic",
        "time_since_onset": "1_to_6_months",
        "message": "压力测试留言。",
        "consent_personal": "on",
        "consent_health": "on",
        "website": "",
        "form_key": FORM_KEY.search(form.text).group(1),
        "csrfmiddlewaretoken": token,
    }
    posted = client.post(
        f"{base_url}/zh-hans/contact/",
        data=data,
        headers={"Cookie": f"csrftoken={token}"},
    )
    done = time.perf_counter()
    thanks = client.get(f"{base_url}{posted.headers['location']}") if posted.status_code == 302 else None
    reference = re.search(r'contact__reference-number">([^<]+)<', thanks.text).group(1) if thanks else None
    return {
        "get_status": form.status_code,
        "post_status": posted.status_code,
        "thanks_status": thanks.status_code if thanks else None,
        "get_seconds": got - started,
        "post_seconds": done - got,
        "reference": reference,
    }


def run_clients(base_url: str, submissions: int, clients: int) -> tuple[list[dict], float]:
    local = threading.local()

    def one(n: int) -> dict:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=60, follow_redirects=False)
        return submit(local.client, base_url, n)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(submissions)))
    return results, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--notify-timeout", type=float, default=300.0)
    args = parser.parse_args()

    mailbox = smtp.Mailbox()
    controller = smtp.start(mailbox)
    extra = {
        **BENCH_SETTINGS,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://{controller.hostname}:{controller.port}",
        "INQUIRIES_NOTIFY_EMAILS": "staff@bench.example",
    }
    print(f"bench settings: {BENCH_SETTINGS} (min fill time off, rate limit out of reach)")
    prepare_site()
    worker = subprocess.Popen(
        [PYTHON, "-m", "celery", "-A", "portal", "worker", "--concurrency=2", "--loglevel=WARNING"],
        cwd=BASE_DIR,
        env=bench_env(**extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with gunicorn(workers=2, **extra) as base_url:
            run_clients(base_url, 20, args.clients)  # warm-up: workers load templates and catalogues
            warm_up = json.loads(manage("shell", "-c", COUNTS, **extra).strip().splitlines()[-1])["stored"]
            results, seconds = run_clients(base_url, args.submissions, args.clients)
        expected = warm_up + args.submissions
        deadline = time.monotonic() + args.notify_timeout
        while len(mailbox.messages) < expected and time.monotonic() < deadline:
            time.sleep(0.5)
        notified_after = time.monotonic() - (deadline - args.notify_timeout)
        time.sleep(3)  # anything sent twice would arrive now
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        controller.stop()

    counts = json.loads(manage("shell", "-c", COUNTS, **extra).strip().splitlines()[-1])
    message_ids = [m["Message-ID"] for m in mailbox.messages]
    references = [r["reference"] for r in results]
    statuses = [r[key] for r in results for key in ("get_status", "post_status", "thanks_status")]
    posts = [r["post_seconds"] * 1000 for r in results]
    gets = [r["get_seconds"] * 1000 for r in results]
    result = {
        "bench_settings": BENCH_SETTINGS,
        "submissions": args.submissions,
        "clients": args.clients,
        "seconds": round(seconds, 2),
        "submissions_per_second": round(args.submissions / seconds, 1),
        "post_ms": {"p50": round(statistics.median(posts), 1), "p99": round(percentile(posts, 0.99), 1)},
        "form_get_ms": {"p50": round(statistics.median(gets), 1), "p99": round(percentile(gets, 0.99), 1)},
        "server_errors": sum(1 for s in statuses if s is None or s >= 500),
        "not_redirected": sum(1 for r in results if r["post_status"] != 302),
        "stored": counts["stored"] - warm_up,
        "stored_exactly_once": counts["stored"] == counts["distinct_tokens"] == expected
        and len(set(references)) == args.submissions
        and set(references) <= set(counts["references"]),
        "notifications": len(message_ids),
        "notified_exactly_once": len(message_ids) == len(set(message_ids)) == expected == counts["notified"],
        "all_notified_within_seconds": round(notified_after, 1),
        "run_id": uuid.uuid4().hex[:8],
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"saved to {save('inquiries', result)}")
    ok = result["server_errors"] == 0 and result["stored_exactly_once"] and result["notified_exactly_once"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
