"""Events as a feed reads them: the columns a VEVENT shows, without a model instance.

A cold feed writes every event of the calendar. Making a model instance per row
(its descriptors, its change tracking, a Country object per country) costs more
than writing the event's VEVENT, so a feed reads plain rows instead and wraps
each in a ``FeedEvent``: an object with the attributes the feed's writer reads
from an ``Event``, whose derived ones (its name, its place in the active
language, its dates as times, ...) are the model's own properties, lent, so
there is one definition of each. ``feed_event(event)`` makes the same object
from an instance; tests/domain/test_vevent_writer.py checks that a feed writes
the same bytes from either.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language

from events.models import Event

if TYPE_CHECKING:
    import datetime as dt
    import uuid
    import zoneinfo
    from decimal import Decimal

    from events.models import EventQuerySet, ExerciseSeries

# The columns a VEVENT shows, in the order ``FeedEvent`` takes them. Countries
# come as their stored codes (a multiple CountryField stores "BY,KZ").
COLUMNS = (
    "pk",
    "uid",
    "slug",
    "kind",
    "status",
    "series_id",
    "series_year",
    "title_en",
    "title_ru",
    "country",
    "participants",
    "forces_en",
    "forces_ru",
    "place_en",
    "place_ru",
    "description_en",
    "description_ru",
    "start_date",
    "start_precision",
    "start_time",
    "end_date",
    "end_precision",
    "end_time",
    "time_zone",
    "latitude",
    "longitude",
    "revision",
    "created_at",
    "updated_at",
)
# A slug a URL can hold as it is, so the event's URL is the pattern's with the slug in it.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_MARK = "feed-event-slug"


class FeedEvent:
    """One event's columns, read as a feed reads an ``Event``."""

    __slots__ = (*COLUMNS, "series")

    pk: int
    uid: uuid.UUID
    slug: str
    kind: str
    status: str
    series_id: int | None
    series_year: int | None
    title_en: str
    title_ru: str
    country: str
    participants: list[str]
    forces_en: str
    forces_ru: str
    place_en: str
    place_ru: str
    description_en: str
    description_ru: str
    start_date: dt.date | None
    start_precision: str
    start_time: dt.time | None
    end_date: dt.date | None
    end_precision: str
    end_time: dt.time | None
    time_zone: str
    latitude: Decimal | None
    longitude: Decimal | None
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime
    series: ExerciseSeries | None

    def __init__(self, row: tuple[Any, ...], series: ExerciseSeries | None) -> None:
        # Unpacked by name, in the order of COLUMNS: a tenth of what setattr in a
        # loop costs, and a feed makes one of these per event.
        (
            self.pk,
            self.uid,
            self.slug,
            self.kind,
            self.status,
            self.series_id,
            self.series_year,
            self.title_en,
            self.title_ru,
            self.country,
            participants,
            self.forces_en,
            self.forces_ru,
            self.place_en,
            self.place_ru,
            self.description_en,
            self.description_ru,
            self.start_date,
            self.start_precision,
            self.start_time,
            self.end_date,
            self.end_precision,
            self.end_time,
            self.time_zone,
            self.latitude,
            self.longitude,
            self.revision,
            self.created_at,
            self.updated_at,
        ) = row
        if isinstance(participants, str):
            participants = participants.split(",") if participants else []
        self.participants = participants
        self.series = series

    if TYPE_CHECKING:
        display_name: str
        country_name: str
        place: str
        description: str
        forces: str
        is_exact: bool
        ical_end: dt.date | None
        zone: zoneinfo.ZoneInfo | None
        has_calendar_zone: bool
        starts_at: dt.datetime | None
        ends_at: dt.datetime | None

        def name_in(self, language: str) -> str: ...

    else:
        # The model's own definitions, read against these attributes.
        name_in = Event.name_in
        display_name = Event.display_name
        country_name = Event.country_name
        place = Event.place
        description = Event.description
        forces = Event.forces
        is_exact = Event.is_exact
        ical_end = Event.ical_end
        zone = Event.zone
        has_calendar_zone = Event.has_calendar_zone
        starts_at = Event.starts_at
        ends_at = Event.ends_at

    def get_absolute_url(self) -> str:
        if _PLAIN_SLUG.fullmatch(self.slug):
            head, tail = _detail_address(get_language())
            return f"{head}{self.slug}{tail}"
        return reverse("event-detail", kwargs={"slug": self.slug})


@functools.cache
def _detail_address(language: str | None) -> tuple[str, str]:
    """An event page's address in ``language`` before and after its slug."""
    head, tail = iri_to_uri(reverse("event-detail", kwargs={"slug": _SLUG_MARK})).split(_SLUG_MARK)
    return head, tail


def feed_events(events: EventQuerySet[Event], series: dict[int, ExerciseSeries]) -> list[FeedEvent]:
    """``events`` read as plain rows; ``series`` by primary key (a feed reads them once)."""
    return [
        FeedEvent(row, series.get(row[5]) if row[5] is not None else None)
        for row in events.values_list(*COLUMNS)
    ]


def feed_event(event: Event) -> FeedEvent:
    """The ``FeedEvent`` of a model instance, as a feed would read its row."""
    row = [getattr(event, name) for name in COLUMNS]
    row[COLUMNS.index("country")] = str(event.country or "")
    row[COLUMNS.index("participants")] = [str(country) for country in event.participants]
    return FeedEvent(tuple(row), event.series)


class FeedRows:
    """The ``FeedEvent`` of events a feed writes, asked for a batch of ids at a
    time, in the feed's order (by id). Ids that run nearly without gaps (a cold
    build's batches) are read as a range, which costs PostgreSQL less than half
    what a list of 250 ids does; a whole batch read so brings the rows of the
    next few with it (``READ_AHEAD`` times as many), since one query costs less
    than several. Rows read ahead are kept only until a batch is asked for that
    they do not hold."""

    READ_AHEAD = 4

    def __init__(self, series: dict[int, ExerciseSeries], *, batch: int) -> None:
        self.series = series
        self.batch = batch
        self.ahead: dict[int, FeedEvent] = {}

    def of(self, pks: list[int]) -> list[FeedEvent]:
        """The events of ``pks`` still in the calendar, by id; a deleted one is left out."""
        ahead = self.ahead
        if ahead and all(pk in ahead for pk in pks):
            return [ahead.pop(pk) for pk in pks]
        ahead.clear()
        first, last = min(pks), max(pks)
        if last - first >= 2 * len(pks):
            return feed_events(Event.objects.filter(pk__in=pks), self.series)
        # At least every id from first to last, so every one asked for.
        count = last - first + 1
        if len(pks) * 2 >= self.batch:
            count = max(count, self.READ_AHEAD * len(pks))
        rows = Event.objects.filter(pk__gte=first).order_by("pk")[:count]
        wanted = set(pks)
        events = []
        for event in feed_events(rows, self.series):
            if event.pk in wanted:
                events.append(event)
            elif event.pk > last:
                ahead[event.pk] = event
        return events
