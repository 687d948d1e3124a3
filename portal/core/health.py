"""State of the services the site depends on, for /healthz.

database, cache and broker are essential: any of them failing makes /healthz answer 503.
The operational checks (beat's heartbeat, tasks that fail, and those other apps add
with `register()` from their AppConfig.ready(), e.g. the inquiry outbox) answer
"degraded: <why>": the site still serves, /healthz says 200 with status "degraded" and
logs a warning an alert can follow.
"""

import logging
import time
from collections.abc import Callable

from celery.signals import task_failure, task_success
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from portal.celery import app as celery_app

logger = logging.getLogger(__name__)

OK = "ok"
EAGER = "eager"
HEALTHY_STATES = {OK, EAGER}
DEGRADED = "degraded"
BEAT_HEARTBEAT_KEY = "health:beat-heartbeat"

_operational_checks: dict[str, Callable[[], str]] = {}


def register(name: str, check: Callable[[], str]) -> None:
    """Add an operational check: `check()` answers OK or `degraded(reason)`."""
    _operational_checks[name] = check


def degraded(reason: str) -> str:
    return f"{DEGRADED}: {reason}"


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means unhealthy
        return f"error: {exc.__class__.__name__}"
    return OK


def cache_state() -> str:
    try:
        cache.set("healthz", "1", timeout=10)
        if cache.get("healthz") != "1":
            return "error: value not stored"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return OK


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return EAGER
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return OK


def record_beat_heartbeat() -> None:
    """Run by a task beat schedules every minute: proves beat, broker and a worker work."""
    cache.set(BEAT_HEARTBEAT_KEY, time.time(), timeout=None)


def beat_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return EAGER
    last = cache.get(BEAT_HEARTBEAT_KEY)
    if last is None:
        return degraded("no heartbeat from beat")
    age = time.time() - last
    if age > settings.HEALTH_BEAT_MAX_AGE:
        return degraded(f"last heartbeat from beat {int(age)} s ago")
    return OK


def _failure_key(task_name: str) -> str:
    return f"health:task-failed:{task_name}"


def _task_failed(sender=None, exception=None, **kwargs):
    cache.set(
        _failure_key(sender.name),
        {"at": time.time(), "error": exception.__class__.__name__},
        timeout=settings.HEALTH_TASK_FAILURE_SECONDS,
    )


def _task_succeeded(sender=None, **kwargs):
    cache.delete(_failure_key(sender.name))


def connect_task_signals() -> None:
    """In every process (the worker's included): a task's last run failed, or not."""
    task_failure.connect(_task_failed, dispatch_uid="portal.core.health.task_failure")
    task_success.connect(_task_succeeded, dispatch_uid="portal.core.health.task_success")


def tasks_state() -> str:
    """Tasks whose last run failed (within HEALTH_TASK_FAILURE_SECONDS)."""
    names = sorted(name for name in celery_app.tasks if not name.startswith("celery."))
    failed = cache.get_many([_failure_key(name) for name in names])
    if not failed:
        return OK
    listed = ", ".join(
        f"{key.removeprefix(_failure_key(''))} ({value['error']})" for key, value in failed.items()
    )
    return degraded(f"last run failed: {listed}")


def _checked(check: Callable[[], str]) -> str:
    try:
        return check()
    except Exception as exc:  # a broken check must not break /healthz
        return degraded(f"check failed: {exc.__class__.__name__}")


def service_states() -> dict[str, str]:
    return {"database": database_state(), "cache": cache_state(), "broker": broker_state()}


def operational_states() -> dict[str, str]:
    checks = {"beat": beat_state, "tasks": tasks_state, **_operational_checks}
    return {name: _checked(check) for name, check in checks.items()}
