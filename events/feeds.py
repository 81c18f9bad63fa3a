"""iCal feeds: the whole calendar (or a filtered view of it) and single events.

The HTTP contract calendar clients need (Google, Apple, Outlook, Thunderbird):
- 200 with ``text/calendar; charset=utf-8`` to GET and HEAD, whatever the Accept
  header, user agent, cookies or Authorization header: feeds are public;
- a strong ETag from the bytes and a Last-Modified from the calendar change
  stamp (which also moves when an event is deleted);
- 304 to If-None-Match / If-Modified-Since without rebuilding or reading the
  bytes: each version is built once (events/feed_store.py) and recorded with its
  ETag in the shared cache;
- gzip to clients that accept it (all the major ones do), from a copy made while
  the feed was written, with its own ETag;
- Cache-Control and Access-Control-Allow-Origin: * for web calendar widgets.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from events import feed_store
from events.feed_store import StoredFeed
from events.filters import EventFilter
from events.http import accepts_gzip
from events.ical import calendar_head
from events.models import TEXT_LANGUAGES, Event

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Clients and proxies may reuse a feed this long without asking again.
MAX_AGE = 900
FILE_BLOCK_SIZE = 256 * 1024


def site_url(request: HttpRequest) -> str:
    return settings.CSTOCAL_SITE_URL or f"{request.scheme}://{request.get_host()}"


def _feed_language(request: HttpRequest) -> str | None:
    language = request.GET.get("lang", TEXT_LANGUAGES[0])
    return language if language in TEXT_LANGUAGES else None


def _plain_400(lines) -> HttpResponse:
    return HttpResponseBadRequest(
        "".join(f"{line}\n" for line in lines), content_type="text/plain; charset=utf-8"
    )


def _unavailable(key: str) -> HttpResponse:
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
    build: Callable[[str], StoredFeed],
) -> HttpResponse:
    stamp, feed = feed_store.current(key)
    token = str(stamp.token)
    try:
        feed = feed or build(token)
    except OSError:
        return _unavailable(key)
    gzip = accepts_gzip(request)
    etag = feed.gzip_etag if gzip else feed.etag
    last_modified = int(stamp.changed_at.timestamp())

    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        try:
            body = feed_store.body(feed, gzip=gzip)
        except FileNotFoundError:
            # Built by another server, or removed since: the same bytes again.
            try:
                feed = build(token)
                body = feed_store.body(feed, gzip=gzip)
            except OSError:
                return _unavailable(key)
        if isinstance(body, bytes):
            response = HttpResponse(body, content_type=CONTENT_TYPE)
            response["Content-Length"] = str(len(body))
        else:
            response = FileResponse(body, content_type=CONTENT_TYPE)
            # Servers without sendfile (runserver, ASGI) read it this much at a time.
            response.block_size = FILE_BLOCK_SIZE
        if gzip:
            response["Content-Encoding"] = "gzip"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    # The feed's own language (?lang=), whatever the client's Accept-Language.
    response["Content-Language"] = language
    return response


@dataclass(frozen=True)
class _FeedRequest:
    """What a calendar feed's address asks for, read once per distinct address."""

    errors: tuple[str, ...]
    language: str = TEXT_LANGUAGES[0]
    filter: EventFilter = field(default_factory=EventFilter)
    feed_url: str = ""
    page_url: str = ""


