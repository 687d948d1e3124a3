import json

import pytest
from django.test import override_settings

from tests.services import redis_url


def states(client):
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


def test_all_fine_with_eager_celery(client, db):
    status, body = states(client)
    assert status == 200
    assert body == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "eager",
        "beat": "eager",
        "tasks": "ok",
        "outbox": "ok",
    }


def test_broker_down_is_503(client, db):
    # A real connection attempt to a port nothing listens on.
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:9/0"):
        status, body = states(client)
    assert status == 503
    assert body["broker"].startswith("error")
    assert body["database"] == "ok"


def test_cache_down_is_503(client, db):
    cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    with override_settings(CACHES=cache):  # Django resets the cache handler on change
        status, body = states(client)
    assert status == 503
    assert body["cache"].startswith("error")


@pytest.mark.django_db
def test_real_redis_broker_and_cache_are_ok(client):
    url = redis_url()
    cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=url, CACHES=cache):
        status, body = states(client)
    assert (status, body["broker"], body["cache"]) == (200, "ok", "ok")


def test_healthz_is_not_cached(client, db):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
