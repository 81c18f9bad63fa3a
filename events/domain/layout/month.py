"""Pure layout of events on a month and a year: weeks, bars in lanes, strips.

No request and no query here: the view asks ``visible_range`` which days to
fetch, queries them once, and hands the rows to ``month_grid`` (or to
``layout.year.year_grid``, which shares the splitting below).

How an event is drawn on a month:
- a date known only to the month or year ("December 2012", "2014") has no day:
  it is listed under "day not yet known" (``unplaced``);
- a chairmanship term, a span of four weeks or more, or a span whose start or
  end is uncertain is a *strip*: shown once for the month, with markers on the
  days it begins and ends (a term ending where the next begins is a handover);
- anything else is a bar over its days, split at week edges, in a lane of its
  week; lanes past ``MAX_LANES`` fold into the day's "+N more".
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from events.enums import Kind, Precision
from events.periods import calendar_order, period_end

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from events.models import Event

# An event this long or longer is drawn once as a strip above the weeks instead
# of in every day it covers (a 15-month chairmanship would fill the grid).
STRIP_MIN_DAYS = 28
# Lanes drawn in a week row; further items fold into the day's "+N more".
MAX_LANES = 4


@dataclass(frozen=True)
class Handover:
    """A chairmanship passing from one country to the next on one day."""

    outgoing: Event
    incoming: Event


class Role(StrEnum):
    """What an item in a week is (templates compare and print the value)."""

    SINGLE = "single"  # a one-day event
    BAR = "bar"  # a piece of a multi-day event's bar
    BEGINS = "begins"  # a strip event's first day
    ENDS = "ends"  # a strip event's last day
    HANDOVER = "handover"  # one term ends and the next begins


@dataclass(frozen=True)
class Item:
    """One thing drawn in a week: a piece of an event's bar, a marker, or a handover."""

    role: Role
    start: dt.date
    end: dt.date
    event: Event | None = None
    handover: Handover | None = None
    continues_before: bool = False
    continues_after: bool = False
    lane: int = 0

    @property
    def span(self) -> int:
        return (self.end - self.start).days + 1

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def events(self) -> tuple[Event, ...]:
        if self.handover is not None:
            return (self.handover.outgoing, self.handover.incoming)
        return (self.event,) if self.event is not None else ()

    @property
    def ordering_event(self) -> Event:
        """The event this item sorts by: its own, or a handover's incoming term."""
        return self.events[-1]


@dataclass(frozen=True)
class Slot:
    """A lane of a day: where a bar is drawn (``first``) or a day it covers."""

    item: Item
    first: bool


@dataclass(frozen=True)
class DayCell:
    day: dt.date
    in_month: bool
    is_today: bool
    slots: tuple[Slot | None, ...] = ()
    more: tuple[Item, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        """Everything on this day, drawn or folded, in lane order."""
        return tuple(slot.item for slot in self.slots if slot is not None) + self.more

    @property
    def is_empty(self) -> bool:
        return not self.items


@dataclass(frozen=True)
class Week:
    cells: tuple[DayCell, ...]
    lanes: int


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    weeks: tuple[Week, ...]
    strips: tuple[Event, ...] = ()
    # Events that may fall in this month on a day not known yet ("December 2012", "2014").
    unplaced: tuple[Event, ...] = ()
    weekdays: tuple[dt.date, ...] = ()

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def event_count(self) -> int:
        """Distinct events shown for the month (days outside it not counted)."""
        seen = {e.pk for e in self.strips} | {e.pk for e in self.unplaced}
        for week in self.weeks:
            for cell in week.cells:
                if cell.in_month:
                    seen.update(event.pk for item in cell.items for event in item.events)
        return len(seen)

    @property
    def previous(self) -> tuple[int, int] | None:
        return shift_month(self.year, self.month, -1)

    @property
    def next(self) -> tuple[int, int] | None:
        return shift_month(self.year, self.month, 1)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int] | None:
    """The month ``delta`` months away, or None outside years 1 to 9999."""
    index = year * 12 + (month - 1) + delta
    new_year, new_month = divmod(index, 12)
    if not dt.MINYEAR <= new_year <= dt.MAXYEAR:
        return None
    return new_year, new_month + 1


def visible_range(year: int, month: int, *, first_weekday: int = 0) -> tuple[dt.date, dt.date]:
    """First and last day of the whole weeks that show ``month``."""
    weeks = month_weeks(year, month, first_weekday)
    return weeks[0][0], weeks[-1][-1]


def month_weeks(year: int, month: int, first_weekday: int) -> list[list[dt.date]]:
    """The month's weeks as lists of dates, padded with the neighbouring months' days."""
    cal = calendar.Calendar(first_weekday)
    try:
        return cal.monthdatescalendar(year, month)
    except (OverflowError, ValueError):
        # January of year 1 or December of 9999: the padding days would leave the
        # range of date, so those weeks are drawn without them.
        first = dt.date(year, month, 1)
        flat = [day for week in cal.monthdays2calendar(year, month) for day, _weekday in week]
        offset = flat.index(1)
        weeks = []
        for start in range(0, len(flat), 7):
            week = []
            for index in range(start, start + 7):
                try:
                    week.append(first + dt.timedelta(days=index - offset))
                except OverflowError:
                    continue
            weeks.append(week)
        return weeks


