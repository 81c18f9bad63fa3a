"""Feed addresses: what a calendar feed's address asks for (language and filters),
its one canonical form, and what a build of it needs.

Every spelling of one selection reads as one canonical address, so one feed file
(and one cache entry) serves them all. Read once per distinct address.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.urls import get_script_prefix, reverse
from django.utils import translation

from events.delivery import feed_files
from events.domain.ical.feed import calendar_head
from events.enums import TEXT_LANGUAGES
from events.models import Event
from events.web.filters import EventFilter, known_series_slugs


def site_url(request: HttpRequest) -> str:
    return settings.CSTOCAL_SITE_URL or f"{request.scheme}://{request.get_host()}"


def feed_language(request: HttpRequest) -> str | None:
    language = request.GET.get("lang", TEXT_LANGUAGES[0])
    return language if language in TEXT_LANGUAGES else None


@dataclass(frozen=True)
class FeedRequest:
    """What a calendar feed's address asks for, read once per distinct address."""

    errors: tuple[str, ...]
    language: str = TEXT_LANGUAGES[0]
    filter: EventFilter = field(default_factory=EventFilter)
    feed_url: str = ""
    page_url: str = ""


def feed_request(base: str, query_string: str | bytes) -> FeedRequest:
    """The feed a calendar feed's address asks for. Its series are checked against
    the series table only when it names one: the unfiltered feed, polled by every
    subscriber, never looks. (The slugs are part of the key the reading is kept
    under, so a series added or removed is seen at once.)"""
    # A plain substring test, so the hot path parses nothing; a false positive
    # ("q=series") only costs looking the slugs up.
    if isinstance(query_string, bytes):
        names_series = b"series" in query_string
    else:
        names_series = "series" in query_string
    series_slugs = known_series_slugs() if names_series else frozenset()
    # The addresses it writes hold the script prefix, so the prefix is in the key.
    return _read_feed_request(base, query_string, series_slugs, get_script_prefix())


@functools.lru_cache(maxsize=512)
def _read_feed_request(
    base: str, query_string: str | bytes, series_slugs: frozenset[str], script_prefix: str
) -> FeedRequest:
    query = QueryDict(query_string)
    language = query.get("lang", TEXT_LANGUAGES[0])
    if language not in TEXT_LANGUAGES:
        return FeedRequest(errors=(f"lang must be one of: {', '.join(TEXT_LANGUAGES)}.",))
    with translation.override(language):
        event_filter = EventFilter.from_query(query, series_slugs=series_slugs)
        page_url = base + reverse("home") + event_filter.query_string()
    if event_filter.errors:
        return FeedRequest(errors=event_filter.errors, filter=event_filter)
    lang_param = "" if language == TEXT_LANGUAGES[0] else language
    return FeedRequest(
        errors=(),
        language=language,
        filter=event_filter,
        feed_url=base + reverse("calendar-feed") + event_filter.query_string(lang=lang_param),
        page_url=page_url,
    )


def calendar_feed_contents(asked: FeedRequest, base: str) -> dict[str, Any]:
    """What feed_store.build needs to write the calendar feed ``asked`` for."""
    if asked.filter.q:
        shelf = feed_files.SEARCH
    elif asked.filter.is_active:
        shelf = feed_files.FILTERED
    else:
        shelf = feed_files.WHOLE
    return {
        "shelf": shelf,
        "head": calendar_head(
            base_url=base,
            language=asked.language,
            feed_url=asked.feed_url,
            page_url=asked.page_url,
        ),
        # In order of creation: clients do not care, a new event is appended
        # (so only the last batch changes), and ids sort cheaply.
        "events": asked.filter.apply(Event.objects.public().dated()).order_by("pk"),
        "base_url": base,
        "language": asked.language,
        "complete": not asked.filter.is_active,
    }
