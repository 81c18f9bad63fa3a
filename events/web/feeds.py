"""iCal feeds: the whole calendar (or a filtered view of it) and single events.

The HTTP contract calendar clients need (Google, Apple, Outlook, Thunderbird):
- 200 with ``text/calendar; charset=utf-8`` to GET and HEAD, whatever the Accept
  header, user agent, cookies or Authorization header: feeds are public;
- a strong ETag from the bytes and a Last-Modified from the calendar change
  stamp (which also moves when an event is deleted);
- 304 to If-None-Match / If-Modified-Since without rebuilding or reading the
  bytes: each version is built once (events/delivery/feed_store.py) and recorded with its
  ETag in the shared cache;
- gzip to clients that accept it (all the major ones do), from a copy made while
  the feed was written, with its own ETag;
- Cache-Control and Access-Control-Allow-Origin: * for web calendar widgets.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from events.delivery import feed_background, feed_files, feed_store
from events.delivery.feed_files import StoredFeed
from events.delivery.http import accepts_gzip
from events.domain.ical.feed import calendar_head
from events.enums import TEXT_LANGUAGES
from events.models import Event
from events.web.feed_address import (
    FeedRequest,
    calendar_feed_contents,
    feed_language,
    feed_request,
    site_url,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO

    from events.models import CalendarStamp

    # ``build(stamp, gzip)`` writes a feed's version for ``stamp`` and gives the
    # representation asked for, opened (feed_store.build_and_open).
    type FeedBuild = Callable[[CalendarStamp, bool], tuple[StoredFeed, bytes | BinaryIO]]

logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Clients and proxies may reuse a feed this long without asking again.
MAX_AGE = 900
FILE_BLOCK_SIZE = 256 * 1024


def plain_400(lines) -> HttpResponse:
    return HttpResponseBadRequest(
        "".join(f"{line}\n" for line in lines), content_type="text/plain; charset=utf-8"
    )


def preparing(pending: feed_background.Preparing) -> HttpResponse:
    """503 for a large feed being built from nothing beside the request
    (feed_background.py): calendar clients ask again after Retry-After."""
    response = HttpResponse(
        "The calendar feed is being prepared; try again in a minute.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(pending.retry_after)
    return response


def unavailable(key: str) -> HttpResponse:
    """503 for a feed that could not be written (the folder is full or unwritable,
    as `manage.py check` says); called while handling that OSError, which is logged."""
    logger.exception("feed %s could not be written", key)
    response = HttpResponse(
        "The calendar feed is unavailable for a moment; try again shortly.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    return response


def _feed_response(
    request: HttpRequest,
    *,
    key: str,
    filename: str,
    language: str,
    build: FeedBuild,
) -> HttpResponseBase:
    """``build(stamp, gzip)`` writes the feed for ``stamp`` and gives it with the
    representation asked for, opened (feed_store.build_and_open)."""
    gzip = accepts_gzip(request)
    stamp, feed = feed_store.latest(key)
    body = None
    try:
        if feed is None:
            feed, body = build(stamp, gzip)
        response = _conditional(request, feed, stamp, gzip=gzip)
        if response is None and body is None:
            try:
                body = feed_store.body(feed, gzip=gzip)
            except OSError:
                # This version was removed after it was picked (a newer one was
                # written since, or the folder made room), or another server
                # built it: the feed as it is now, built here if need be.
                stamp, feed, body = _now(key, build, gzip=gzip)
                response = _conditional(request, feed, stamp, gzip=gzip)
    except feed_background.Preparing as pending:
        return preparing(pending)
    except OSError:
        return unavailable(key)
    if response is None:
        response = _body_response(body if body is not None else b"")
        if gzip:
            response["Content-Encoding"] = "gzip"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    elif body is not None and not isinstance(body, bytes):
        body.close()
    etag = feed.gzip_etag if gzip else feed.etag
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    response["Last-Modified"] = http_date(int(stamp.changed_at.timestamp()))
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    # The feed's own language (?lang=), whatever the client's Accept-Language.
    response["Content-Language"] = language
    return response


def _body_response(body: bytes | BinaryIO) -> HttpResponseBase:
    if isinstance(body, bytes):
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        response["Content-Length"] = str(len(body))
        return response
    streamed = FileResponse(body, content_type=CONTENT_TYPE)
    # Servers without sendfile (runserver, ASGI) read it this much at a time.
    streamed.block_size = FILE_BLOCK_SIZE
    return streamed


def _conditional(
    request: HttpRequest, feed: StoredFeed, stamp: CalendarStamp, *, gzip: bool
) -> HttpResponseBase | None:
    """304 (or 412) when the client's copy is this version, else None."""
    return get_conditional_response(
        request,
        etag=feed.gzip_etag if gzip else feed.etag,
        last_modified=int(stamp.changed_at.timestamp()),
    )


