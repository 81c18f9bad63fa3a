"""How events are found: public ones, a window of days, calendar order."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db import connections, models
from django.db.models import F

from events.models.expressions import DateRange, Overlaps
from events.periods import CALENDAR_ORDER, calendar_order

# The events' model (Event or one of its per-kind proxies). A type variable, not an
# import: event.py imports this module.
_E = TypeVar("_E", bound=models.Model)


class EventQuerySet(models.QuerySet[_E]):
    def public(self) -> EventQuerySet[_E]:
        return self.filter(published=True)

    def dated(self) -> EventQuerySet[_E]:
        return self.filter(start_date__isnull=False)

    def undated(self) -> EventQuerySet[_E]:
        return self.filter(start_date__isnull=True)

    def overlapping(self, start: dt.date, end: dt.date) -> EventQuerySet[_E]:
        """Events with at least one day in ``start``..``end`` (both inclusive).

        Month- and year-precise dates are stored as their whole period, so an
        event "in 2014" overlaps every window in 2014.

        On PostgreSQL the test is the range overlap that the GiST index
        event_days_gist (migration 0005) answers, so finding a month's events
        costs the same in a table of a thousand events as of a million; two
        plain comparisons could use a B-tree for only one of the two bounds.
        """
        if connections[self.db].vendor == "postgresql":
            days = DateRange(F("start_date"), F("end_date"))
            window = DateRange(models.Value(start), models.Value(end))
            return self.filter(Overlaps(days, window), start_date__isnull=False)
        return self.filter(start_date__lte=end, end_date__gte=start)

    def in_order_from(self, start: dt.date, end: dt.date | None, limit: int) -> list[_E]:
        """At most ``limit`` events with a day in ``start``..``end`` (open-ended
        when ``end`` is None), in calendar order.

        Asked as one overlap query with ORDER BY and LIMIT, PostgreSQL walks the
        start-date index from the calendar's first day, filtering as it goes: at
        a million events, seconds. Instead: the events already on at ``start``
        (few, found through the days index and ordered here), then those
        starting from it, read in order from the B-tree until ``limit``.
        """
        ongoing: list[_E] = sorted(
            self.overlapping(start, start).filter(start_date__lt=start),
            key=calendar_order,  # type: ignore[arg-type]  # _E is an Event
        )
        later = self.dated().filter(start_date__gte=start)
        if end is not None:
            later = later.filter(start_date__lte=end)
        return [*ongoing, *later.chronological()[: max(0, limit - len(ongoing))]][:limit]

    def chronological(self) -> EventQuerySet[_E]:
        """In calendar order (events/periods.py)."""
        return self.order_by(*CALENDAR_ORDER)

    def for_display(self) -> EventQuerySet[_E]:
        """Everything a page or feed reads from an event in one query."""
        return self.select_related("series")
