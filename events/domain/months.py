"""Which months of the calendar hold events, and when each last changed: the
month pages a sitemap lists.

An event holds every month it overlaps (a term from September 2013 to 2014 holds
each month from September 2013 to December 2014); an undated one holds none.
Computed from each event's first and last day in one pass over the events sorted
by start and over the months they cover, never month by month per event, so a
calendar of long events costs what its distinct months cost.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable

from events.periods import EARLIEST_DATE, LATEST_DATE

type Month = tuple[int, int]
type Row = tuple[dt.date | None, dt.date | None, dt.datetime]


def _index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def months_held(
    rows: Iterable[Row], *, first: dt.date = EARLIEST_DATE, last: dt.date = LATEST_DATE
) -> dict[Month, dt.datetime]:
    """Each (year, month) from ``first`` to ``last`` that an event of ``rows``
    (start, inclusive end, last change) overlaps, with the latest change among
    its events, in month order. Months outside ``first``..``last`` (dates the
    calendar does not accept, in rows written around its checks) are not listed."""
    low, high = _index(first), _index(last)
    spans = sorted(
        (max(_index(start), low), min(_index(end or start), high), changed)
        for start, end, changed in rows
        if start is not None
    )
    spans = [span for span in spans if span[0] <= span[1]]
    held: dict[Month, dt.datetime] = {}
    # The events on in the current month, latest change first; an event whose
    # last month is past stays until it comes to the top, then leaves.
    on: list[tuple[float, int, int, dt.datetime]] = []
    following = 0
    month = spans[0][0] if spans else 0
    while following < len(spans) or on:
        if not on and month < spans[following][0]:
            month = spans[following][0]  # skip the months no event covers
        while following < len(spans) and spans[following][0] <= month:
            _start, end, changed = spans[following]
            heapq.heappush(on, (-changed.timestamp(), following, end, changed))
            following += 1
        while on and on[0][2] < month:
            heapq.heappop(on)
        if on:
            year, zero_based = divmod(month, 12)
            held[(year, zero_based + 1)] = on[0][3]
        month += 1
    return held
