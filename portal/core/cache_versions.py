"""Version numbers kept in the cache that name the current state of something cached.

Fragments and indexes are stored under keys that include such a version. Bumping
it makes every one of them stale at once, without knowing or deleting their keys.

Within one request a version is read from the cache once: the page's fragments all
ask for it, and they should agree even if another process bumps it meanwhile.
"""

import threading
import time

from django.core.cache import cache
from django.core.signals import request_finished, request_started

_request = threading.local()


def current_version(key: str) -> int:
    """The version under `key`, created if the cache has none (after a flush, say)."""
    memo = getattr(_request, "versions", None)
    if memo is not None and key in memo:
        return memo[key]
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    if memo is not None:
        memo[key] = version
    return version


def bump_version(key: str) -> int:
    version = time.time_ns()
    cache.set(key, version, timeout=None)
    memo = getattr(_request, "versions", None)
    if memo is not None:
        memo[key] = version
    return version


def _request_began(**kwargs) -> None:
    _request.versions = {}


def _request_ended(**kwargs) -> None:
    _request.versions = None


def connect() -> None:
    request_started.connect(_request_began, dispatch_uid="portal.core.cache_versions.began")
    request_finished.connect(_request_ended, dispatch_uid="portal.core.cache_versions.ended")
