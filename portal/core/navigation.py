"""The site header (brand link and main menu) is the same on thousands of pages:
it is rendered once per language and section and kept in the cache until a page
is published, unpublished, moved or deleted, made private or public again, or the
site settings change."""

from portal.core.cache_versions import bump_version, current_version

VERSION_KEY = "portal:navigation-version"


def navigation_version() -> int:
    return current_version(VERSION_KEY)


def navigation_changed(**kwargs) -> None:
    bump_version(VERSION_KEY)
