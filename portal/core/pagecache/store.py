"""Where pages are kept: one cache entry per path, valid for the current generation.

Bumping the generation ("purge everything") makes every entry stale at once. An entry
is stored with the generation read before its page was rendered, so a page rendered
while everything was being purged is not kept as if it were fresh.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from portal.core.cache_versions import bump_version, current_version

GENERATION_KEY = "pagecache:generation"
# Headers that belong to one exchange, never to a stored page.
NOT_STORED_HEADERS = {"set-cookie", "date", "x-page-cache"}


def entry_key(path: str) -> str:
    return f"pagecache:page:{path}"


def lookup_entry(path: str) -> tuple[dict | None, int | None]:
    """The stored entry for `path` (or None) and the current generation, in one round
    trip to Redis. Both are None when Redis cannot be reached."""
    found = cache.get_many([GENERATION_KEY, entry_key(path)])
    generation = found.get(GENERATION_KEY)
    entry = found.get(entry_key(path))
    if entry is None or generation is None or entry["generation"] != generation:
        return None, generation
    return entry, generation


def lookup(path: str) -> tuple[HttpResponse | None, int | None]:
    """The stored response for `path` (or None) and the current generation."""
    entry, generation = lookup_entry(path)
    if entry is None:
        return None, generation
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response.headers[name] = value
    return response, generation


def current_generation() -> int | None:
    """The generation, created if the cache has none (a flushed cache); None with Redis away."""
    return current_version(GENERATION_KEY)


def keep(path: str, response: HttpResponse, generation: int | None, *, final: bool = False) -> None:
    """Keep `response` for `path`; `final` when its headers are those it left Django
    with (kept by wsgi.py), which only then may be sent without passing through Django."""
    if generation is None:  # no counter yet (a flushed cache), or Redis away
        generation = current_generation()
        if generation is None:
            return
    entry = {
        "final": final,
        "generation": generation,
        "status": response.status_code,
        "headers": [
            (name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS
        ],
        "content": response.content,
    }
    cache.set(entry_key(path), entry, timeout=settings.PAGE_CACHE_SECONDS)


def forget(paths) -> None:
    cache.delete_many([entry_key(path) for path in paths])


def forget_everything() -> None:
    bump_version(GENERATION_KEY)
