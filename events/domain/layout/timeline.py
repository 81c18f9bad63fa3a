"""Pure layout of the multi-year timeline, drawn as an atlas.

Rows: chairmanship terms, summits, one row per exercise series (and one for
exercises of no series shown), operations, milestones. Operations are listed
with their dates rather than drawn: they are few, long and often undated.

Coordinates are SVG user units drawn one to one as CSS pixels: the chart is
``WIDTH`` wide, or wider when many years need room (it then scrolls in its own
box), so a label's width can be estimated from its length. Every row has two
bands: label lines above, marks below. A label never sits on a mark nor on
another label: it starts right above its mark, on a thin leader that drops to
it, and when marks are close their labels take further lines.

A date known only to the month or year is drawn hatched over the whole period it
may fall in; nothing pretends to know the day.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from events.dates import format_span
from events.domain.layout.month import is_uncertain_date
from events.enums import Kind, Precision
from events.periods import period_end, period_start

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from events.models import Event, ExerciseSeries

WIDTH = 760
# Narrowest a year is drawn; more years than fit in WIDTH widen the chart.
MIN_YEAR_WIDTH = 72
BAR_HEIGHT = 14
LANE_HEIGHT = 20
LINE_HEIGHT = 17  # one line of labels
LABEL_FONT = 12  # px; the template's CSS uses the same size
# Generous width of one label character at LABEL_FONT (Cyrillic is the widest we
# print), so that estimated boxes always hold the drawn text.
CHAR_WIDTH = 7.4
LABEL_PAD = 4  # between the leader and the text
LABEL_GAP = 10  # between two labels on one line
PIN_RADIUS = 5
MIN_BAR_WIDTH = 8
MAX_YEARS = 60
# Most bars one timeline draws; beyond that it ends at an earlier year.
MAX_EVENTS = 400


@dataclass(frozen=True)
class Span:
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    """One edition, term or summit: its mark, its label and what it is called."""

    event: Event
    solid: Span | None
    head: Span | None  # the start's uncertain period, hatched
    tail: Span | None  # the end's uncertain period, hatched
    label: str  # what is printed beside the mark
    description: str  # the accessible name: name, host or place, and dates
    pin: bool = False  # a summit on a known day: a pin rather than a bar
    lane: int = 0  # which band of marks
    line: int = 0  # which line of labels, 0 next to the marks
    label_x: float = 0
    top: float = 0  # where the marks band starts in the row
    lines: int = 1  # label lines in the row

    @property
    def x(self) -> float:
        return min(s.x for s in (self.head, self.solid, self.tail) if s is not None)

    @property
    def end(self) -> float:
        return max(s.x + s.width for s in (self.head, self.solid, self.tail) if s is not None)

    @property
    def anchor(self) -> float:
        """Where the leader meets the mark: a pin's centre, else the mark's start."""
        if self.pin and self.solid is not None:
            return self.solid.x + self.solid.width / 2
        return self.x + 1

    @property
    def label_width(self) -> float:
        return label_width(self.label)

    @property
    def y(self) -> float:
        return self.top + self.lane * LANE_HEIGHT + (LANE_HEIGHT - BAR_HEIGHT) / 2

    @property
    def pin_y(self) -> float:
        return self.y + BAR_HEIGHT / 2

    @property
    def label_top(self) -> float:
        return (self.lines - 1 - self.line) * LINE_HEIGHT

    @property
    def text_x(self) -> float:
        return self.label_x + LABEL_PAD

    @property
    def text_y(self) -> float:
        return self.label_top + LINE_HEIGHT - 5

    @property
    def box_y(self) -> float:
        return self.label_top + 1

    @property
    def leader_y1(self) -> float:
        return self.label_top + 2

    @property
    def leader_y2(self) -> float:
        return self.pin_y - PIN_RADIUS if self.pin else self.y


@dataclass(frozen=True)
class Listing:
    """An event listed in words under a row, with its dates at their precision."""

    event: Event
    dates: str


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    bars: tuple[Bar, ...]
    undated: tuple[Event, ...]
    lanes: int
    lines: int = 0
    listed: tuple[Listing, ...] = ()

    @property
    def charted(self) -> bool:
        """Drawn in the chart: it has marks, or it is a row a reader looks for."""
        return bool(self.bars) or self.key in {"terms", "summits"}

    @property
    def listed_in_words(self) -> bool:
        return bool(self.listed or self.undated)

    @property
    def marks_top(self) -> int:
        return self.lines * LINE_HEIGHT

    @property
    def height(self) -> int:
        return self.marks_top + max(self.lanes, 1) * LANE_HEIGHT


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
    canvas_width: int = WIDTH  # the chart and the labels that run past its end
    bar_height: int = BAR_HEIGHT
    pin_radius: int = PIN_RADIUS
    line_height: int = LINE_HEIGHT

    @property
    def event_count(self) -> int:
        return sum(len(row.bars) + len(row.undated) + len(row.listed) for row in self.rows)


def label_width(label: str) -> float:
    """The room a label takes on its line, leader gap included."""
    return LABEL_PAD + len(label) * CHAR_WIDTH


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
    """Rows of marks for ``events`` from 1 January ``first_year`` to 31 December ``last_year``."""
    events = list(events)
    years = last_year - first_year + 1
    width = max(WIDTH, years * MIN_YEAR_WIDTH)
    year_width = width / years
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
        if is_uncertain_date(event):
            # The whole mark is the uncertainty; the label says which period it is.
            tail = span(first, last)
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
                if tail_start > dt.date.min:
                    solid_end = tail_start - dt.timedelta(days=1)
                else:
                    room = False
            if room and solid_start <= solid_end:
                solid = span(solid_start, solid_end)
                if solid is not None and solid.width < MIN_BAR_WIDTH:
                    # Wide enough to see and to hit; kept inside the chart.
                    x = min(solid.x, width - MIN_BAR_WIDTH)
                    solid = Span(x, MIN_BAR_WIDTH)
        label, description = _words(event)
        return Bar(
            event=event,
            solid=solid,
            head=head,
            tail=tail,
            label=label,
            description=description,
            pin=event.kind == Kind.SUMMIT and solid is not None and head is tail is None,
        )

    rows = []
    for key, label, row_events in _row_specs(events, series):
        undated = tuple(e for e in row_events if e.start_date is None)
        if key == "operations":
            listed = tuple(
                Listing(e, format_span(e))
                for e in row_events
                if e.start_date is not None
                and e.end_date is not None
                and e.end_date >= window_start
                and e.start_date <= window_end
            )
            if listed or undated:
                rows.append(Row(key=key, label=label, bars=(), undated=undated, lanes=0,
                                listed=listed))  # fmt: skip
            continue
        bars = [b for b in (bar(e) for e in row_events) if b is not None]
        laned, lanes = _lanes(bars)
        placed, lines = _label_lines(laned)
        if placed or undated or key in {"terms", "summits"}:
            top = lines * LINE_HEIGHT
            placed = tuple(replace(b, top=top, lines=lines) for b in placed)
            rows.append(
                Row(key=key, label=label, bars=placed, undated=undated, lanes=lanes, lines=lines)
            )

    marks = tuple(
        YearMark(year, (year - first_year) * year_width, year_width)
        for year in range(first_year, last_year + 1)
    )
    reach = max((b.label_x + b.label_width for row in rows for b in row.bars), default=0)
    return Timeline(
        first_year,
        last_year,
        tuple(rows),
        marks,
        width=width,
        canvas_width=math.ceil(max(width, reach)),
    )


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
    rowed = set()
    for one in series:
        rowed.add(one.pk)
        yield (
            f"series-{one.slug}",
            _("%(series)s exercises") % {"series": one.quoted_name},
            [e for e in exercises if e.series_id == one.pk],
        )
    yield (
        "exercises-other",
        _("Other exercises"),
        [e for e in exercises if e.series_id not in rowed],
    )
    yield "operations", _("Operations"), by_kind.get(Kind.OPERATION, [])
    yield "milestones", _("Milestones"), by_kind.get(Kind.MILESTONE, [])


def _words(event: Event) -> tuple[str, str]:
    """The label printed beside the mark and the accessible name that holds it.

    An exercise is labelled with its name and host, a term with its chair, a
    summit with its city (or, while none is known, its name) and date. The
    accessible name adds the name and dates the label leaves out, in the order a
    sentence would give them, so it always holds the visible label.
    """
    name, dates = event.display_name, format_span(event)
    if event.kind == Kind.TERM and event.country:
        return event.country_name, f"{name}, {dates}"
    if event.kind == Kind.EXERCISE:
        label = f"{name}, {event.country_name}" if event.country else name
        return label, f"{label}, {dates}"
    if event.kind == Kind.SUMMIT:
        if not event.place:
            return f"{name}, {dates}", f"{name}, {dates}"
        label = f"{event.place}, {dates}"
        return label, f"{name}, {label}"
    return name, f"{name}, {dates}"


def _lanes(bars: list[Bar]) -> tuple[list[Bar], int]:
    """Stack marks that would overlap in further lanes."""
    bars.sort(key=lambda b: (b.x, -b.end))
    lane_ends: list[float] = []
    placed = []
    for bar in bars:
        reach = bar.end + 2
        lane = next((i for i, end in enumerate(lane_ends) if end <= bar.x), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(reach)
        else:
            lane_ends[lane] = reach
        placed.append(replace(bar, lane=lane))
    return placed, len(lane_ends)


def _label_lines(bars: list[Bar]) -> tuple[tuple[Bar, ...], int]:
    """Give each label the lowest line above the marks where it overlaps no
    other label: as few lines as the most labels that share one stretch.

    A label starts at its mark and runs right, past the last year if it must
    (the canvas grows to hold it). Its leader drops to the mark behind the
    labels on the lines below, as a road passes behind a map's place names.
    """
    line_ends: list[float] = []
    placed = []
    for bar in sorted(bars, key=lambda b: (b.anchor, b.end)):
        start = bar.anchor
        line = next(
            (i for i, end in enumerate(line_ends) if end + LABEL_GAP <= start), len(line_ends)
        )
        if line == len(line_ends):
            line_ends.append(0)
        line_ends[line] = start + bar.label_width
        placed.append(replace(bar, line=line, label_x=start))
    placed.sort(key=lambda b: (b.x, -b.end))
    return tuple(placed), len(line_ends)
