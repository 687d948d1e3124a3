"""The Redis cache, tolerant of Redis being away.

Everything we cache can be rebuilt from the database, so with Redis down a read is a
miss and a write is dropped: pages and the contact form keep working (issue 11: "if
Redis or the worker is down, the request is still saved"), only slower. Errors other
than an unreachable server still raise.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# Seconds: a Redis host that does not answer must not hold a request for long.
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


def _when_unreachable(fallback):
    """Answer `fallback(*args)` instead of raising when Redis cannot be reached."""

    def decorator(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                logger.warning("cache unreachable, %s skipped: %s", method.__name__, exc.__class__.__name__)
                return fallback(*args)

        return wrapped

    return decorator


def _missing_key(key, *args):
    # What incr() says of a missing key: callers already handle it.
    raise ValueError(f"Key '{key}' not found.")


class TolerantRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **{**DEFAULT_TIMEOUTS, **options})
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # One redis-py client per connection pool, as redis-py intends (it is thread-safe):
        # Django builds one per call, and building its table of response callbacks
        # costs more than a GET over loopback.
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]

    get = _when_unreachable(lambda key, default: default)(RedisCacheClient.get)
    get_many = _when_unreachable(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _when_unreachable(lambda key: False)(RedisCacheClient.has_key)
    add = _when_unreachable(lambda key, value, timeout: False)(RedisCacheClient.add)
    set = _when_unreachable(lambda key, value, timeout: None)(RedisCacheClient.set)
    set_many = _when_unreachable(lambda data, timeout: [])(RedisCacheClient.set_many)
    touch = _when_unreachable(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _when_unreachable(lambda key: False)(RedisCacheClient.delete)
    delete_many = _when_unreachable(lambda keys: None)(RedisCacheClient.delete_many)
    incr = _when_unreachable(_missing_key)(RedisCacheClient.incr)


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
