"""Pure layout of events on a month: weeks of days, strips and undated-in-month.

No request and no query here: the view asks ``visible_range`` which days to
fetch, queries them once, and hands the rows to ``month_grid``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from events.models import Kind, Precision, period_end

if TYPE_CHECKING:
    from collections.abc import Iterable

    from events.models import Event

# An event this long or longer is drawn once as a strip above the weeks instead
# of in every day it covers (a 15-month chairmanship would fill the grid).
STRIP_MIN_DAYS = 28

Role = Literal["single", "start", "middle", "end", "begins", "ends"]


@dataclass(frozen=True)
class DayEntry:
    """One event as it appears in one day.

    ``single``: a one-day event. ``start``/``middle``/``end``: a day of a
    multi-day event drawn in its days. ``begins``/``ends``: the first or last day
    of a strip event.
    """

    event: Event
    role: Role


@dataclass(frozen=True)
class Handover:
    """A chairmanship passing from one country to the next on one day."""

    outgoing: Event
    incoming: Event


@dataclass(frozen=True)
class DayCell:
    day: dt.date
    in_month: bool
    is_today: bool
    entries: tuple[DayEntry, ...] = ()
    handovers: tuple[Handover, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.entries and not self.handovers


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    weeks: tuple[tuple[DayCell, ...], ...]
    strips: tuple[Event, ...] = ()
    # Events that may fall in this month on a day not known yet ("December 2012", "2014").
    unplaced: tuple[Event, ...] = ()
    weekdays: tuple[dt.date, ...] = field(default=())

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def event_count(self) -> int:
        """Distinct events shown anywhere on the month."""
        seen = {e.pk for e in self.strips} | {e.pk for e in self.unplaced}
        for week in self.weeks:
            for cell in week:
                if cell.in_month:
                    seen.update(entry.event.pk for entry in cell.entries)
                    for handover in cell.handovers:
                        seen.update((handover.outgoing.pk, handover.incoming.pk))
        return len(seen)

    @property
    def previous(self) -> tuple[int, int] | None:
        return shift_month(self.year, self.month, -1)

    @property
    def next(self) -> tuple[int, int] | None:
        return shift_month(self.year, self.month, 1)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int] | None:
    """The month ``delta`` months away, or None outside years 1–9999."""
    index = year * 12 + (month - 1) + delta
    new_year, new_month = divmod(index, 12)
    if not dt.MINYEAR <= new_year <= dt.MAXYEAR:
        return None
    return new_year, new_month + 1


def visible_range(year: int, month: int, *, first_weekday: int = 0) -> tuple[dt.date, dt.date]:
    """First and last day of the whole weeks that show ``month``."""
    weeks = _weeks(year, month, first_weekday)
    return weeks[0][0], weeks[-1][-1]


def _weeks(year: int, month: int, first_weekday: int) -> list[list[dt.date]]:
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
        and event.start_precision != Precision.DAY
        and event.end_date == period_end(event.start_date, event.start_precision)
    )


def is_strip(event: Event) -> bool:
    """Drawn once for the month rather than day by day: terms, long events, and
    events whose start or end is not known to the day."""
    return (
        event.kind == Kind.TERM
        or not event.is_exact
        or (event.end_date - event.start_date).days + 1 >= STRIP_MIN_DAYS
    )


def month_grid(
    year: int,
    month: int,
    events: Iterable[Event],
    *,
    today: dt.date,
    first_weekday: int = 0,
) -> MonthGrid:
    """Lay ``events`` (dated, already limited to the visible weeks) out on a month."""
    weeks = _weeks(year, month, first_weekday)
    first, last = weeks[0][0], weeks[-1][-1]
    month_start = dt.date(year, month, 1)
    month_end = dt.date(year, month, calendar.monthrange(year, month)[1])

    entries: dict[dt.date, list[DayEntry]] = {}
    strips: list[Event] = []
    unplaced: list[Event] = []

    def place(day: dt.date, entry: DayEntry) -> None:
        if first <= day <= last:
            entries.setdefault(day, []).append(entry)

    for event in events:
        if event.start_date is None or event.start_date > last or event.end_date < first:
            continue
        in_month = event.start_date <= month_end and event.end_date >= month_start
        if is_uncertain_date(event):
            if in_month:
                unplaced.append(event)
            continue
        if is_strip(event):
            if in_month:
                strips.append(event)
            if event.start_precision == Precision.DAY:
                place(event.start_date, DayEntry(event, "begins"))
            if event.end_precision == Precision.DAY:
                place(event.end_date, DayEntry(event, "ends"))
            continue
        if event.start_date == event.end_date:
            place(event.start_date, DayEntry(event, "single"))
            continue
        for day in event.days():
            role: Role = "middle"
            if day == event.start_date:
                role = "start"
            elif day == event.end_date:
                role = "end"
            place(day, DayEntry(event, role))

    def cell(day: dt.date) -> DayCell:
        day_entries = entries.get(day, [])
        handovers, rest = _handovers(day_entries)
        rest.sort(key=_entry_order)
        return DayCell(
            day=day,
            in_month=day.month == month,
            is_today=day == today,
            entries=tuple(rest),
            handovers=tuple(handovers),
        )

    return MonthGrid(
        year=year,
        month=month,
        weeks=tuple(tuple(cell(day) for day in week) for week in weeks),
        strips=tuple(strips),
        unplaced=tuple(unplaced),
        weekdays=tuple(weeks[0]),
    )


def _handovers(day_entries: list[DayEntry]) -> tuple[list[Handover], list[DayEntry]]:
    """Pair a term that ends on a day with the term that begins on it."""
    ending = [e for e in day_entries if e.role == "ends" and e.event.kind == Kind.TERM]
    beginning = [e for e in day_entries if e.role == "begins" and e.event.kind == Kind.TERM]
    handovers = [
        Handover(out.event, inc.event) for out, inc in zip(ending, beginning, strict=False)
    ]
    paired = {id(out) for out in ending[: len(handovers)]} | {
        id(inc) for inc in beginning[: len(handovers)]
    }
    return handovers, [e for e in day_entries if id(e) not in paired]


def _entry_order(entry: DayEntry) -> tuple:
    event = entry.event
    return (
        entry.role in {"single"},
        event.start_date,
        event.start_time or dt.time.min,
        -(event.end_date - event.start_date).days,
        event.slug,
    )
