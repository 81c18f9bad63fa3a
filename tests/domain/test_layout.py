"""The pure layout functions: month lanes, year counts, agenda groups, timeline geometry.

They take events that are already loaded and make no query; the views test
what reaches the page."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.domain.layout.agenda import agenda_groups, listed_counts, undated_by_kind
from events.domain.layout.month import MAX_LANES, month_grid, visible_range
from events.domain.layout.timeline import LINE_HEIGHT, WIDTH, build_timeline
from events.domain.layout.year import year_grid
from events.enums import Kind, Precision
from events.models import Event, ExerciseSeries

D = dt.date
TODAY = D(2013, 9, 23)


def _event(pk: int, start: dt.date | None, end: dt.date | None = None, **fields) -> Event:
    fields.setdefault("kind", Kind.SUMMIT)
    fields.setdefault("title_en", f"E{pk}")
    return Event(
        pk=pk,
        slug=f"e{pk:04d}",
        start_date=start,
        end_date=end or start,
        **fields,
    )


def test_month_lanes_keep_a_bar_in_one_lane_across_its_days():
    events = [
        _event(1, D(2013, 9, 19), D(2013, 9, 25)),
        _event(2, D(2013, 9, 20)),
        _event(3, D(2013, 9, 20), D(2013, 9, 21)),
    ]

    grid = month_grid(2013, 9, events, today=TODAY)
    week = grid.weeks[3]  # 16–22 September
    lanes = {
        cell.day.day: [(s.item.event.pk, s.first) if s else None for s in cell.slots]
        for cell in week.cells
    }

    assert week.lanes == 3
    assert lanes[19] == [(1, True), None, None]
    assert lanes[20] == [(1, False), (3, True), (2, True)]
    assert lanes[21] == [(1, False), (3, False), None]
    assert lanes[22] == [(1, False), None, None]


def test_month_folds_lanes_past_the_limit_into_more():
    events = [_event(n, D(2013, 9, 10)) for n in range(1, 8)]

    cell = next(
        c for w in month_grid(2013, 9, events, today=TODAY).weeks for c in w.cells
        if c.day == D(2013, 9, 10)
    )  # fmt: skip

    assert len(cell.slots) == MAX_LANES
    assert [item.event.pk for item in cell.more] == [5, 6, 7]
    assert len(cell.items) == 7


def test_month_pairs_a_term_ending_with_the_next_beginning_as_a_handover():
    kyrgyzstan = _event(1, D(2012, 12, 19), D(2013, 9, 23), kind=Kind.TERM, country="KG")
    russia = _event(2, D(2013, 9, 23), D(2014, 12, 1), kind=Kind.TERM, country="RU")

    grid = month_grid(2013, 9, [kyrgyzstan, russia], today=TODAY)
    day = next(c for w in grid.weeks for c in w.cells if c.day == D(2013, 9, 23))

    assert grid.strips == (kyrgyzstan, russia)
    assert [(i.role, i.handover.outgoing.pk, i.handover.incoming.pk) for i in day.items] == [
        ("handover", 1, 2)
    ]


def test_month_day_lists_a_handover_as_one_item_beside_the_days_other_events():
    kyrgyzstan = _event(1, D(2012, 12, 19), D(2013, 9, 23), kind=Kind.TERM, country="KG")
    russia = _event(2, D(2013, 9, 23), D(2014, 12, 1), kind=Kind.TERM, country="RU")
    exercise = _event(3, D(2013, 9, 19), D(2013, 9, 25), kind=Kind.EXERCISE)
    session = _event(4, D(2013, 9, 23))

    grid = month_grid(2013, 9, [kyrgyzstan, russia, exercise, session], today=TODAY)
    day = next(c for w in grid.weeks for c in w.cells if c.day == D(2013, 9, 23))

    assert [(i.role, [e.pk for e in i.events]) for i in day.items] == [
        ("handover", [1, 2]),
        ("bar", [3]),
        ("single", [4]),
    ]


def test_month_draws_a_multi_day_event_once_per_week_it_crosses():
    # 30 September – 4 October 2013: Monday to Friday of one week.
    # 26 September – 2 October: Thursday of one week to Wednesday of the next.
    week_long = _event(1, D(2013, 9, 30), D(2013, 10, 4), kind=Kind.EXERCISE)
    crossing = _event(2, D(2013, 9, 26), D(2013, 10, 2), kind=Kind.EXERCISE)

    grid = month_grid(2013, 9, [week_long, crossing], today=TODAY)
    drawn = [
        sorted(
            (slot.item.event.pk, cell.day.isoformat())
            for cell in week.cells
            for slot in cell.slots
            if slot is not None and slot.first
        )
        for week in grid.weeks
    ]

    assert drawn[-2:] == [
        [(2, "2013-09-26")],
        [(1, "2013-09-30"), (2, "2013-09-30")],
    ]


def test_agenda_counts_exactly_what_it_lists():
    dated = [_event(1, D(2013, 9, 19), D(2013, 9, 25)), _event(2, D(2013, 10, 7))]
    undated = [_event(n, None, kind=Kind.OPERATION) for n in (3, 4, 5)]

    groups = agenda_groups([*dated, *undated], start=D(2013, 9, 20))
    by_kind = undated_by_kind([*dated, *undated])

    assert listed_counts(groups, by_kind) == (2, 3)


@settings(max_examples=200, deadline=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), min_size=0, max_size=25),
)
def test_month_layout_shows_every_day_of_every_event_once(spans):
    base = D(2013, 8, 20)
    events = [
        _event(n, base + dt.timedelta(days=s), base + dt.timedelta(days=s + length))
        for n, (s, length) in enumerate(spans, start=1)
    ]
    first, last = visible_range(2013, 9)

    grid = month_grid(2013, 9, events, today=TODAY)

    for week in grid.weeks:
        for cell in week.cells:
            expected = sorted(
                e.pk
                for e in events
                if e.start_date <= cell.day <= e.end_date and (e.end_date - e.start_date).days < 27
            )
            assert sorted(i.event.pk for i in cell.items) == expected
            lanes = [s.item.lane for s in cell.slots if s is not None]
            assert len(lanes) == len(set(lanes))
    assert grid.weeks[0].cells[0].day == first
    assert grid.weeks[-1].cells[-1].day == last


def test_year_counts_distinct_events_per_day_and_per_month():
    events = [
        _event(1, D(2013, 9, 19), D(2013, 9, 25)),
        _event(2, D(2013, 9, 20)),
        _event(3, D(2013, 1, 1), D(2013, 12, 31), start_precision=Precision.YEAR,
               end_precision=Precision.YEAR),
    ]  # fmt: skip

    grid = year_grid(2013, events, today=TODAY)
    september = grid.months[8]
    counts = {d.day.day: d.count for week in september.weeks for d in week if d and d.count}

    assert counts == {19: 1, 20: 2, 21: 1, 22: 1, 23: 1, 24: 1, 25: 1}
    assert september.count == 2
    assert grid.unplaced == (events[2],)
    assert grid.event_count == 3


def test_agenda_groups_uncertain_years_before_the_years_months():
    events = [
        _event(1, D(2014, 1, 1), D(2014, 12, 31), start_precision=Precision.YEAR,
               end_precision=Precision.YEAR),
        _event(2, D(2014, 1, 1)),
        _event(3, D(2013, 12, 1), D(2013, 12, 31), start_precision=Precision.MONTH,
               end_precision=Precision.MONTH),
        _event(4, D(2013, 9, 1)),
    ]  # fmt: skip

    groups = agenda_groups(events, start=D(2013, 10, 1))

    assert [(g.year, g.month, g.ongoing, [e.pk for e in g.events]) for g in groups] == [
        (2013, 10, True, [4]),
        (2013, 12, False, [3]),
        (2014, None, False, [1]),
        (2014, 1, False, [2]),
    ]


def test_timeline_hatches_an_end_known_only_to_the_year():
    russia = _event(1, D(2013, 9, 23), D(2014, 12, 31), kind=Kind.TERM, country="RU",
                    end_precision=Precision.YEAR)  # fmt: skip

    chart = build_timeline([russia], series=[], first_year=2013, last_year=2014)
    bar = chart.rows[0].bars[0]
    year = WIDTH / 2

    assert bar.solid.x == pytest.approx((265 / 365) * year)
    assert bar.solid.x + bar.solid.width == pytest.approx(year)
    assert (bar.tail.x, bar.tail.x + bar.tail.width) == (pytest.approx(year), pytest.approx(WIDTH))
    assert bar.head is None
    assert bar.label == "Russia"
    assert bar.description == "E1, 23 September 2013 – 2014"


def test_timeline_draws_an_uncertain_date_wholly_hatched_and_says_when():
    summit = _event(1, D(2014, 1, 1), D(2014, 12, 31), place_en="Moscow",
                    start_precision=Precision.YEAR, end_precision=Precision.YEAR)  # fmt: skip

    bar = build_timeline([summit], series=[], first_year=2013, last_year=2014).rows[1].bars[0]

    assert bar.solid is None
    assert bar.label == "Moscow, 2014"
    assert bar.tail.width == pytest.approx(WIDTH / 2)


def test_timeline_stacks_overlapping_bars_and_clips_to_the_window():
    plan = _event(1, D(2013, 9, 23), D(2020, 12, 31), kind=Kind.MILESTONE,
                  end_precision=Precision.YEAR)  # fmt: skip
    budget = _event(2, D(2014, 1, 1), D(2014, 12, 31), kind=Kind.MILESTONE)

    row = build_timeline([plan, budget], series=[], first_year=2014, last_year=2015).rows[-1]

    assert [(bar.event.pk, bar.lane) for bar in row.bars] == [(1, 0), (2, 1)]
    assert row.bars[0].x == 0
    assert row.bars[0].end == pytest.approx(WIDTH)


GROM = ExerciseSeries(pk=1, slug="grom", name_en="Grom", name_ru="Гром")
INTERACTION = ExerciseSeries(pk=2, slug="interaction", name_en="Interaction")


def _edition(pk: int, series: ExerciseSeries, start: dt.date, country: str, **fields) -> Event:
    return _event(pk, start, start + dt.timedelta(days=4), kind=Kind.EXERCISE, series=series,
                  series_year=start.year, country=country, **fields)  # fmt: skip


def _labels(row) -> list[tuple[str, str]]:
    return [(bar.label, bar.description) for bar in row.bars]


def test_timeline_gives_each_series_a_row_and_labels_editions_with_name_and_host():
    events = [
        _edition(1, GROM, D(2013, 9, 20), "KG"),
        _edition(2, INTERACTION, D(2013, 9, 19), "BY"),
        _edition(3, INTERACTION, D(2014, 8, 18), "KZ"),
    ]

    chart = build_timeline(events, series=[GROM, INTERACTION], first_year=2013, last_year=2014)
    rows = {row.key: row for row in chart.rows}

    assert list(rows) == ["terms", "summits", "series-grom", "series-interaction"]
    assert rows["series-grom"].label == "Grom exercises"
    assert _labels(rows["series-interaction"]) == [
        ("Interaction-2013, Belarus", "Interaction-2013, Belarus, 19–23 September 2013"),
        ("Interaction-2014, Kazakhstan", "Interaction-2014, Kazakhstan, 18–22 August 2014"),
    ]
    assert [bar.solid.width >= 8 for bar in rows["series-interaction"].bars] == [True, True]


def test_timeline_puts_exercises_of_a_series_not_given_in_other_exercises():
    chart = build_timeline([_edition(1, GROM, D(2013, 9, 20), "KG")], series=[],
                           first_year=2013, last_year=2013)  # fmt: skip

    other = next(row for row in chart.rows if row.key == "exercises-other")

    assert other.label == "Other exercises"
    assert _labels(other) == [
        ("Grom-2013, Kyrgyzstan", "Grom-2013, Kyrgyzstan, 20–24 September 2013")
    ]


def test_timeline_labels_terms_with_country_and_summits_with_city_and_date():
    events = [
        _event(
            1,
            D(2012, 12, 1),
            D(2013, 9, 23),
            kind=Kind.TERM,
            country="KG",
            title_en="",
            start_precision=Precision.MONTH,
        ),
        _event(2, D(2013, 9, 23), place_en="Sochi", title_en="Session in Sochi"),
        _event(
            3,
            D(2013, 5, 1),
            D(2013, 5, 31),
            place_en="Bishkek",
            title_en="Informal summit",
            start_precision=Precision.MONTH,
            end_precision=Precision.MONTH,
        ),
        _event(
            4,
            D(2014, 1, 1),
            D(2014, 12, 31),
            title_en="Next session",
            start_precision=Precision.YEAR,
            end_precision=Precision.YEAR,
        ),
    ]

    chart = build_timeline(events, series=[], first_year=2012, last_year=2014)
    terms, summits = chart.rows[0], chart.rows[1]

    assert _labels(terms) == [
        ("Kyrgyzstan", "Chairmanship: Kyrgyzstan, December 2012 – 23 September 2013")
    ]
    assert _labels(summits) == [
        ("Bishkek, May 2013", "Informal summit, Bishkek, May 2013"),
        ("Sochi, 23 September 2013", "Session in Sochi, Sochi, 23 September 2013"),
        ("Next session, 2014", "Next session, 2014"),
    ]
    assert [bar.pin for bar in summits.bars] == [False, True, False]


def test_timeline_lists_operations_with_their_dates_and_the_undated_apart():
    events = [
        _event(
            1,
            D(2013, 6, 1),
            D(2013, 6, 30),
            kind=Kind.OPERATION,
            title_en="Channel",
            start_precision=Precision.MONTH,
            end_precision=Precision.MONTH,
        ),
        _event(2, D(2013, 3, 4), D(2013, 3, 8), kind=Kind.OPERATION, title_en="Proxy"),
        _event(3, None, kind=Kind.OPERATION, title_en="Against drug trafficking"),
    ]

    chart = build_timeline(events, series=[], first_year=2013, last_year=2013)
    (operations,) = (row for row in chart.rows if row.key == "operations")

    assert [(item.event.title_en, item.dates) for item in operations.listed] == [
        ("Channel", "June 2013"),
        ("Proxy", "4–8 March 2013"),
    ]
    assert [event.title_en for event in operations.undated] == ["Against drug trafficking"]
    assert (operations.bars, operations.charted, operations.listed_in_words) == ((), False, True)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5 * 365), st.integers(0, 40), st.integers(1, 45)),
        min_size=1,
        max_size=40,
    )
)
def test_timeline_labels_never_overlap_each_other_or_the_marks(spans):
    events = [
        _event(
            pk,
            D(2013, 1, 1) + dt.timedelta(days=offset),
            D(2013, 1, 1) + dt.timedelta(days=offset + length),
            title_en="x" * size,
        )
        for pk, (offset, length, size) in enumerate(spans, start=1)
    ]

    chart = build_timeline(events, series=[], first_year=2013, last_year=2018)
    (summits,) = (row for row in chart.rows if row.key == "summits")

    boxes = [(b.line, b.label_x, b.label_x + b.label_width) for b in summits.bars]
    for i, (line, start, end) in enumerate(boxes):
        for other_line, other_start, other_end in boxes[i + 1 :]:
            assert line != other_line or end <= other_start or other_end <= start
    for bar in summits.bars:
        assert bar.label_top + LINE_HEIGHT <= bar.top <= bar.y
        assert bar.label_x == pytest.approx(bar.anchor)
    assert summits.lines == 1 + max(line for line, _, _ in boxes)
