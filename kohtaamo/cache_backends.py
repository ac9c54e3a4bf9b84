"""Django's Redis cache, made to survive a Redis that is down.

Every read that fails is a miss, every write that fails is dropped; the error is logged (at most
once every LOG_EVERY seconds per process, with the count of failures in between), never shown to
the visitor. Pages are then rendered from the database, as on a cold cache.

A change published while Redis is unreachable cannot start a new cache generation; if the same
Redis comes back with its old entries, they are served until they expire (pages: at most
`PAGE_CACHE_TIMEOUT`, one hour by default). A Redis restarted empty has no such entries.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_EVERY = 10.0


class _FailureLog:
    def __init__(self):
        self.last = 0.0
        self.suppressed = 0

    def record(self, operation, error):
        now = time.monotonic()
        if now - self.last < LOG_EVERY:
            self.suppressed += 1
            return
        logger.error(
            "Cache unavailable (%s failed: %s); serving without it%s",
            operation,
            error,
            f" ({self.suppressed} more failures since the last message)" if self.suppressed else "",
        )
        self.last = now
        self.suppressed = 0


FAILURES = _FailureLog()


def _tolerant(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                FAILURES.record(method.__name__, error)
                value = fallback(args, kwargs) if callable(fallback) else fallback
                return value

        return wrapper

    return decorate


def _default_argument(args, kwargs):
    """get(key, default=None): the caller's default."""
    if len(args) > 1:
        return args[1]
    return kwargs.get("default")


class ResilientRedisCache(RedisCache):
    get = _tolerant(_default_argument)(RedisCache.get)
    add = _tolerant(False)(RedisCache.add)
    set = _tolerant(None)(RedisCache.set)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    get_many = _tolerant(lambda args, kwargs: {})(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    incr = _tolerant(None)(RedisCache.incr)
    set_many = _tolerant(lambda args, kwargs: list(args[0]) if args else [])(RedisCache.set_many)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    clear = _tolerant(False)(RedisCache.clear)
