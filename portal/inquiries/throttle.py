"""The per-IP rate limit of the contact form (portal.core.throttle)."""

from django.conf import settings

from portal.core import throttle


def limit_exceeded(request) -> bool:
    """Count one submission from the request's IP; True past the limit for the window."""
    return throttle.limit_exceeded(
        request, scope="inquiries", limit=settings.INQUIRIES_RATE_LIMIT, window=settings.INQUIRIES_RATE_WINDOW
    )
