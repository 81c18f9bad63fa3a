"""The event list written from rows (events/api/rows.py) is what EventSerializer
writes: the same keys in the same order with the same values, for every kind of
event, in either language and time zone a request may be answered in."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from events.api.rows import COLUMNS, decimal_writer, event_dicts
from events.api.serializers import EventSerializer
from events.domain.seeding import seed_load
from events.enums import Kind, Precision, Status
from events.models import Event, ExerciseSeries
from tests.factories import EventFactory, ExerciseFactory, ExerciseSeriesFactory, TermFactory

pytestmark = pytest.mark.django_db


def _written_both_ways(events) -> tuple[str, str]:
    request = Request(APIRequestFactory().get("/api/events/?start=2013-09-01"))
    expected = EventSerializer(events, many=True, context={"request": request}).data
    actual = event_dicts(events.values_list(*COLUMNS), request)
    # As JSON text: key order and value types count, not only equality.
    return json.dumps(expected, ensure_ascii=False), json.dumps(actual, ensure_ascii=False)


def _odd_events() -> None:
    """Events the seed lacks: timed, placed, crowded, nameless, unpublished, undated."""
    EventFactory(
        title_ru="",
        start_date=dt.date(2013, 9, 7),
        start_time=dt.time(0, 0),
        end_time=dt.time(17, 30, 15),
        time_zone="Europe/Moscow",
        latitude=Decimal("-89.99999"),
        longitude=Decimal("37.6"),
        participants=["TJ", "AM", "RU", "AM"],
        source_date=dt.date(2013, 8, 1),
        source_url="https://example.org/a?b=1&c=2",
        description_en="Two lines\nand “quotes” <b>&</b>",
        published=False,
        status=Status.POSTPONED,
    )
    series = ExerciseSeriesFactory(slug="lone", name_en="Lone", name_ru="")
    ExerciseFactory(series=series, series_year=2014, start_date=dt.date(2014, 2, 1))
    TermFactory(country="AM", start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 12, 31))
    TermFactory(
        title_en="A titled term", start_date=dt.date(2021, 1, 1), end_date=dt.date(2021, 6, 1)
    )
    EventFactory(kind=Kind.SUMMIT, title_en="", title_ru="Только по-русски", start_date=None)
    EventFactory(kind=Kind.OPERATION, title_en="", title_ru="", country="")
    EventFactory(
        kind=Kind.MILESTONE,
        start_date=dt.date(2013, 1, 1),
        start_precision=Precision.YEAR,
        end_date=dt.date(2013, 12, 31),
        end_precision=Precision.YEAR,
        informal=True,
    )
    # Written around the field's cleaning: lower case and alpha-3 codes read back as alpha-2.
    Event.objects.filter(kind=Kind.OPERATION).update(country="kz", participants="BLR,RU")


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("zone", ["UTC", "Europe/Moscow"])
def test_rows_are_written_as_the_serializer_writes_events(language, zone):
    seed_load()
    _odd_events()
    events = Event.objects.for_display().chronological()

    with translation.override(language), timezone.override(zone):
        expected, actual = _written_both_ways(events)

    assert actual == expected
    assert json.loads(actual)


class TestAnyEvent(TestCase):
    """Arbitrary text, times, coordinates and codes, one event at a time."""

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        kind=st.sampled_from(Kind.values),
        titles=st.tuples(st.text(max_size=20), st.text(max_size=20)),
        series_year=st.integers(1, 9999),
        country=st.sampled_from(["", "RU", "BY", "KG", "rus", "XX", "112"]),
        participants=st.lists(st.sampled_from(["RU", "BY", "KZ", "AM", "tj", "ARM"]), max_size=5),
        start=st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 30)),
        times=st.none() | st.tuples(st.times(), st.times()),
        coordinates=st.none()
        | st.tuples(
            st.decimals(-90, 90, places=5, allow_nan=False),
            st.decimals(-180, 180, places=3, allow_nan=False),
        ),
        revision=st.integers(0, 2**31 - 1),
    )
    def test_any_event(
        self, kind, titles, series_year, country, participants, start, times, coordinates, revision
    ):
        series = ExerciseSeries.objects.get_or_create(slug="s", name_en="S", name_ru="С")[0]
        if kind == Kind.TERM and not country:
            country = "TJ"  # a term has a chair
        event = Event(
            kind=kind,
            title_en=titles[0],
            title_ru=titles[1],
            series=series if kind == Kind.EXERCISE else None,
            series_year=series_year if kind == Kind.EXERCISE else None,
            country=country,
            participants=participants,
            start_date=start,
            end_date=start + dt.timedelta(days=1),
            start_time=times[0] if times else None,
            end_time=times[1] if times else None,
            time_zone="Asia/Almaty" if times else "",
            latitude=coordinates[0] if coordinates else None,
            longitude=coordinates[1] if coordinates else None,
        )
        event.save()
        Event.objects.filter(pk=event.pk).update(revision=revision)

        expected, actual = _written_both_ways(Event.objects.for_display().filter(pk=event.pk))

        assert actual == expected


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        *(st.decimals(-180, 180, places=places, allow_nan=False) for places in range(8))
    )
)
def test_coordinates_are_written_as_the_serializer_writes_them(value):
    field = EventSerializer().fields["longitude"]

    assert decimal_writer(field)(value) == field.to_representation(value)
