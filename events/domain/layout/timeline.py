"""Pure layout of the multi-year timeline: one row per kind of thing, bars in lanes.

Rows: chairmanship terms, summits, each exercise series, operations, milestones.
Coordinates are SVG user units across a fixed ``WIDTH`` whatever the number of
years, so the chart scales with the page. A date known only to the month or year
is drawn hatched over the whole period it may fall in and labelled with it
("2014"); nothing pretends to know the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from events.dates import format_day, format_span
from events.domain.layout.month import is_uncertain_date
from events.enums import Kind, Precision
from events.periods import period_end, period_start

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from events.models import Event, ExerciseSeries

WIDTH = 800
LANE_HEIGHT = 24
BAR_HEIGHT = 17
# Rough width of one label character in user units, to keep labels from colliding.
CHAR_WIDTH = 6.2
MIN_BAR_WIDTH = 3
MAX_YEARS = 60
# Most bars one timeline draws; beyond that it ends at an earlier year.
MAX_EVENTS = 400


@dataclass(frozen=True)
class Span:
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    event: Event
    solid: Span | None
    head: Span | None  # the start's uncertain period, hatched
    tail: Span | None  # the end's uncertain period, hatched
    label: str
    tail_label: str
    description: str
    lane: int = 0

    @property
    def x(self) -> float:
        return min(s.x for s in (self.head, self.solid, self.tail) if s is not None)

    @property
    def end(self) -> float:
        return max(s.x + s.width for s in (self.head, self.solid, self.tail) if s is not None)

    @property
    def y(self) -> float:
        return self.lane * LANE_HEIGHT + (LANE_HEIGHT - BAR_HEIGHT) / 2

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 5

    @property
    def label_x(self) -> float:
        return self.x + 3

    @property
    def tail_label_x(self) -> float:
        return self.tail.x + self.tail.width / 2 if self.tail else 0


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    bars: tuple[Bar, ...]
    undated: tuple[Event, ...]
    lanes: int

    @property
    def height(self) -> int:
        return max(self.lanes, 1) * LANE_HEIGHT


@dataclass(frozen=True)
class YearMark:
    year: int
    x: float
    width: float

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Timeline:
    first_year: int
    last_year: int
    rows: tuple[Row, ...]
    years: tuple[YearMark, ...]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def event_count(self) -> int:
        return sum(len(row.bars) + len(row.undated) for row in self.rows)


def year_range(first: dt.date | None, last: dt.date | None, *, today: dt.date) -> tuple[int, int]:
    """The years from the first dated day to the last (at most MAX_YEARS of
    them), or this year alone when there are no dated events."""
    if first is None or last is None:
        return today.year, today.year
    return first.year, min(last.year, first.year + MAX_YEARS - 1)


def build_timeline(
    events: Iterable[Event],
    *,
    series: Iterable[ExerciseSeries],
    first_year: int,
    last_year: int,
) -> Timeline:
    """Rows of bars for ``events`` from 1 January ``first_year`` to 31 December ``last_year``."""
    events = list(events)
    years = last_year - first_year + 1
    year_width = WIDTH / years
    window_start, window_end = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)

    def x_of(day: dt.date, *, after: bool = False) -> float:
        """The x of the start of ``day`` (or of its end, with ``after``)."""
        day = min(max(day, window_start), window_end)
        year_len = 366 if _is_leap(day.year) else 365
        offset = day.timetuple().tm_yday - 1 + (1 if after else 0)
        return (day.year - first_year) * year_width + offset / year_len * year_width

    def span(start: dt.date, end: dt.date) -> Span | None:
        if end < window_start or start > window_end:
            return None
        x = x_of(start)
        return Span(x, max(x_of(end, after=True) - x, 0))

    def bar(event: Event) -> Bar | None:
        first, last = event.start_date, event.end_date
        if first is None or last is None:
            return None
        if last < window_start or first > window_end:
            return None
        head = tail = solid = None
        tail_label = ""
        label = _short_label(event)
        if is_uncertain_date(event):
            # The whole bar is the uncertainty; its label says which period it is.
            tail = span(first, last)
            period = format_day(first, event.start_precision)
            label = period if label == event.display_name else f"{label}, {period}"
        else:
            solid_start, solid_end = first, last
            # No solid part when an uncertain period reaches the first or last day
            # a date can hold: there is no day after it (or before it) to start on.
            room = True
            if event.start_precision != Precision.DAY:
                head_end = period_end(first, event.start_precision)
                head = span(first, head_end)
                if head_end < dt.date.max:
                    solid_start = head_end + dt.timedelta(days=1)
                else:
                    room = False
            if event.end_precision != Precision.DAY:
                tail_start = period_start(last, event.end_precision)
                tail = span(tail_start, last)
                tail_label = format_day(last, event.end_precision)
                if tail_start > dt.date.min:
                    solid_end = tail_start - dt.timedelta(days=1)
                else:
                    room = False
            if room and solid_start <= solid_end:
                solid = span(solid_start, solid_end)
                if solid is not None and solid.width < MIN_BAR_WIDTH:
                    solid = Span(solid.x, MIN_BAR_WIDTH)
        return Bar(
            event=event,
            solid=solid,
            head=head,
            tail=tail,
            label=label,
            tail_label=tail_label,
            description=f"{event.display_name}, {format_span(event)}",
        )

    rows = []
    for key, label, row_events in _row_specs(events, series):
        bars = [b for b in (bar(e) for e in row_events) if b is not None]
        placed, lanes = _lanes(bars)
        undated = tuple(e for e in row_events if e.start_date is None)
        if placed or undated or key in {"terms", "summits"}:
            rows.append(Row(key=key, label=label, bars=placed, undated=undated, lanes=lanes))

    marks = tuple(
        YearMark(year, (year - first_year) * year_width, year_width)
        for year in range(first_year, last_year + 1)
    )
    return Timeline(first_year, last_year, tuple(rows), marks)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _row_specs(
    events: list[Event], series: Iterable[ExerciseSeries]
) -> Iterator[tuple[str, str, list[Event]]]:
    by_kind: dict[str, list[Event]] = {}
    for event in events:
        by_kind.setdefault(event.kind, []).append(event)
    yield "terms", _("Chairmanship"), by_kind.get(Kind.TERM, [])
    yield "summits", _("Summits"), by_kind.get(Kind.SUMMIT, [])
    exercises = by_kind.get(Kind.EXERCISE, [])
    for one in series:
        yield (
            f"series-{one.slug}",
            _("%(series)s exercises") % {"series": one.quoted_name},
            [e for e in exercises if e.series_id == one.pk],
        )
    yield "operations", _("Operations"), by_kind.get(Kind.OPERATION, [])
    yield "milestones", _("Milestones"), by_kind.get(Kind.MILESTONE, [])


def _short_label(event: Event) -> str:
    """What fits on a bar; the full name is in its title and accessible name."""
    if event.kind == Kind.TERM and event.country:
        return event.country_name
    if event.kind == Kind.EXERCISE and event.series_year:
        return str(event.series_year)
    if event.kind == Kind.SUMMIT and event.place:
        return event.place
    return event.display_name


def _lanes(bars: list[Bar]) -> tuple[tuple[Bar, ...], int]:
    """Stack bars so that neither bars nor their labels overlap."""
    bars.sort(key=lambda b: (b.x, -b.end))
    lane_ends: list[float] = []
    placed = []
    for bar in bars:
        reach = max(bar.end, bar.label_x + len(bar.label) * CHAR_WIDTH) + 2
        lane = next((i for i, end in enumerate(lane_ends) if end <= bar.x), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(reach)
        else:
            lane_ends[lane] = reach
        placed.append(replace(bar, lane=lane))
    return tuple(placed), len(lane_ends)
