"""Calendar pages cached under the calendar change stamp.

A page is the same for every reader with the same address, language and day,
until something on the calendar changes; each entry holds the stamp's token it
was built under and is read in the same round trip as the current stamp, so a
change anywhere retires every cached page on every app server at once, a page
is rewritten in place, and no cache entry is ever invalidated by hand.
Pages carry no per-user content. Entries are plain strings and bytes, which any
release can read.

An entry also holds the page gzipped and the ETag ConditionalGetMiddleware
would compute: a page is compressed and hashed once, when it is cached, and
browsers (which all accept gzip) get about a sixth of the bytes. Compressing
is safe from BREACH here: a cached page is shared by every reader, so it holds
no secret to recover.

Why not Django's cache_page, with the stamp's token as its key prefix (as
pretalx does)? It stores whole pickled responses, takes only a fixed prefix (so
a wrapper must read the stamp first, then apply it on each request), reads the
stamp, the page's Vary list and the page in three round trips where this reads
the stamp and the entry in one, and keeps no gzip copy. Measured on 4 December
2026 (bench/cache_compare.py pages: the seed data's /2013/09/ in the test
client, one process, median per request of 400, median of 5 alternating rounds,
two runs), a cached month page took:

    memory cache:  this 222-227 µs, cache_page 292-299 µs (about 30 % slower)
    Redis:         this 421-462 µs, cache_page 725-840 µs (about 75 % slower)

with the rounds' ranges apart, and cache_page sent browsers the 26.9 KB page
where this sends its 4.0 KB gzip copy. So the pages keep this cache.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
from functools import wraps
from typing import TypeIs

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from events.delivery.http import accepts_gzip
from events.delivery.stamp import stamp_with_entry

PAGE_SECONDS = 3600
# The request header the month script sends to get only the month's fragment;
# pages vary on it.
FRAGMENT_HEADER = "X-Fragment"


def cached_calendar_page(view):
    """A page cached under the calendar change stamp (ETag from its bytes)."""
    return _cached(view, last_modified=False)


def cached_feed(view):
    """A feed cached as a page is, which also says when the calendar last changed
    (Last-Modified): a feed reader asking with either validator gets a 304 from
    the cache alone. Pages do not say it, since they also change with the day."""
    return _cached(view, last_modified=True)


def _cached(view, *, last_modified: bool):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        parts = (
            timezone.localdate().isoformat(),
            get_language() or "",
            request.get_host(),
            request.get_full_path(),
            request.headers.get(FRAGMENT_HEADER, ""),
        )
        key = "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
        stamp, cached = stamp_with_entry(key)
        token = str(stamp.token)
        stamped = stamp.changed_at if last_modified else None
        if _is_entry(cached) and cached[0] == token:
            return _response(request, *cached[1:], changed_at=stamped)
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        content = response.content
        entry = (
            content,
            response["Content-Type"],
            gzip.compress(content, compresslevel=6, mtime=0),
            quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest()),
        )
        cache.set(key, (token, *entry), PAGE_SECONDS)
        return _response(request, *entry, changed_at=stamped)

    return wrapper


def _is_entry(value: object) -> TypeIs[tuple[str, bytes, str, bytes, str]]:
    """Whether ``value`` is an entry as the wrapper writes it: (token, content,
    content type, gzipped content, ETag), all plain strings and bytes. An entry
    of another shape (an older release's, say) is not used."""
    return (
        type(value) is tuple
        and len(value) == 5
        and [type(part) for part in value] == [str, bytes, str, bytes, str]
    )


def _response(
    request,
    content: bytes,
    content_type: str,
    packed: bytes,
    etag: str,
    *,
    changed_at: dt.datetime | None = None,
):
    if accepts_gzip(request):
        response = HttpResponse(packed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
        # Another representation, another strong ETag.
        response["ETag"] = etag[:-1] + '-gzip"'
    else:
        response = HttpResponse(content, content_type=content_type)
        response["ETag"] = etag
    if changed_at is not None:
        response["Last-Modified"] = http_date(int(changed_at.timestamp()))
    patch_vary_headers(response, [FRAGMENT_HEADER, "Accept-Encoding"])
    return response
