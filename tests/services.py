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
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        unavailable(f"Redis at {url} is not reachable: {exc}")
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
