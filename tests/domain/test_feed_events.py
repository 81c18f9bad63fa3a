"""A feed reads events as plain rows (FeedEvent) and writes from them the bytes it
would write from the model instances, on both databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from events.domain.ical.feed import vevent_bytes
from events.domain.ical.feed_events import COLUMNS, FeedEvent, FeedRows, feed_events
from events.domain.ical.vevent_writer import vevents_direct
from events.enums import Kind, Precision, Status
from events.models import Event, ExerciseSeries

BASE_URL = "https://csto.example"


@pytest.fixture
def varied(db):
    series = ExerciseSeries.objects.create(
        slug="interaction", name_en="Interaction", name_ru="Взаимодействие"
    )
    events = [
        Event(
            kind=Kind.EXERCISE,
            series=series,
            series_year=2013,
            country="BY",
            participants=["AM", "KZ", "RU"],
            place_en="Brest",
            place_ru="Брест",
            description_en="A line; with, all\nthe escapes \\ of TEXT " + "long " * 30,
            forces_ru="До 2000 военнослужащих",
            latitude=Decimal("52.1"),
            longitude=Decimal("23.69"),
            start_date=dt.date(2013, 9, 23),
            end_date=dt.date(2013, 9, 28),
        ),
        Event(
            kind=Kind.SUMMIT,
            title_en="Council session",
            title_ru="Сессия Совета",
            status=Status.POSTPONED,
            start_date=dt.date(2013, 5, 28),
            end_date=dt.date(2013, 5, 28),
            start_time=dt.time(10),
            end_time=dt.time(17, 30),
            time_zone="Asia/Kathmandu",
        ),
        Event(
            kind=Kind.TERM,
            country="KG",
            start_date=dt.date(2013, 1, 1),
            end_date=dt.date(2013, 12, 31),
        ),
        Event(
            kind=Kind.MILESTONE,
            title_en="Treaty review",
            status=Status.CANCELLED,
            start_date=dt.date(2014, 1, 1),
            start_precision=Precision.YEAR,
            end_date=dt.date(2014, 12, 31),
            end_precision=Precision.YEAR,
        ),
        Event(
            kind=Kind.OPERATION,
            title_en="Operation",
            start_date=dt.date(2012, 1, 1),
            end_date=dt.date.max,
        ),
        Event(kind=Kind.SUMMIT, title_en="Undated"),
    ]
    for event in events:
        event.save()
    return series


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_feed_writes_from_rows_what_it_writes_from_instances(varied, language):
    instances = list(Event.objects.for_display().order_by("pk"))
    rows = feed_events(Event.objects.order_by("pk"), {varied.pk: varied})

    from_rows = vevents_direct(rows, base_url=BASE_URL, language=language)

    assert [row.pk for row in rows] == [event.pk for event in instances]
    assert from_rows == [vevent_bytes(e, base_url=BASE_URL, language=language) for e in instances]
    # Everything dated is written; the participants are names (commas escaped), not letters.
    assert sum(1 for vevent in from_rows if vevent) == 5
    expected = (
        "Участники: Армения\\, Казахстан\\, Россия"
        if language == "ru"
        else "Participants: Armenia\\, Kazakhstan\\, Russia"
    )
    assert expected in from_rows[0].decode().replace("\r\n ", "")


def test_a_feed_event_takes_its_columns_in_their_order():
    row = tuple(f"value of {name}" for name in COLUMNS)

    event = FeedEvent(row, None)

    assert all(
        getattr(event, name) == f"value of {name}" for name in COLUMNS if name != "participants"
    )
    assert event.participants == ["value of participants"]


@pytest.fixture
def summits(db):
    first = dt.date(2013, 1, 7)
    return [
        Event.objects.create(
            kind=Kind.SUMMIT,
            title_en=f"Session {number}",
            start_date=first + dt.timedelta(days=7 * number),
            end_date=first + dt.timedelta(days=7 * number),
            # Every third one is not in feeds: its row is read, and never handed out.
            published=number % 3 != 2,
        )
        for number in range(12)
    ]


def test_rows_of_a_batch_bring_the_next_batches_with_them(summits, django_assert_num_queries):
    rows = FeedRows({}, batch=2)
    ids = [event.pk for event in summits if event.published]

    with django_assert_num_queries(1):
        # Four batches' worth of rows (READ_AHEAD), unpublished ones included.
        first = rows.of(ids[:2])
        following = [rows.of(ids[2:4]), rows.of(ids[4:6])]
    with django_assert_num_queries(1):
        last = rows.of(ids[6:8])

    assert [event.title_en for event in first] == ["Session 0", "Session 1"]
    assert [[event.title_en for event in batch] for batch in following] == [
        ["Session 3", "Session 4"],
        ["Session 6", "Session 7"],
    ]
    assert [event.title_en for event in last] == ["Session 9", "Session 10"]


def test_rows_not_read_ahead_are_read_when_asked(summits, django_assert_num_queries):
    rows = FeedRows({}, batch=2)
    ids = [event.pk for event in summits]
    rows.of(ids[:2])
    Event.objects.filter(pk=ids[9]).delete()

    with django_assert_num_queries(1):
        # Not all of these were read ahead: read again, the deleted one left out.
        later = rows.of([ids[8], ids[9], ids[10]])
    with django_assert_num_queries(1):
        # Far apart: read as a list of ids.
        apart = rows.of([ids[0], ids[11]])

    assert [event.pk for event in later] == [ids[8], ids[10]]
    assert [event.title_en for event in apart] == ["Session 0", "Session 11"]
