"""Per-IP rate limits of public forms, counted in the cache (Redis in production)."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """REMOTE_ADDR, or the header a trusted reverse proxy sets (INQUIRIES_CLIENT_IP_HEADER,
    named when the contact form was the only reader; every form uses it)."""
    header = settings.INQUIRIES_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def limit_exceeded(request, *, scope: str, limit: int, window: int) -> bool:
    """Count one submission to `scope` from the request's IP; True past `limit` per `window` seconds."""
    # Hashed: the cache holds no address.
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"{scope}:rate:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
