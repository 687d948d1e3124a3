"""State of the services the site depends on, for /healthz."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from portal.celery import app as celery_app

OK = "ok"
EAGER = "eager"
HEALTHY_STATES = {OK, EAGER}


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


def service_states() -> dict[str, str]:
    return {"database": database_state(), "cache": cache_state(), "broker": broker_state()}
