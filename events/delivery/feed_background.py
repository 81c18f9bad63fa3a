"""Large feeds built from nothing, beside the request rather than in it.

A feed built from nothing writes every event: seconds at 100,000 events, ten
times that at a million, and longer on a loaded server, while gunicorn replaces a
worker that spends more than its timeout (30 s) on one request, and a streamed
answer does not count as progress for a sync worker. So a build that has no
earlier version to copy from (feed_store.can_copy) and more than
CSTOCAL_FEED_BACKGROUND_EVENTS events runs on a thread of its own, one per
process, one build at a time: the request waits for it up to
CSTOCAL_FEED_WAIT_SECONDS and is then answered 503 with Retry-After, while the
build goes on; whoever asks next (in this process) waits for the same build
rather than starting another, and once it is done every request is served from
its files. A jCal twin of such a feed is converted the same way (icalendar
parses the whole feed). ``manage.py warmfeeds`` at deploy time builds the
feeds ahead.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as WaitedTooLong
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connections

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)


class Preparing(Exception):
    """The feed is being built beside the request; ask again shortly."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("the feed is being built")
        self.retry_after = retry_after


_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
# (feed key, calendar token) -> the build of that version, running or done.
_builds: dict[tuple[str, str], Future[Any]] = {}


def is_large(count: int) -> bool:
    return count > settings.CSTOCAL_FEED_BACKGROUND_EVENTS


def built_beside[T](key: str, token: str, build: Callable[[], T]) -> T:
    """What ``build()`` gives (the version ``token`` of the feed, or of its jCal,
    ``key``), built on the background thread: waited for up to
    CSTOCAL_FEED_WAIT_SECONDS, else Preparing is raised and the build goes on."""
    global _executor
    with _lock:
        future = _builds.get((key, token))
        if future is None or (future.done() and future.exception() is not None):
            if _executor is None:
                _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-build")
            for done in [k for k, f in _builds.items() if f.done()]:
                del _builds[done]
            future = _executor.submit(_run, key, build)
            _builds[(key, token)] = future
    wait = settings.CSTOCAL_FEED_WAIT_SECONDS
    try:
        return future.result(timeout=wait)
    except WaitedTooLong:
        logger.info("feed %s: still being built after %s s; answered 503", key, wait)
        raise Preparing(retry_after=max(30, int(wait) * 3)) from None


def _run[T](key: str, build: Callable[[], T]) -> T:
    try:
        return build()
    except Exception:
        logger.exception("feed %s: the background build failed", key)
        raise
    finally:
        # This thread's own database connections, which nothing else closes.
        connections.close_all()