@functools.lru_cache(maxsize=512)
def _read_feed_request(base: str, query_string: str) -> _FeedRequest:
    query = QueryDict(query_string)
    language = query.get("lang", TEXT_LANGUAGES[0])
    if language not in TEXT_LANGUAGES:
        return _FeedRequest(errors=(f"lang must be one of: {', '.join(TEXT_LANGUAGES)}.",))
    with translation.override(language):
        event_filter = EventFilter.from_query(query)
        page_url = base + reverse("home") + event_filter.query_string()
    if event_filter.errors:
        return _FeedRequest(errors=event_filter.errors)
    lang_param = "" if language == TEXT_LANGUAGES[0] else language
    return _FeedRequest(
        errors=(),
        language=language,
        filter=event_filter,
        feed_url=base + reverse("calendar-feed") + event_filter.query_string(lang=lang_param),
        page_url=page_url,
    )


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The whole calendar, or the events the page filters select (kind, country, series, q)."""
    base = site_url(request)
    asked = _read_feed_request(base, request.META.get("QUERY_STRING", ""))
    if asked.errors:
        return _plain_400(asked.errors)
    return _feed_response(
        request,
        key=asked.feed_url,
        filename="cstocal.ics",
        language=asked.language,
        build=functools.partial(_build_calendar_feed, asked, base),
    )


def _build_calendar_feed(asked: _FeedRequest, base: str, token: str) -> StoredFeed:
    return feed_store.build(
        asked.feed_url,
        token,
        head=calendar_head(
            base_url=base,
            language=asked.language,
            feed_url=asked.feed_url,
            page_url=asked.page_url,
        ),
        # In order of creation: clients do not care, a new event is appended
        # (so only the last batch changes), and ids sort cheaply.
        events=asked.filter.apply(Event.objects.public().dated()).order_by("pk"),
        base_url=base,
        language=asked.language,
        complete=asked.filter == EventFilter(),
    )


def warm_calendar_feed(base: str, query_string: str = "") -> tuple[StoredFeed, bool]:
    """The calendar feed served at ``base``/calendar.ics?``query_string``, built
    for the calendar's current version unless it is already; and whether it was
    built now. For deploys (``manage.py warmfeeds``): the first build of a large
    calendar serialises every event and can outlast a request's timeout."""
    asked = _read_feed_request(base, query_string)
    if asked.errors:
        raise ValueError(" ".join(asked.errors))
    stamp, feed = feed_store.current(asked.feed_url)
    if feed is not None and feed.path().exists():
        return feed, False
    return _build_calendar_feed(asked, base, str(stamp.token)), True


@require_safe
def event_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """One event as a calendar, for "add to my calendar" links."""
    language = _feed_language(request)
    if language is None:
        return _plain_400([f"lang must be one of: {', '.join(TEXT_LANGUAGES)}."])
    event = get_object_or_404(Event.objects.public().only("pk", "slug"), slug=slug)
    base = site_url(request)
    feed_url = base + reverse("event-feed", kwargs={"slug": slug})
    if language != TEXT_LANGUAGES[0]:
        feed_url += f"?lang={language}"

    def build(token: str) -> StoredFeed:
        with translation.override(language):
            page_url = base + event.get_absolute_url()
        return feed_store.build(
            feed_url,
            token,
            head=calendar_head(
                base_url=base, language=language, feed_url=feed_url, page_url=page_url
            ),
            events=Event.objects.filter(pk=event.pk).dated(),
            base_url=base,
            language=language,
        )

    return _feed_response(
        request, key=feed_url, filename=f"{event.slug}.ics", language=language, build=build
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the calendar and its feeds, not the admin or the API's writes."""
    lines = [
        "User-agent: *",
        "Allow: /calendar.ics",
        "Allow: /events/",
        "Allow: /",
        "Disallow: /admin/",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@dataclass(frozen=True)
class SubscribeLinks:
    """Ways to subscribe to a feed, for the "Subscribe to this view" box."""

    https: str
    webcal: str
    google: str
    outlook: str
    office365: str


def subscribe_links(feed_url: str, *, name: str) -> SubscribeLinks:
    """Links that add the feed at ``feed_url`` (absolute http or https) to calendar apps."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    add_from_web = urlencode({"url": feed_url, "name": name})
    return SubscribeLinks(
        https=feed_url,
        webcal=webcal,
        # Google takes the webcal:// address as a calendar id and asks to subscribe.
        google="https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        outlook=f"https://outlook.live.com/calendar/0/addfromweb?{add_from_web}",
        office365=f"https://outlook.office.com/calendar/0/addfromweb?{add_from_web}",
    )
