"""Pure layout of events on a year: twelve mini-months with what each day holds.

Each day carries its count and the kinds of its events (the markers' colours).
An event known only to its month ("May 2013") has no day, so it is marked on its
month; one known only to the year, or spanning months, is listed once for the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from events.domain.layout.month import day_items, month_weeks
from events.enums import Kind

if TYPE_CHECKING:
    from collections.abc import Iterable

    from events.models import Event

# Markers follow the order kinds are listed in everywhere else.
KIND_ORDER = tuple(Kind)
# Every mini-month has six week rows, so the twelve line up in equal heights.
WEEK_ROWS = 6


@dataclass(frozen=True)
class YearDay:
    day: dt.date
    count: int
    is_today: bool
    kinds: tuple[Kind, ...] = ()


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int
    # Six weeks of seven entries: a YearDay, or None for a day of another month.
    weeks: tuple[tuple[YearDay | None, ...], ...]
    count: int
    # Events known to this month but not to the day.
    undated: tuple[Event, ...] = ()

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


@dataclass(frozen=True)
class YearGrid:
    year: int
    months: tuple[YearMonth, ...]
    strips: tuple[Event, ...]
    unplaced: tuple[Event, ...]
    weekdays: tuple[dt.date, ...]
    event_count: int


def _single_month(event: Event) -> tuple[int, int] | None:
    """The (year, month) an uncertain event lies in, when it lies in one."""
    start, end = event.start_date, event.end_date
    if start is None or end is None or (start.year, start.month) != (end.year, end.month):
        return None
    return start.year, start.month


def year_grid(
    year: int, events: Iterable[Event], *, today: dt.date, first_weekday: int = 0
) -> YearGrid:
    """Twelve months with the number and kinds of events on each day; strips and
    dates uncertain beyond a month listed once for the year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    spans, strips, unplaced = day_items(events, first, last)

    per_day: dict[dt.date, dict[int, Kind]] = {}
    for item in spans:
        # Counted by offset, not by stepping a date past the last day: a span
        # ending on 9999-12-31 has no day after it.
        start, end = max(item.start, first), min(item.end, last)
        for offset in range((end - start).days + 1):
            day = start + dt.timedelta(days=offset)
            per_day.setdefault(day, {}).update((e.pk, Kind(e.kind)) for e in item.events)

    by_month: dict[int, list[Event]] = {}
    year_wide: list[Event] = []
    for event in unplaced:
        place = _single_month(event)
        if place is not None and place[0] == year:
            by_month.setdefault(place[1], []).append(event)
        else:
            year_wide.append(event)

    months = []
    blank_week: tuple[YearDay | None, ...] = (None,) * 7
    for month in range(1, 13):
        month_events: set[int] = set()
        weeks = []
        for week in month_weeks(year, month, first_weekday):
            row: list[YearDay | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                on_day = per_day.get(day, {})
                month_events |= on_day.keys()
                kinds = tuple(k for k in KIND_ORDER if k in on_day.values())
                row.append(YearDay(day, len(on_day), day == today, kinds))
            weeks.append(tuple(row))
        weeks += [blank_week] * (WEEK_ROWS - len(weeks))
        undated = tuple(by_month.get(month, ()))
        month_events |= {e.pk for e in undated}
        months.append(YearMonth(year, month, tuple(weeks), len(month_events), undated))

    counted = {pk for on_day in per_day.values() for pk in on_day}
    counted |= {e.pk for e in strips} | {e.pk for e in unplaced}
    return YearGrid(
        year=year,
        months=tuple(months),
        strips=tuple(strips),
        unplaced=tuple(year_wide),
        weekdays=tuple(month_weeks(year, 1, first_weekday)[1]),
        event_count=len(counted),
    )
