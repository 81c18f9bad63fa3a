"""Dates and names as each language writes them: the dash rule, «г.», headings, quotes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from babel import dates as babel_dates
from hypothesis import given, settings
from hypothesis import strategies as st

from events import dates
from events.dates import format_day, format_month_heading, format_span
from events.enums import Precision
from events.text import quoted_name

D = dt.date


@dataclass(frozen=True)
class Dates:
    start_date: dt.date | None
    end_date: dt.date | None
    start_precision: str = Precision.DAY
    end_precision: str = Precision.DAY
    time_zone: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None

    @property
    def is_exact(self) -> bool:
        return self.start_precision == self.end_precision == Precision.DAY


@pytest.mark.parametrize(
    ("dates", "russian", "english"),
    [
        (Dates(D(2014, 8, 18), D(2014, 8, 22)), "18–22 августа 2014 г.", "18–22 August 2014"),
        (
            Dates(D(2014, 9, 30), D(2014, 10, 2)),
            "30 сентября — 2 октября 2014 г.",
            "30 September – 2 October 2014",
        ),
        (
            Dates(D(2013, 12, 30), D(2014, 1, 2)),
            "30 декабря 2013 г. — 2 января 2014 г.",
            "30 December 2013 – 2 January 2014",
        ),
        (
            Dates(D(2012, 12, 1), D(2013, 9, 23), Precision.MONTH),
            "декабрь 2012 г. — 23 сентября 2013 г.",
            "December 2012 – 23 September 2013",
        ),
        (
            Dates(D(2013, 9, 23), D(2014, 12, 31), Precision.DAY, Precision.YEAR),
            "23 сентября 2013 г. — 2014 г.",
            "23 September 2013 – 2014",
        ),
        (
            Dates(D(2013, 1, 1), D(2014, 12, 31), Precision.YEAR, Precision.YEAR),
            "2013–2014 гг.",
            "2013–2014",
        ),
        (
            Dates(D(2013, 5, 1), D(2013, 6, 30), Precision.MONTH, Precision.MONTH),
            "май — июнь 2013 г.",
            "May 2013 – June 2013",
        ),
        (
            Dates(D(2014, 1, 1), D(2014, 12, 31), Precision.YEAR, Precision.YEAR),
            "2014 г.",
            "2014",
        ),
        (Dates(D(2013, 9, 20), D(2013, 9, 20)), "20 сентября 2013 г.", "20 September 2013"),
    ],
)
def test_span_follows_one_dash_rule_per_language(dates, russian, english):
    # Spaces folded: the rule also puts no-break spaces before «г.» and the dash.
    assert " ".join(format_span(dates, language="ru").split()) == russian
    assert format_span(dates, language="en") == english


def test_russian_spaces_hold_the_year_mark_and_the_dash_in_place():
    text = format_span(Dates(D(2014, 9, 30), D(2014, 10, 2)), language="ru")

    assert text == "30 сентября\u00a0— 2 октября 2014\u202fг."


def test_timed_span_in_russian():
    zone = dt.timezone(dt.timedelta(hours=4))
    dates = Dates(
        D(2013, 9, 23),
        D(2013, 9, 23),
        time_zone="Europe/Moscow",
        starts_at=dt.datetime(2013, 9, 23, 10, 0, tzinfo=zone),
        ends_at=dt.datetime(2013, 9, 23, 12, 30, tzinfo=zone),
    )

    assert " ".join(format_span(dates, language="ru").split()) == (
        "23 сентября 2013 г., 10:00–12:30 (Europe/Moscow)"
    )


def test_day_at_each_precision_in_russian():
    day = D(2013, 5, 7)

    assert [
        " ".join(format_day(day, precision, language="ru").split())
        for precision in (Precision.DAY, Precision.MONTH, Precision.YEAR)
    ] == ["7 мая 2013 г.", "май 2013 г.", "2013 г."]


def test_month_heading_is_capitalised_and_has_no_year_mark():
    day = D(2013, 1, 1)

    assert format_month_heading(day, language="ru") == "Январь 2013"
    assert format_month_heading(day, language="en") == "January 2013"
    assert format_month_heading(day, Precision.YEAR, language="ru") == "2013"


@pytest.mark.parametrize(
    ("name", "language", "shown"),
    [
        ("Гром", "ru", "«Гром»"),
        ("Взаимодействие-2013", "ru", "«Взаимодействие-2013»"),
        ("«Гром»", "ru", "«Гром»"),
        ('"Гром"', "ru", '"Гром"'),
        ("", "ru", ""),
        ("Grom", "en", "Grom"),
    ],
)
def test_quoted_name_quotes_once_and_only_in_russian(name, language, shown):
    assert quoted_name(name, language) == shown


# The formats above are Babel's, with its patterns found once per process
# (events/dates.py): the same text for any date, in both locales.
@settings(max_examples=200)
@given(
    value=st.one_of(
        st.dates(),
        st.datetimes(),
        st.datetimes(timezones=st.sampled_from([dt.UTC, ZoneInfo("Asia/Yerevan")])),
    ),
    locale=st.sampled_from(["en_GB", "ru"]),
    skeleton=st.sampled_from(["yMMMMd", "MMMMd", "Hm", "yMMMd", "MMMEd"]),
    pattern=st.sampled_from(["LLLL y", "LLLL", "EEEE", "EEE", "EEEEE", "d MMMM y"]),
)
def test_dates_are_formatted_as_babel_formats_them(value, locale, skeleton, pattern):
    assert dates.format_skeleton(skeleton, value, locale=locale) == babel_dates.format_skeleton(
        skeleton, value, locale=locale
    )
    assert dates.format_date(value, pattern, locale=locale) == babel_dates.format_date(
        value, pattern, locale=locale
    )
