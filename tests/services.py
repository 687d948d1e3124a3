"""Access to the real services tests talk to.

A test that needs PostgreSQL, Redis or a worker skips when the service is
absent, except with REQUIRE_SERVICES=1 (set by .ci/run), where it fails.
"""

import os

import pytest
from django.db import connection

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def unavailable(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


def redis_url() -> str:
    """The REDIS_URL of a reachable Redis server, or skip/fail."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        unavailable("REDIS_URL is not set")
    if (state := _redis_state(url)) != "up":
        unavailable(f"Redis at {url} is {state}")
    return url


def require_postgresql():
    if connection.vendor != "postgresql":
        unavailable("this test needs PostgreSQL (set DATABASE_URL)")


def chromium_path() -> str:
    """Debian's Chromium for browser tests (`apt-get install -y chromium`), or skip/fail."""
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        unavailable("Chromium is not installed (apt-get install -y chromium)")
    return path


def clear_cache() -> None:
    """Empty this test process's cache. On Redis only its own keys go: other test
    processes' keys and the broker's queues live in the same database."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def check_database_for_required_services() -> None:
    """With REQUIRE_SERVICES=1 the suite refuses to run on anything but PostgreSQL."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if REQUIRE_SERVICES and "postgresql" not in engine:
        raise pytest.UsageError(
            f"REQUIRE_SERVICES=1 needs a PostgreSQL DATABASE_URL; the database is {engine}"
        )


def services_summary() -> str:
    """One line for pytest's header: which real services this run uses."""
    import shutil
    from urllib.parse import urlsplit

    from django.conf import settings

    database = settings.DATABASES["default"]
    vendor = database["ENGINE"].rsplit(".", 1)[-1]
    name = database.get("TEST", {}).get("NAME") or (
        "memory" if database["NAME"] in ("", ":memory:") else f"test_{database['NAME']}"
    )
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    redis = _redis_state(os.environ.get("REDIS_URL", ""))
    broker = urlsplit(settings.CELERY_BROKER_URL)
    if vendor != "postgresql":
        worker = "no (needs PostgreSQL)"
    elif redis != "up":
        worker = f"no (Redis {redis})"
    else:
        worker = "yes"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "absent"
    return (
        f"services: database {vendor} {name}; cache {cache_backend}; "
        f"broker {broker.scheme}://{broker.hostname or ''}{f':{broker.port}' if broker.port else ''}{broker.path} "
        f"(Redis {redis}); "
        f"real worker {worker}; chromium {chromium}; REQUIRE_SERVICES={int(REQUIRE_SERVICES)}"
    )


def _redis_state(url: str) -> str:
    if not url:
        return "not configured"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"unreachable: {exc}"
    return "up"
