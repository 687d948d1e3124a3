"""The Celery app against a real Redis broker and a real worker thread."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from portal.celery import app as celery_app
from portal.core.tasks import publish_scheduled_pages
from tests.core.factories import StandardPageFactory
from tests.services import redis_url, require_postgresql


@pytest.fixture
def real_worker(transactional_db):
    require_postgresql()  # the worker thread needs to see committed rows in the same database
    url = redis_url()
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=url)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.update(saved)


def test_worker_runs_scheduled_publishing_from_the_broker(home, real_worker):
    page = StandardPageFactory(parent=home, title_zh_hans="定时发布", live=False)
    page.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))

    publish_scheduled_pages.delay()

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        page.refresh_from_db()
        if page.live:
            break
        time.sleep(0.2)
    assert page.live
