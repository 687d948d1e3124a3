"""Version numbers kept in the cache that name the current state of something cached.

Fragments and indexes are stored under keys that include such a version. Bumping
it makes every one of them stale at once, without knowing or deleting their keys.
"""

import time

from django.core.cache import cache


def current_version(key: str) -> int:
    """The version under `key`, created if the cache has none (after a flush, say)."""
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def bump_version(key: str) -> int:
    version = time.time_ns()
    cache.set(key, version, timeout=None)
    return version
