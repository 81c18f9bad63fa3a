"""Periods and the one calendar order.

A date known only to the month or year stands for a whole period; these say which
days. Calendar order is defined once, here, for the database (``CALENDAR_ORDER``,
used by ``Event.Meta.ordering`` and ``EventQuerySet.chronological``) and for Python
(``calendar_order``, for lists already in memory); the two agree on every database:

1. by start day, undated events last;
2. on the same day, all-day events (month- and year-precision ones included, as
   they are all-day) before timed ones, timed ones by their start time;
3. then by end day, the shorter first;
4. then by id: the order they were entered in, the same on every database
   (slugs would sort by each database's collation).

A leaf: it imports nothing of the project but the enums.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Protocol

from django.db.models import F
from django.utils.translation import gettext as _

from events.enums import Precision

# The days the calendar accepts. Admin, the API and imports share this rule
# (Event.clean); pages, feeds and exports still survive any date the database
# holds, for rows written before it or around it.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)


def period_start(value: dt.date, precision: str) -> dt.date:
    """The first day of the period ``value`` stands for at ``precision``."""
    if precision == Precision.MONTH:
        return value.replace(day=1)
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    return value


def period_end(value: dt.date, precision: str) -> dt.date:
    """The last day of the period ``value`` stands for at ``precision``."""
    if precision == Precision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    if precision == Precision.YEAR:
        return value.replace(month=12, day=31)
    return value


def date_range_message() -> str:
    return _("Dates must fall between %(earliest)s and %(latest)s.") % {
        "earliest": EARLIEST_DATE.isoformat(),
        "latest": LATEST_DATE.isoformat(),
    }


def year_range_message() -> str:
    return _("The year must fall between %(earliest)s and %(latest)s.") % {
        "earliest": EARLIEST_DATE.year,
        "latest": LATEST_DATE.year,
    }


# Calendar order in the database. Both null placements are spelled out: left to
# itself, PostgreSQL sorts nulls last and SQLite first.
CALENDAR_ORDER = (
    F("start_date").asc(nulls_last=True),
    F("start_time").asc(nulls_first=True),
    F("end_date").asc(nulls_last=True),
    F("id").asc(),
)


class Ordered(Protocol):
    """What calendar order reads from an event."""

    @property
    def id(self) -> int | None: ...
    @property
    def start_date(self) -> dt.date | None: ...
    @property
    def start_time(self) -> dt.time | None: ...
    @property
    def end_date(self) -> dt.date | None: ...


def calendar_order(event: Ordered) -> tuple[object, ...]:
    """The sort key of ``CALENDAR_ORDER``, for events already in memory."""
    return (
        event.start_date is None,
        event.start_date or dt.date.min,
        event.start_time is not None,
        event.start_time or dt.time.min,
        event.end_date is None,
        event.end_date or dt.date.min,
        event.id or 0,
    )
