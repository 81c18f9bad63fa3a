"""The direct VEVENT writer gives, byte for byte, what icalendar's component tree gives.

One property over generated events (every kind, status and precision, all-day and
timed in zones with DST and odd offsets, dates up to 9999-12-31, text of any
script with the characters TEXT escapes and the controls the model strips, long
addresses, both languages) and a few examples of the edges by name. The events
are unsaved: nothing here needs the database. Examples per run:
VEVENT_EXAMPLES (300 by default).
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import uuid
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.parser import _foldline

from events.domain.ical.feed import event_to_vevent, vevent_bytes
from events.domain.ical.feed_events import feed_event
from events.domain.ical.vevent_writer import fold, vevent_bytes_direct
from events.enums import Kind, Precision, Status
from events.models import Event, ExerciseSeries
from events.text import strip_controls

EXAMPLES = int(os.environ.get("VEVENT_EXAMPLES", "300"))
WRITER_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

BASE_URLS = [
    "https://csto.example",
    "http://127.0.0.1:8000",
    # Non-ASCII, long: percent-encoded and folded.
    "https://календарь.example/" + "очень-длинный-путь/" * 6 + "x" * 40,
]
ZONES = [
    "UTC",
    "Etc/UTC",
    "Europe/Moscow",
    "Europe/Berlin",
    "America/New_York",
    "America/St_Johns",
    "America/Argentina/Buenos_Aires",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
    "Etc/GMT-14",
]
NOT_CALENDAR_ZONES = ["localtime", "posix/Europe/Moscow", "Mars/Olympus"]
COUNTRIES = ["", "RU", "BY", "KZ", "AM", "KG", "TJ", "CN", "US"]
# Around clocks that jump (Berlin, New York, Lord Howe's half hour) and the ends
# of what a date can hold.
EDGE_DAYS = [
    dt.date(1, 1, 1),
    dt.date(2021, 3, 28),
    dt.date(2021, 10, 31),
    dt.date(2021, 3, 14),
    dt.date(2021, 11, 7),
    dt.date(2021, 4, 4),
    dt.date(9999, 12, 30),
    dt.date(9999, 12, 31),
]
EDGE_TIMES = [dt.time(0, 0), dt.time(1, 59, 59), dt.time(2, 30), dt.time(3, 0), dt.time(23, 59, 59)]

# Text that escapes, folds and strips: TEXT specials, line ends of every kind,
# controls, and characters of two, three and four octets.
SPECIALS = [
    *",;:\\\"^'\n\r\t ",
    *["\\N", "\\n", "\r\n", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"],
    *["Ж", "щ", "界", "語", "😀", "👍🏽", "é", "ǅ"],
]
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(SPECIALS),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=150,
).map("".join)
slugs = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-_"), min_size=1, max_size=100)
stamps = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis adds the zone
    max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=45))]),
)
days = st.one_of(st.sampled_from(EDGE_DAYS), st.dates())
coordinates = st.one_of(
    st.none(), st.decimals(min_value=-90, max_value=90, places=5, allow_nan=False)
)


def _widen(day: dt.date, precision: str, *, end: bool) -> dt.date:
    """The stored date of a start or end known to ``precision`` (Precision says how)."""
    if precision == Precision.YEAR:
        return dt.date(day.year, 12, 31) if end else dt.date(day.year, 1, 1)
    if precision == Precision.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=last) if end else day.replace(day=1)
    return day


@st.composite
def events(draw) -> Event:
    kind = draw(st.sampled_from(Kind.values))
    first, last = sorted([draw(days), draw(days)])
    start_precision = draw(st.sampled_from(Precision.values))
    end_precision = draw(st.sampled_from(Precision.values))
    first = _widen(first, start_precision, end=False)
    last = max(first, _widen(last, end_precision, end=True))
    undated = draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans())
    timed = start_precision == end_precision == Precision.DAY and draw(st.booleans())
    start_time = end_time = None
    zone = ""
    if timed:
        start_time = draw(st.one_of(st.sampled_from(EDGE_TIMES), st.times()))
        end_time = draw(st.one_of(st.sampled_from(EDGE_TIMES), st.times()))
        if first == last:
            start_time, end_time = sorted([start_time, end_time])
        zone = draw(
            st.one_of(st.sampled_from(ZONES), st.sampled_from(NOT_CALENDAR_ZONES))
            if draw(st.integers(0, 9)) == 0
            else st.sampled_from(ZONES)
        )
    series = ExerciseSeries(
        slug=draw(slugs), name_en=draw(hostile_text), name_ru=draw(hostile_text)
    )
    latitude = draw(coordinates)
    longitude = draw(st.one_of(st.none(), st.decimals(min_value=-180, max_value=180, places=5)))
    return Event(
        uid=draw(st.uuids()),
        slug=draw(slugs),
        kind=kind,
        status=draw(st.sampled_from(Status.values)),
        title_en=draw(hostile_text),
        title_ru=draw(hostile_text),
        series=series if kind == Kind.EXERCISE else None,
        series_year=draw(st.integers(1, 9999)) if kind == Kind.EXERCISE else None,
        informal=draw(st.booleans()),
        country=draw(st.sampled_from(COUNTRIES)),
        participants=draw(st.lists(st.sampled_from(COUNTRIES[1:]), max_size=4, unique=True)),
        forces_en=draw(hostile_text),
        forces_ru=draw(hostile_text),
        place_en=draw(hostile_text),
        place_ru=draw(hostile_text),
        description_en=draw(hostile_text),
        description_ru=draw(hostile_text),
        start_date=None if undated else first,
        start_precision=start_precision,
        start_time=start_time,
        end_date=None if undated else last,
        end_precision=end_precision,
        end_time=end_time,
        time_zone=zone,
        latitude=latitude,
        longitude=longitude,
        revision=draw(st.integers(0, 2**31 - 1)),
        created_at=draw(stamps),
        updated_at=draw(stamps),
    )


@WRITER_SETTINGS
@given(event=events(), base_url=st.sampled_from(BASE_URLS), language=st.sampled_from(["en", "ru"]))
def test_vevent_writer_writes_the_bytes_of_icalendars_tree(event, base_url, language):
    expected = vevent_bytes(event, base_url=base_url, language=language)

    written = vevent_bytes_direct(event, base_url=base_url, language=language)
    # As a feed writes it: from the event's columns, without a model instance.
    from_columns = vevent_bytes_direct(feed_event(event), base_url=base_url, language=language)

    assert written == expected
    assert from_columns == expected


def _event(**fields) -> Event:
    values = {
        "uid": uuid.UUID("6f1c0f52-3b8e-4d7a-9c1e-2a4b6d8f0a1c"),
        "slug": "grom-2013",
        "kind": Kind.SUMMIT,
        "title_en": "Session",
        "title_ru": "Сессия",
        "country": "RU",
        "start_date": dt.date(2013, 9, 23),
        "end_date": dt.date(2013, 9, 23),
        "created_at": dt.datetime(2013, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC),
        "updated_at": dt.datetime(2013, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
        **fields,
    }
    return Event(**values)


def _both(event: Event, language: str = "en") -> tuple[bytes, bytes]:
    base_url = "https://csto.example"
    return (
        vevent_bytes_direct(event, base_url=base_url, language=language),
        event_to_vevent(event, base_url=base_url, language=language).to_ical(),
    )


def test_vevent_writer_writes_a_duration_for_an_event_ending_on_the_last_day():
    event = _event(start_date=dt.date(9999, 12, 1), end_date=dt.date(9999, 12, 31))

    written, expected = _both(event)

    assert written == expected
    assert b"\r\nDURATION:P31D\r\n" in written


def test_vevent_writer_writes_odd_offsets_in_their_own_zone():
    event = _event(
        start_time=dt.time(9, 15),
        end_time=dt.time(18, 45, 30),
        time_zone="Asia/Kathmandu",
    )

    written, expected = _both(event)

    assert written == expected
    assert b"\r\nDTSTART;TZID=Asia/Kathmandu:20130923T091500\r\n" in written


@pytest.mark.parametrize("zone", ["UTC", "Etc/UTC"])
def test_vevent_writer_writes_utc_times_with_z_and_no_tzid(zone):
    event = _event(start_time=dt.time(9), end_time=dt.time(10), time_zone=zone)

    written, expected = _both(event)

    assert written == expected
    assert b"\r\nDTSTART:20130923T090000Z\r\n" in written


def test_vevent_writer_writes_a_time_the_clocks_skip_as_its_wall_clock():
    event = _event(
        start_date=dt.date(2021, 3, 28),
        end_date=dt.date(2021, 3, 28),
        start_time=dt.time(2, 30),
        end_time=dt.time(3, 30),
        time_zone="Europe/Berlin",
    )

    written, expected = _both(event)

    assert written == expected
    assert b"\r\nDTSTART;TZID=Europe/Berlin:20210328T023000\r\n" in written


@pytest.mark.parametrize("character", ["Ж", "界", "😀"])
def test_vevent_writer_folds_before_a_character_that_would_cross_75_octets(character):
    # "SUMMARY:" and 66 ASCII characters leave one octet before the fold.
    event = _event(title_en="x" * 66 + character * 20)

    written, expected = _both(event)

    assert written == expected
    summary = written.split(b"\r\n")[1]
    assert summary == b"SUMMARY:" + b"x" * 66


def test_vevent_writer_escapes_text_and_drops_controls():
    event = _event(title_en="a,b;c\\d\ne\x00f\u2028g", place_en="Minsk; HQ, room \\2")

    written, expected = _both(event)

    assert written == expected
    assert b"\r\nSUMMARY:a\\,b\\;c\\\\d\\nef\\ng\r\n" in written
    assert b"\r\nLOCATION:Minsk\\; HQ\\, room \\\\2\\, Russia\r\n" in written


def test_vevent_writer_writes_nothing_for_an_undated_event():
    event = _event(start_date=None, end_date=None)

    written = vevent_bytes_direct(event, base_url="https://csto.example", language="en")

    assert (written, vevent_bytes(event, base_url="https://csto.example", language="en")) == (
        b"",
        b"",
    )


def test_vevent_writer_leaves_out_an_event_whose_zone_is_no_calendar_zone():
    event = _event(start_time=dt.time(9), end_time=dt.time(10), time_zone="posix/Europe/Moscow")

    written = vevent_bytes_direct(event, base_url="https://csto.example", language="en")

    assert (written, vevent_bytes(event, base_url="https://csto.example", language="en")) == (
        b"",
        b"",
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_vevent_writer_writes_an_imprecise_exercise_as_icalendar_does(language):
    series = ExerciseSeries(slug="rubezh", name_en="Rubezh", name_ru="Рубеж")
    event = _event(
        kind=Kind.EXERCISE,
        series=series,
        series_year=2014,
        status=Status.CANCELLED,
        start_date=dt.date(2014, 1, 1),
        start_precision=Precision.YEAR,
        end_date=dt.date(2014, 12, 31),
        end_precision=Precision.YEAR,
        participants=["BY", "KZ"],
        latitude=Decimal("55.75000"),
        longitude=Decimal("-37.61700"),
    )

    written, expected = _both(event, language)

    assert written == expected
    assert b"\r\nSTATUS:CANCELLED\r\n" in written
    assert b"\r\nGEO:55.75;-37.617\r\n" in written


@pytest.mark.parametrize(("length", "first_line"), [(66, 74), (67, 74), (68, 74)])
def test_vevent_writer_folds_a_line_of_75_octets_or_more(length, first_line):
    # icalendar keeps a line to 74 octets: "SUMMARY:" and 66 characters stay whole.
    event = _event(title_en="x" * length)

    written, expected = _both(event)

    assert written == expected
    assert len(written.split(b"\r\n")[1]) == min(8 + length, first_line)


# Folding is the one rule the writer applies itself, a piece at a time: it must
# fold every line as icalendar's character-by-character _foldline does.
FOLD_TEXT = st.text(
    alphabet=st.sampled_from(["a", "Z", " ", "\\", "^", ",", ";", "é", "Ж", "界", "😀", "\t"]),
    max_size=400,
) | st.text(max_size=400)


@WRITER_SETTINGS
@given(line=FOLD_TEXT.filter(lambda line: "\n" not in line and "\r" not in line))
def test_fold_folds_every_line_as_icalendar_does(line):
    assert fold(line) == _foldline(line)


@pytest.mark.parametrize(
    "line",
    [
        "x" * 73 + "\\,tail",  # an escape whose backslash would end the first line
        "x" * 73 + "^'tail",  # an RFC 6868 caret in the same place
        "Ж" * 36 + "\\\\" + "Ж" * 40,  # an escape at the edge, in two-octet text
        "😀" * 18 + "a\\n" + "😀" * 20,
        "\\" * 200,
    ],
)
def test_fold_keeps_escapes_whole_at_the_edge_as_icalendar_does(line):
    assert fold(line) == _foldline(line)
    assert all(len(piece.encode()) < 75 for piece in fold(line).split("\r\n "))


# strip_controls skips its expressions for text Python calls printable: it must
# still change exactly what they change, for any text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
_LINE_ENDS = re.compile("\r\n|[\r\x85\u2028\u2029]")


@WRITER_SETTINGS
@given(
    text=st.text(
        alphabet=st.characters(codec=None)
        | st.sampled_from(
            ["\r", "\n", "\t", "\x85", "\u2028", "\u2029", "\x7f", "\xa0", "\u200b", "\ufeff"]
        ),
        max_size=60,
    )
)
def test_strip_controls_changes_what_its_expressions_change(text):
    assert strip_controls(text) == _CONTROLS.sub("", _LINE_ENDS.sub("\n", text))
