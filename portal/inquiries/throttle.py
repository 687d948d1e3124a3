"""The per-IP rate limit of the contact form, counted in the cache (Redis in production)."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """REMOTE_ADDR, or the header a trusted reverse proxy sets (INQUIRIES_CLIENT_IP_HEADER)."""
    header = settings.INQUIRIES_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def limit_exceeded(request) -> bool:
    """Count one submission from the request's IP; True past the limit for the window."""
    # Hashed: the cache holds no address.
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"inquiries:rate:{digest}"
    window = settings.INQUIRIES_RATE_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.INQUIRIES_RATE_LIMIT
