"""The site header (brand link and main menu) is the same on thousands of pages:
it is rendered once per language and section and kept in the cache until a page
is published, unpublished, moved or deleted, or the site settings change."""

import time

from django.core.cache import cache

VERSION_KEY = "portal:navigation-version"


def navigation_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def navigation_changed(**kwargs) -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
