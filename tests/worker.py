"""Real Celery workers on the real Redis broker, for tests that prove what eager mode hides:
arguments survive serialization, tasks are published only after the commit, a killed
worker's task runs again.

Each test process has its own queue (`CELERY_TASK_DEFAULT_QUEUE` in portal/settings/test.py),
so parallel test processes never run each other's tasks. The worker's database
connection is not the test's: these tests use committed rows (PostgreSQL,
`transactional_db`) and skip without PostgreSQL and Redis unless REQUIRE_SERVICES=1.
A module using them must not carry a module-wide `django_db` mark: pytest-django then
ignores the serialized rollback these fixtures ask for.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from django.test import override_settings
from kombu.asynchronous import set_event_loop

from portal.celery import app as celery_app
from tests.services import redis_url, require_postgresql

ROOT = Path(__file__).resolve().parent.parent


def wait_for(
    condition: Callable[[], object],
    *,
    timeout: float = 20,
    what: str = "the worker",
    details: Callable[[], str] | None = None,
) -> object:
    """Poll `condition` until it returns something true; fail after `timeout` seconds,
    with `details()` (a log, say) in the message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}" + (f"\n{details()}" if details else ""))


def publishing_to(url: str):
    """Send `.delay()` to the broker instead of running the task eagerly. The Celery app
    reads Django's settings live (namespace CELERY): its own `conf.update()` would be
    shadowed by them."""
    return override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=url)


def purge_queue() -> None:
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)


@pytest.fixture
def broker(django_db_serialized_rollback, transactional_db):
    """The real broker, this test process's queue empty; `.delay()` publishes to it.

    Rows are committed for the worker to see. The database starts as migrations left it
    (root page, vocabularies): a transactional test empties every table when it ends."""
    require_postgresql()  # a worker needs to see the test's committed rows
    url = redis_url()
    with publishing_to(url):
        fresh_connection_pools()
        purge_queue()
        yield url
        purge_queue()


def fresh_connection_pools() -> None:
    """The app's broker connections built anew: an earlier test's worker, shut down, can
    leave pooled connections its consumer closed, and a retry published through one is lost."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def in_process_worker(*, shutdown_timeout: float = 20):
    """A worker thread in this process (its own database connection) consuming the queue.

    kombu keeps the event loop in a module global and a worker adopts the one it finds:
    a second worker in the process would schedule ETA tasks (retries with back-off) on
    its own timer while running the first worker's loop, and they would never run."""
    set_event_loop(None)
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=shutdown_timeout
        ) as worker:
            yield worker
    finally:
        set_event_loop(None)


@pytest.fixture
def real_worker(broker):
    with in_process_worker() as worker:
        yield worker


class WorkerProcess:
    """`celery worker` as a separate program, a prefork pool of one child, on the test database."""

    def __init__(self, log: Path, extra_env: dict[str, str]):
        database = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": (
                f"postgres://{quote(database['USER'], safe='')}:{quote(database['PASSWORD'] or '', safe='')}"
                f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
            ),
            # Settings changed by the test (registry URLs) reach the worker through the environment.
            "CTGOV_API_BASE_URL": settings.CTGOV_API_BASE_URL,
            "CROSSREF_API_BASE_URL": settings.CROSSREF_API_BASE_URL,
            "NCBI_EUTILS_BASE_URL": settings.NCBI_EUTILS_BASE_URL,
            **extra_env,
        }
        command = [
            str(Path(sys.executable).with_name("celery")),
            "--app=portal",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}",
        ]
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log_file, stderr=subprocess.STDOUT
        )

    def pool_children(self) -> list[int]:
        """The pids of the pool's child processes (the ones that run tasks)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def ready(self) -> bool:
        return b"ready." in self.log.read_bytes()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


@pytest.fixture
def worker_process(broker, tmp_path):
    """`start(**environment)` starts a `celery worker` program; each is stopped after the test."""
    started: list[WorkerProcess] = []

    def start(**extra_env: str) -> WorkerProcess:
        worker = WorkerProcess(tmp_path / f"worker-{len(started)}.log", extra_env)
        started.append(worker)
        wait_for(lambda: worker.ready() or worker.process.poll() is not None, timeout=60, what="worker start")
        if not worker.ready():
            pytest.fail(f"the worker did not start:\n{worker.log.read_text(errors='replace')}")
        return worker

    yield start
    for worker in started:
        worker.stop()