def is_uncertain_date(event: Event) -> bool:
    """The event's whole span is one date known only to the month or year
    ("a session in December 2012"): it has no day to be drawn on."""
    return (
        event.kind != Kind.TERM
        and event.start_date is not None
        and event.start_precision != Precision.DAY
        and event.end_date == period_end(event.start_date, event.start_precision)
    )


def is_strip(event: Event) -> bool:
    """Drawn once for the month rather than day by day: terms, long events, and
    events whose start or end is not known to the day."""
    start, end = event.start_date, event.end_date
    return (
        event.kind == Kind.TERM
        or not event.is_exact
        or (start is not None and end is not None and (end - start).days + 1 >= STRIP_MIN_DAYS)
    )


def day_items(
    events: Iterable[Event], first: dt.date, last: dt.date
) -> tuple[list[Item], list[Event], list[Event]]:
    """Split ``events`` into whole-span items, strips and unplaced events."""
    spans: list[Item] = []
    markers: dict[dt.date, list[Item]] = {}
    strips: list[Event] = []
    unplaced: list[Event] = []
    for event in events:
        start, end = event.start_date, event.end_date
        if start is None or end is None or start > last or end < first:
            continue
        if is_uncertain_date(event):
            unplaced.append(event)
        elif is_strip(event):
            strips.append(event)
            if event.start_precision == Precision.DAY:
                day = start
                markers.setdefault(day, []).append(Item(Role.BEGINS, day, day, event))
            if event.end_precision == Precision.DAY:
                day = end
                markers.setdefault(day, []).append(Item(Role.ENDS, day, day, event))
        else:
            role = Role.SINGLE if start == end else Role.BAR
            spans.append(Item(role, start, end, event))
    for day, day_markers in markers.items():
        spans += _pair_handovers(day, day_markers)
    return spans, strips, unplaced


def _pair_handovers(day: dt.date, markers: list[Item]) -> list[Item]:
    """A term that ends on a day and one that begins on it become one handover."""
    ending = [m for m in markers if m.role == Role.ENDS and m.ordering_event.kind == Kind.TERM]
    beginning = [m for m in markers if m.role == Role.BEGINS and m.ordering_event.kind == Kind.TERM]
    pairs = list(zip(ending, beginning, strict=False))
    paired = {id(m) for pair in pairs for m in pair}
    return [
        Item(Role.HANDOVER, day, day, handover=Handover(out.ordering_event, inc.ordering_event))
        for out, inc in pairs
    ] + [m for m in markers if id(m) not in paired]


def _lane_order(item: Item) -> tuple[object, ...]:
    """The order pieces take lanes in: handovers first, then by first day, longer
    pieces before shorter ones (so bars stack without gaps), then calendar order."""
    return (
        item.role != Role.HANDOVER,
        item.start,
        -item.span,
        calendar_order(item.ordering_event),
    )


def _layout_week(
    days: Sequence[dt.date], spans: Iterable[Item], *, month: int, today: dt.date
) -> Week:
    week_start, week_end = days[0], days[-1]
    pieces = []
    for item in spans:
        if item.end < week_start or item.start > week_end:
            continue
        pieces.append(
            Item(
                item.role,
                max(item.start, week_start),
                min(item.end, week_end),
                item.event,
                item.handover,
                continues_before=item.start < week_start,
                continues_after=item.end > week_end,
            )
        )
    pieces.sort(key=_lane_order)

    lane_ends: list[dt.date] = []
    placed = []
    for piece in pieces:
        lane = next((i for i, end in enumerate(lane_ends) if end < piece.start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(piece.end)
        else:
            lane_ends[lane] = piece.end
        placed.append(replace(piece, lane=lane))

    lanes = min(len(lane_ends), MAX_LANES)
    cells = []
    for day in days:
        slots: list[Slot | None] = [None] * lanes
        more = []
        for item in placed:
            if not item.covers(day):
                continue
            if item.lane < MAX_LANES:
                slots[item.lane] = Slot(item, first=day == item.start)
            else:
                more.append(item)
        cells.append(
            DayCell(
                day=day,
                in_month=day.month == month,
                is_today=day == today,
                slots=tuple(slots),
                more=tuple(more),
            )
        )
    return Week(cells=tuple(cells), lanes=lanes)


def month_grid(
    year: int,
    month: int,
    events: Iterable[Event],
    *,
    today: dt.date,
    first_weekday: int = 0,
) -> MonthGrid:
    """Lay ``events`` (dated, already limited to the visible weeks) out on a month."""
    weeks = month_weeks(year, month, first_weekday)
    first, last = weeks[0][0], weeks[-1][-1]
    month_start = dt.date(year, month, 1)
    month_end = dt.date(year, month, calendar.monthrange(year, month)[1])

    spans, strips, unplaced = day_items(events, first, last)

    def in_month(event: Event) -> bool:
        start, end = event.start_date, event.end_date
        return start is not None and end is not None and start <= month_end and end >= month_start

    return MonthGrid(
        year=year,
        month=month,
        weeks=tuple(_layout_week(week, spans, month=month, today=today) for week in weeks),
        strips=tuple(e for e in strips if in_month(e)),
        unplaced=tuple(e for e in unplaced if in_month(e)),
        weekdays=tuple(weeks[0]),
    )