def _now(
    key: str, build: FeedBuild, *, gzip: bool
) -> tuple[CalendarStamp, StoredFeed, bytes | BinaryIO]:
    """The feed's current version, asked for afresh, and its representation,
    opened: the recorded one if this server has it, else built here (and opened
    before anything can remove it)."""
    stamp, feed = feed_store.latest(key, fresh=True)
    if feed is not None:
        try:
            return stamp, feed, feed_store.body(feed, gzip=gzip)
        except OSError:
            pass
    return stamp, *build(stamp, gzip)


def feed_bytes(key: str, build: FeedBuild) -> tuple[CalendarStamp, bytes]:
    """The plain iCalendar bytes of the feed ``key`` as it is now, and the stamp
    they were built under: the stored version, else built (as a request for the
    feed would). Raises OSError when the feed cannot be written."""
    stamp, feed = feed_store.latest(key)
    if feed is None:
        feed, body = build(stamp, False)
    else:
        try:
            body = feed_store.body(feed, gzip=False)
        except OSError:
            stamp, feed, body = _now(key, build, gzip=False)
    if not isinstance(body, bytes):
        with body:
            body = body.read()
    return stamp, body


def calendar_build(asked: FeedRequest, base: str) -> FeedBuild:
    """How to build the calendar feed ``asked`` for."""
    return lambda stamp, gzip: feed_store.build_and_open(
        asked.feed_url, stamp, gzip=gzip, **calendar_feed_contents(asked, base)
    )


def event_feed_url(base: str, slug: str, language: str) -> str:
    """The canonical address of one event's feed in ``language``."""
    feed_url = base + reverse("event-feed", kwargs={"slug": slug})
    if language != TEXT_LANGUAGES[0]:
        feed_url += f"?lang={language}"
    return feed_url


def public_event(slug: str) -> Event:
    """The published event at ``slug``, as much of it as its feed needs; 404 otherwise."""
    return get_object_or_404(Event.objects.public().only("pk", "slug"), slug=slug)


def event_build(event: Event, *, feed_url: str, base: str, language: str) -> FeedBuild:
    """How to build ``event``'s own feed, at ``feed_url``."""

    def build(stamp: CalendarStamp, gzip: bool) -> tuple[StoredFeed, bytes | BinaryIO]:
        with translation.override(language):
            page_url = base + event.get_absolute_url()
        return feed_store.build_and_open(
            feed_url,
            stamp,
            shelf=feed_files.EVENT,
            gzip=gzip,
            head=calendar_head(
                base_url=base, language=language, feed_url=feed_url, page_url=page_url
            ),
            events=Event.objects.filter(pk=event.pk).dated(),
            base_url=base,
            language=language,
        )

    return build


def calendar_request(request: HttpRequest) -> tuple[str, FeedRequest]:
    """The site's address, and what the calendar feed's address in ``request`` asks for."""
    base = site_url(request)
    # As WSGI hands it over: bytes read as ISO-8859-1, decoded as UTF-8 below
    # (as request.GET is), so an address sent unencoded reads as it does on pages.
    query_string = request.META.get("QUERY_STRING", "").encode("iso-8859-1", "replace")
    return base, feed_request(base, query_string)


def language_400() -> HttpResponse:
    return plain_400([f"lang must be one of: {', '.join(TEXT_LANGUAGES)}."])


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponseBase:
    """The whole calendar, or the events the page filters select (kind, country, series, q)."""
    base, asked = calendar_request(request)
    if asked.errors:
        return plain_400(asked.errors)
    return _feed_response(
        request,
        key=asked.feed_url,
        filename="cstocal.ics",
        language=asked.language,
        build=calendar_build(asked, base),
    )


@require_safe
def event_feed(request: HttpRequest, slug: str) -> HttpResponseBase:
    """One event as a calendar, for "add to my calendar" links."""
    language = feed_language(request)
    if language is None:
        return language_400()
    event = public_event(slug)
    base = site_url(request)
    feed_url = event_feed_url(base, slug, language)
    return _feed_response(
        request,
        key=feed_url,
        filename=f"{event.slug}.ics",
        language=language,
        build=event_build(event, feed_url=feed_url, base=base, language=language),
    )
