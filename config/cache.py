"""A Redis cache that never takes a request down with it.

The cache only holds what can be computed again (dashboard figures, throttle counts). When Redis
is down or slow, every call answers as a miss (reads return the default, writes are dropped) after
a short socket timeout, and the failure is logged once a minute, not per call: pages and the API
keep working, and the throttles let requests through rather than refusing everyone."""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
_LOG_EVERY = 60.0


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def _failed(self, name: str, error: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged > _LOG_EVERY:
            ResilientRedisCache._last_logged = now
            logger.warning("cache unavailable (%s: %s), answering as a miss", name, error.__class__.__name__)


def _tolerant(name: str, fallback):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            self._failed(name, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback
    return call


def _default(key, default=None, *args, **kwargs):
    return default


for _name, _fallback in {
    "get": _default, "set": None, "add": False, "touch": False, "delete": False, "get_many": lambda *a, **k: {},
    "set_many": lambda data, *a, **k: list(data), "delete_many": None, "has_key": False, "clear": False,
    "incr": None, "get_or_set": lambda key, default, *a, **k: default() if callable(default) else default,
}.items():
    setattr(ResilientRedisCache, _name, _tolerant(_name, _fallback))
