"""Which months hold events, for the sitemap: every month an event overlaps, with
the latest change among its events; none for an undated event."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from events.domain.months import months_held

D = dt.date
UTC = dt.UTC


def at(day: int) -> dt.datetime:
    return dt.datetime(2020, 1, day, tzinfo=UTC)


def test_a_term_across_the_new_year_holds_each_month_it_covers():
    held = months_held([(D(2013, 9, 23), D(2014, 2, 28), at(1))])

    assert list(held) == [(2013, 9), (2013, 10), (2013, 11), (2013, 12), (2014, 1), (2014, 2)]
    assert set(held.values()) == {at(1)}


def test_a_month_takes_the_latest_change_of_its_events():
    held = months_held(
        [
            (D(2013, 9, 19), D(2013, 9, 25), at(3)),
            (D(2013, 9, 1), D(2013, 10, 31), at(1)),
            (D(2013, 10, 7), D(2013, 10, 11), at(2)),
        ]
    )

    assert held == {(2013, 9): at(3), (2013, 10): at(2)}


def test_undated_events_hold_no_month_and_gaps_stay_empty():
    held = months_held(
        [
            (None, None, at(9)),
            (D(2012, 12, 19), D(2012, 12, 19), at(1)),
            (D(2014, 1, 1), D(2014, 12, 31), at(2)),
        ]
    )

    assert list(held)[:2] == [(2012, 12), (2014, 1)]
    assert len(held) == 13
    assert (2013, 6) not in held


def test_months_outside_the_calendars_dates_are_not_listed():
    held = months_held([(D(1, 1, 1), D(9999, 12, 31), at(1))])

    assert next(iter(held)) == (1900, 1)
    assert list(held)[-1] == (2200, 12)
    assert len(held) == 301 * 12


def test_no_events_hold_no_months():
    assert months_held([]) == {}


def _months_one_by_one(rows):
    """The plain way: every month of every event."""
    held = {}
    for start, end, changed in rows:
        if start is None:
            continue
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            held[(year, month)] = max(held.get((year, month), changed), changed)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dict(sorted(held.items()))


days = st.dates(min_value=D(2010, 1, 1), max_value=D(2016, 12, 31))
rows = st.lists(
    st.tuples(days, st.integers(0, 800), st.integers(1, 28)).map(
        lambda r: (r[0], min(r[0] + dt.timedelta(days=r[1]), D(2016, 12, 31)), at(r[2]))
    )
    | st.just((None, None, at(28))),
    max_size=30,
)


@given(rows)
def test_months_are_those_counted_one_by_one(rows):
    assert list(months_held(rows).items()) == list(_months_one_by_one(rows).items())
