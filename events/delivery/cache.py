"""What django-redis is told to do beyond its defaults (cstocal/settings.py).

While Redis is unreachable the site answers from the database, as if nothing were
cached: django-redis does that itself (IGNORE_EXCEPTIONS), and logs the failure
(DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS). Two things it does not do are here.

Back-off: django-redis asks Redis again on every cache call, and a request makes
several. Refused connections cost nothing, but a Redis that accepts and never
answers (hung, or its host gone behind a firewall that drops packets) costs a
socket timeout per call. Measured on 4 December 2026 (bench/cache_compare.py
outage, the seed data's month page, median of 20 requests): with Redis refusing
connections, 9 ms with plain django-redis and 7 ms with this back-off; with Redis
hung, 1.5 s (three calls at the 0.5 s timeout) against 7 ms. So after a failure
this process leaves that Redis alone for BACKOFF_SECONDS: an outage costs one
timeout now and then, not several on every request. The calls it skips fail as a
failure would, and are not logged again (NotWhileBackingOff).

Unreadable entries: an entry that cannot be unpickled (an older release's object
of a class this one no longer has) reads as a miss, and is logged, where
django-redis would raise. What we store is plain data, but a release must survive
what the last one left behind.
"""

from __future__ import annotations

import logging
import time
import weakref

from django_redis.client import DefaultClient
from redis import Redis
from redis.client import Pipeline
from redis.connection import ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# How long to stop asking Redis after it failed.
BACKOFF_SECONDS = 5.0

# Until when each Redis (each connection pool: one per URL in a process) is left alone.
_down_until: weakref.WeakKeyDictionary[ConnectionPool, float] = weakref.WeakKeyDictionary()


class BackingOff(RedisConnectionError):
    """A call not made because this Redis failed less than BACKOFF_SECONDS ago."""


def _attempt(pool: ConnectionPool, call, *args, **kwargs):
    if time.monotonic() < _down_until.get(pool, 0.0):
        raise BackingOff("Redis failed moments ago; not asked again yet")
    try:
        return call(*args, **kwargs)
    except (RedisConnectionError, RedisTimeoutError):
        _down_until[pool] = time.monotonic() + BACKOFF_SECONDS
        raise


class FailSoftRedis(Redis):
    """redis.Redis that leaves its Redis alone for a while after a failure
    (django-redis' REDIS_CLIENT_CLASS)."""

    def execute_command(self, *args, **options):
        return _attempt(self.connection_pool, super().execute_command, *args, **options)

    def pipeline(self, transaction=True, shard_hint=None):
        # set_many and delete_pattern go through a pipeline.
        return _FailSoftPipeline(
            self.connection_pool, self.response_callbacks, transaction, shard_hint
        )


class _FailSoftPipeline(Pipeline):
    def execute(self, raise_on_error=True):
        return _attempt(self.connection_pool, super().execute, raise_on_error)


class NotWhileBackingOff(logging.Filter):
    """Keeps django-redis' "Exception ignored" records of calls skipped while
    backing off out of the log: the failure that started it is logged already."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(getattr(error, "__cause__", None), BackingOff)


class _Unreadable:
    """What decode gives for an entry it cannot read."""

    def __init__(self, error: Exception) -> None:
        self.error = error


class LenientClient(DefaultClient):
    """django-redis' client, reading an entry it cannot unpickle as a miss
    (django-redis' CLIENT_CLASS)."""

    def get(self, key, default=None, version=None, client=None):
        value = super().get(key, default, version=version, client=client)
        return default if _unreadable(key, value) else value

    def get_many(self, keys, version=None, client=None):
        found = super().get_many(keys, version=version, client=client)
        return {key: value for key, value in found.items() if not _unreadable(key, value)}

    def decode(self, value):
        try:
            return super().decode(value)
        except Exception as exc:
            # Whatever unpickling raises: AttributeError or ImportError for a
            # class that has gone, UnpicklingError or EOFError for a cut entry.
            return _Unreadable(exc)


def _unreadable(key: str, value: object) -> bool:
    if type(value) is not _Unreadable:
        return False
    logger.warning("cache entry %s is unreadable (%r); read as a miss", key, value.error)
    return True
