"""One calendar order everywhere: the database's (ordering, chronological()), the
Python key (calendar_order) and the layouts agree, on SQLite and PostgreSQL.

On one day: all-day events first (month- and year-precision ones are all-day), the
shorter before the longer, then timed ones by their start time; undated events
last; ties in the order the events were entered (never by a collation).
"""

from __future__ import annotations

import datetime as dt

import pytest

from events.domain.layout.agenda import agenda_groups
from events.domain.layout.month import month_grid
from events.enums import Kind, Precision
from events.models import Event
from events.periods import calendar_order
from tests.factories import EventFactory

DAY = dt.date(2015, 1, 1)


def _make(title: str, **fields) -> Event:
    return EventFactory(title_en=title, kind=Kind.MILESTONE, **fields)


@pytest.fixture
def one_day(db) -> list[str]:
    """Events that all begin on DAY (and two undated ones), entered out of order;
    returns their titles in calendar order."""
    # Entered so that neither entry order nor title/slug order is calendar order.
    _make("zz undated first", start_date=None, end_date=None)
    _make("timed 14:00", start_time=dt.time(14), end_time=dt.time(15), time_zone="Europe/Moscow",
          start_date=DAY, end_date=DAY)  # fmt: skip
    _make("year 2015", start_date=DAY, start_precision=Precision.YEAR,
          end_date=dt.date(2015, 12, 31), end_precision=Precision.YEAR)  # fmt: skip
    _make("timed 09:00", start_time=dt.time(9), end_time=dt.time(18), time_zone="Europe/Minsk",
          start_date=DAY, end_date=DAY)  # fmt: skip
    _make("month January", start_date=DAY, start_precision=Precision.MONTH,
          end_date=dt.date(2015, 1, 31), end_precision=Precision.MONTH)  # fmt: skip
    _make("b three days", start_date=DAY, end_date=dt.date(2015, 1, 3))
    _make("z all day", start_date=DAY, end_date=DAY)
    _make("a all day, entered later", start_date=DAY, end_date=DAY)
    _make("aa undated second", start_date=None, end_date=None)
    _make("the day before", start_date=DAY - dt.timedelta(days=1), end_date=DAY)
    return [
        "the day before",
        "z all day",
        "a all day, entered later",
        "b three days",
        "month January",
        "year 2015",
        "timed 09:00",
        "timed 14:00",
        "zz undated first",
        "aa undated second",
    ]


def _titles(events) -> list[str]:
    return [event.title_en for event in events]


def test_the_database_and_python_agree_on_calendar_order(one_day):
    assert _titles(Event.objects.all()) == one_day
    assert _titles(Event.objects.chronological()) == one_day
    assert _titles(Event.objects.order_by("?").chronological()) == one_day
    assert _titles(sorted(Event.objects.order_by("-id"), key=calendar_order)) == one_day


def test_a_window_from_a_day_keeps_calendar_order(one_day):
    dated = [title for title in one_day if "undated" not in title]

    assert _titles(Event.objects.in_order_from(DAY, None, limit=50)) == dated


def test_the_month_grid_and_the_agenda_list_a_day_in_calendar_order(one_day):
    events = list(Event.objects.overlapping(DAY, DAY).chronological())
    grid = month_grid(2015, 1, events, today=DAY)
    cell = next(cell for week in grid.weeks for cell in week.cells if cell.day == DAY)

    # Bars take lanes first (longest first, so they stack without gaps); the
    # rest of the day follows in calendar order.
    assert [item.event.title_en for item in cell.items] == [
        "the day before",
        "b three days",
        "z all day",
        "a all day, entered later",
        "timed 09:00",
        "timed 14:00",
    ]
    assert _titles(grid.unplaced) == ["month January", "year 2015"]

    groups = agenda_groups(Event.objects.chronological(), start=DAY)
    assert (
        [(group.year, group.month, _titles(group.events)) for group in groups]
        == [
            (2015, 1, ["the day before"]),  # already under way on DAY
            (2015, None, ["year 2015"]),
            (2015, 1, [t for t in one_day[1:] if t != "year 2015" and "undated" not in t]),
        ]
    )
