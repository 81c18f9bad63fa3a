"""The calendar's change stamp as every request reads it: from the cache.

The stamp is read on every request, so it is kept in the cache too: written when a
change commits, and read together with the entry it validates (one round trip to
Redis, none to PostgreSQL). Should that write be lost (Redis down at the moment of
the commit), a cached stamp lives at most CSTOCAL_STAMP_SECONDS; without a shared
cache each process keeps its own.

Feeds, which clients may keep 15 minutes anyway (Cache-Control), trust the stamp
this process last read for FEED_STAMP_SECONDS without asking again; a change made
in this process is seen at once.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import cache
from django.dispatch import receiver

from events.models import CalendarStamp
from events.models.stamp import calendar_change_committed, calendar_changed

CACHE_KEY = "calendar-stamp"
FEED_STAMP_SECONDS = 1.0


class _Recent:
    """The stamp this process last read, and until when it may be trusted."""

    until = 0.0
    stamp: CalendarStamp | None = None


def current_stamp() -> CalendarStamp:
    return stamp_with_entry(None)[0]


def stamp_with_entry(
    key: str | None, *, found: Mapping[str, object] | None = None
) -> tuple[CalendarStamp, object]:
    """The current stamp, and the cache entry at ``key`` read in the same trip;
    or from ``found``, what the caller read of both keys in a trip of its own."""
    if found is None:
        found = cache.get_many([CACHE_KEY] if key is None else [CACHE_KEY, key])
    stamp = stamp_from_cache(found.get(CACHE_KEY))
    if stamp is None:
        stamp = CalendarStamp.read()
        # add, not set: never overwrite the stamp a commit has just written.
        cache.add(CACHE_KEY, stamp_for_cache(stamp), settings.CSTOCAL_STAMP_SECONDS)
    _Recent.until, _Recent.stamp = time.monotonic() + FEED_STAMP_SECONDS, stamp
    return stamp, found.get(key) if key is not None else None


def recent_stamp() -> CalendarStamp | None:
    """The stamp as this process read it less than FEED_STAMP_SECONDS ago."""
    if _Recent.stamp is not None and time.monotonic() < _Recent.until:
        return _Recent.stamp
    return None


def forget_recent_stamp() -> None:
    """Ask the cache (or the database) next time, as after FEED_STAMP_SECONDS."""
    _Recent.stamp = None


def stamp_for_cache(stamp: CalendarStamp) -> tuple[int, str, str]:
    """The stamp as the cache keeps it: plain data, which any release reads."""
    return (stamp.version, stamp.changed_at.isoformat(), str(stamp.token))


def stamp_from_cache(value: object) -> CalendarStamp | None:
    """The stamp ``stamp_for_cache`` wrote, or None for anything else (an entry an
    older release wrote, say): the database has it then."""
    if type(value) is not tuple or len(value) != 3 or type(value[0]) is not int:
        return None
    try:
        changed_at = dt.datetime.fromisoformat(value[1])
        token = uuid.UUID(value[2])
    except (TypeError, ValueError):
        return None
    if changed_at.tzinfo is None:
        return None
    return CalendarStamp(pk=1, version=value[0], changed_at=changed_at, token=token)


@receiver(calendar_changed)
def _hide_until_committed(sender: object, **kwargs: object) -> None:
    # Until the change commits, readers (this transaction's included) go to the
    # database; once it has, every reader sees the new stamp at once.
    cache.delete(CACHE_KEY)
    forget_recent_stamp()


@receiver(calendar_change_committed)
def _publish(sender: object, **kwargs: object) -> None:
    forget_recent_stamp()
    cache.set(CACHE_KEY, stamp_for_cache(CalendarStamp.read()), settings.CSTOCAL_STAMP_SECONDS)
