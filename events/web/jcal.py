"""The feeds as jCal (RFC 7265): /calendar.jcal (with the feed's filters and
?lang=) and /events/<slug>.jcal.

Every .ics address has a .jcal twin holding the same calendar as JSON, written
from that feed's own bytes (events/delivery/jcal_store.py), so the two never
disagree and the events are serialised once. The HTTP contract is the feed's
(events/web/feeds.py): GET and HEAD alike for every client, a strong ETag from
the bytes (another for the gzip copy), Last-Modified from the calendar change
stamp, 304 to If-None-Match / If-Modified-Since with no query and no rebuild,
Cache-Control, Access-Control-Allow-Origin: * and the same 400 for a filter or
language the feed refuses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from events.delivery import feed_background, jcal_store
from events.delivery.http import accepts_gzip
from events.web.feed_address import feed_language, site_url
from events.web.feeds import (
    MAX_AGE,
    calendar_build,
    calendar_request,
    event_build,
    event_feed_url,
    feed_bytes,
    language_400,
    plain_400,
    preparing,
    public_event,
    unavailable,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from events.models import CalendarStamp

CONTENT_TYPE = "application/calendar+json; charset=utf-8"


@require_safe
def calendar_jcal(request: HttpRequest) -> HttpResponseBase:
    """The calendar feed at the same address (filters and language) as jCal."""
    base, asked = calendar_request(request)
    if asked.errors:
        return plain_400(asked.errors)
    return _jcal_response(
        request,
        key=asked.feed_url,
        filename="cstocal.jcal",
        language=asked.language,
        ics=lambda: feed_bytes(asked.feed_url, calendar_build(asked, base)),
    )


@require_safe
def event_jcal(request: HttpRequest, slug: str) -> HttpResponseBase:
    """One event's feed as jCal. While the calendar is unchanged its jCal is
    answered from the cache without looking the event up: any change to an
    event (unpublishing or deleting it included) moves the stamp."""
    language = feed_language(request)
    if language is None:
        return language_400()
    base = site_url(request)
    feed_url = event_feed_url(base, slug, language)

    def ics() -> tuple[CalendarStamp, bytes]:
        event = public_event(slug)
        return feed_bytes(
            feed_url, event_build(event, feed_url=feed_url, base=base, language=language)
        )

    return _jcal_response(
        request, key=feed_url, filename=f"{slug}.jcal", language=language, ics=ics
    )


def _built(key: str, stamp: CalendarStamp, ics: bytes) -> jcal_store.Built:
    """The jCal of ``ics``, written and kept (jcal_store.build): beside the
    request for a large calendar, whose conversion can outlast a request's
    timeout (feed_background.py; Preparing when it takes too long)."""
    if feed_background.is_large(ics.count(b"BEGIN:VEVENT")):
        return feed_background.built_beside(
            "jcal:" + key, str(stamp.token), lambda: jcal_store.build(key, stamp, ics)
        )
    return jcal_store.build(key, stamp, ics)


def _jcal_response(
    request: HttpRequest,
    *,
    key: str,
    filename: str,
    language: str,
    ics: Callable[[], tuple[CalendarStamp, bytes]],
) -> HttpResponseBase:
    """The jCal of the feed ``key``; ``ics()`` gives the feed's bytes as they
    are now (and the stamp they were built under), read only when the cache has
    no jCal for the current stamp."""
    gzip = accepts_gzip(request)
    stamp, version = jcal_store.latest(key)
    content = None
    try:
        if version is None:
            built = _built(key, *ics())
            stamp, version = built.stamp, built.version
            content = built.packed if gzip else built.plain
        response = _conditional(request, version, stamp, gzip=gzip)
        if response is None and content is None:
            content = jcal_store.body(key, version, gzip=gzip)
            if content is None:
                # Evicted, or replaced by a newer version's since the record was read.
                built = _built(key, *ics())
                stamp, version = built.stamp, built.version
                content = built.packed if gzip else built.plain
                response = _conditional(request, version, stamp, gzip=gzip)
    except feed_background.Preparing as pending:
        return preparing(pending)
    except OSError:
        return unavailable(key)
    if response is None:
        response = HttpResponse(content, content_type=CONTENT_TYPE)
        response["Content-Length"] = str(len(content or b""))
        if gzip:
            response["Content-Encoding"] = "gzip"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = version.gzip_etag if gzip else version.etag
    response["Last-Modified"] = http_date(int(stamp.changed_at.timestamp()))
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    response["Content-Language"] = language
    return response


def _conditional(
    request: HttpRequest, version: jcal_store.JcalVersion, stamp: CalendarStamp, *, gzip: bool
) -> HttpResponseBase | None:
    """304 (or 412) when the client's copy is this version, else None."""
    return get_conditional_response(
        request,
        etag=version.gzip_etag if gzip else version.etag,
        last_modified=int(stamp.changed_at.timestamp()),
    )
