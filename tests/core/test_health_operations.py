"""/healthz beyond the services: beat's heartbeat, the inquiry outbox and failing tasks
are reported as degraded (200, a warning in the log), never as down."""

import datetime
import json
import logging
import time

import pytest
from celery import shared_task
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from portal.core.health import BEAT_HEARTBEAT_KEY
from portal.core.tasks import beat_heartbeat
from portal.inquiries.models import Notification
from tests.inquiries.factories import InquiryFactory
from tests.services import redis_url
from tests.worker import wait_for


@shared_task(name="tests.core.flaky")
def flaky(fail: bool):
    if fail:
        raise RuntimeError("the registry did not answer")


def health(client):
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


@pytest.fixture
def with_broker(db):
    """Background work on (not eager), on the real Redis broker; beat seen a moment ago."""
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=redis_url()):
        cache.set(BEAT_HEARTBEAT_KEY, time.time(), timeout=None)
        yield


def test_all_running_is_ok(client, with_broker):
    status, body = health(client)
    assert (status, body["status"]) == (200, "ok")
    assert (body["beat"], body["outbox"], body["tasks"]) == ("ok", "ok", "ok")


def test_the_worker_records_beats_heartbeat(client, home, real_worker):
    cache.delete(BEAT_HEARTBEAT_KEY)
    assert health(client)[1]["beat"] == "degraded: no heartbeat from beat"
    beat_heartbeat.delay()
    wait_for(lambda: health(client)[1]["beat"] == "ok", what="the heartbeat")


def test_a_silent_beat_is_degraded_with_a_log_line(client, with_broker, settings, caplog):
    settings.HEALTH_BEAT_MAX_AGE = 300
    cache.set(BEAT_HEARTBEAT_KEY, time.time() - 900, timeout=None)
    with caplog.at_level(logging.WARNING, logger="portal.core.views"):
        status, body = health(client)
    assert (status, body["status"]) == (200, "degraded")
    assert body["beat"].startswith("degraded: last heartbeat from beat 9")
    (record,) = [r for r in caplog.records if r.getMessage() == "healthz degraded"]
    assert record.health["beat"] == body["beat"]


def test_a_stuck_outbox_is_degraded(client, with_broker, settings):
    settings.HEALTH_OUTBOX_STUCK_AFTER = 900
    fresh = Notification.objects.create(inquiry=InquiryFactory())
    sent = Notification.objects.create(
        inquiry=InquiryFactory(),
        created_at=timezone.now() - datetime.timedelta(hours=2),
        sent_at=timezone.now(),
    )
    assert health(client)[1]["outbox"] == "ok"
    Notification.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    status, body = health(client)
    assert (status, body["status"]) == (200, "degraded")
    assert body["outbox"] == "degraded: 1 staff notification(s) unsent after 900 s"
    assert sent.sent_at is not None


def test_a_failing_task_is_degraded_until_it_succeeds(client, home, real_worker):
    cache.set(BEAT_HEARTBEAT_KEY, time.time(), timeout=None)
    flaky.delay(True)
    wait_for(lambda: health(client)[1]["tasks"] != "ok", what="the failure to be recorded")
    status, body = health(client)
    assert (status, body["status"]) == (200, "degraded")
    assert body["tasks"] == "degraded: last run failed: tests.core.flaky (RuntimeError)"
    flaky.delay(False)
    wait_for(lambda: health(client)[1]["tasks"] == "ok", what="the success to clear it")
    assert health(client)[1]["status"] == "ok"


def test_services_down_still_answer_503(client, db):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:9/0"):
        status, body = health(client)
    assert (status, body["status"]) == (503, "error")
