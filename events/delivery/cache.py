"""A Redis cache that fails soft: while Redis is unreachable the site answers
from the database, as if nothing were cached, instead of failing.

After a failure Redis is left alone for a few seconds (per process), so an
outage costs one short timeout now and then, not one on every request.

An entry that cannot be unpickled (an older release's object of a class this
one no longer has) reads as a miss, and is logged: what we store is plain data,
but a release must survive what the last one left behind.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long to stop asking Redis after it failed.
BACKOFF_SECONDS = 5.0

_FAILURES = (RedisError, OSError)


# What _loads gives for an entry it cannot read.
_UNREADABLE = object()


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one redis.Redis per connection pool.

    Django builds a new redis.Redis for every cache call, and building one
    (its table of response callbacks) costs about half a millisecond: more
    than the round trip to Redis itself. A redis.Redis is thread-safe and holds
    no state but its pool, so one per pool serves every call."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def get(self, key, default):
        value = self.get_client(key).get(key)
        value = _UNREADABLE if value is None else self._loads(key, value)
        return default if value is _UNREADABLE else value

    def get_many(self, keys):
        found = {}
        for key, value in zip(keys, self.get_client(None).mget(keys), strict=True):
            if value is not None:
                value = self._loads(key, value)
                if value is not _UNREADABLE:
                    found[key] = value
        return found

    def _loads(self, key, value):
        try:
            return self._serializer.loads(value)
        except Exception as exc:
            # Whatever unpickling raises: AttributeError or ImportError for a
            # class that has gone, UnpicklingError or EOFError for a cut entry.
            logger.warning("cache entry %s is unreadable (%r); read as a miss", key, exc)
            return _UNREADABLE


class FailSoftRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _attempt(self, operation: str, fallback, call):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return call()
        except _FAILURES as exc:
            if self._down_until == 0.0 or time.monotonic() >= self._down_until:
                logger.warning("cache unavailable (%s): %s; serving uncached", operation, exc)
            self._down_until = time.monotonic() + BACKOFF_SECONDS
            return fallback

    def get(self, key, default=None, version=None):
        return self._attempt(
            "get", default, lambda: super(FailSoftRedisCache, self).get(key, default, version)
        )

    def set(self, key, value, timeout=None, version=None, **kwargs):
        return self._attempt(
            "set", None, lambda: super(FailSoftRedisCache, self).set(key, value, timeout, version)
        )

    def add(self, key, value, timeout=None, version=None):
        return self._attempt(
            "add", False, lambda: super(FailSoftRedisCache, self).add(key, value, timeout, version)
        )

    def touch(self, key, timeout=None, version=None):
        return self._attempt(
            "touch", False, lambda: super(FailSoftRedisCache, self).touch(key, timeout, version)
        )

    def delete(self, key, version=None):
        return self._attempt(
            "delete", False, lambda: super(FailSoftRedisCache, self).delete(key, version)
        )

    def get_many(self, keys, version=None):
        return self._attempt(
            "get_many", {}, lambda: super(FailSoftRedisCache, self).get_many(keys, version)
        )

    def set_many(self, data, timeout=None, version=None):
        return self._attempt(
            "set_many",
            list(data),
            lambda: super(FailSoftRedisCache, self).set_many(data, timeout, version),
        )

    def delete_many(self, keys, version=None):
        return self._attempt(
            "delete_many", None, lambda: super(FailSoftRedisCache, self).delete_many(keys, version)
        )

    def has_key(self, key, version=None):
        return self._attempt(
            "has_key", False, lambda: super(FailSoftRedisCache, self).has_key(key, version)
        )

    def incr(self, key, delta=1, version=None):
        # incr of a missing key raises ValueError in Django; an outage must not.
        return self._attempt(
            "incr", delta, lambda: super(FailSoftRedisCache, self).incr(key, delta, version)
        )

    def clear(self):
        return self._attempt("clear", False, lambda: super(FailSoftRedisCache, self).clear())
