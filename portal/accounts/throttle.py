"""Failed sign-in attempts (passwords and codes alike), counted in the cache per
account and per IP address. Past either limit, sign-in is refused for the window."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from portal.core.throttle import client_ip


def _keys(request, username: str) -> tuple[str, str]:
    # Hashed: the cache holds neither user names nor addresses.
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    return f"accounts:fail:user:{account}", f"accounts:fail:ip:{address}"


def locked_out(request, username: str) -> bool:
    account_key, ip_key = _keys(request, username)
    counts = cache.get_many([account_key, ip_key])
    return (
        counts.get(account_key, 0) >= settings.SIGN_IN_FAILURE_LIMIT
        or counts.get(ip_key, 0) >= settings.SIGN_IN_FAILURE_IP_LIMIT
    )


def _increment(key: str) -> int:
    window = settings.SIGN_IN_FAILURE_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def record_failure(request, username: str) -> bool:
    """Count one failed attempt; True when it locks the account or the address out."""
    account_key, ip_key = _keys(request, username)
    account_count, ip_count = _increment(account_key), _increment(ip_key)
    return account_count >= settings.SIGN_IN_FAILURE_LIMIT or ip_count >= settings.SIGN_IN_FAILURE_IP_LIMIT


def reset(request, username: str) -> None:
    """A complete sign-in clears the account's count (not the address's)."""
    cache.delete(_keys(request, username)[0])


def window_minutes() -> int:
    return max(1, round(settings.SIGN_IN_FAILURE_WINDOW / 60))
