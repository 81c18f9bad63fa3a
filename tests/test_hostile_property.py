"""Whatever an event holds and whatever a reader asks, nothing answers 5xx.

One property over the whole site: an event with any dates the database can hold
(years 1–9999, written around validation as an old row or raw SQL would be), any
precision, all-day or timed in an extreme zone, and text of any code point (saved
through the model, which must either accept or explain), read through every page,
the feeds, the API and a backup export → import; and any filter value on every
page, feed and the API. Examples per run: HOSTILE_EXAMPLES (40 by default).
"""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import quote_from_bytes

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from events.enums import Kind, Precision, Status
from events.models import Event
from events.periods import EARLIEST_DATE, LATEST_DATE
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "40"))
HOSTILE_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a request can carry: any code point but lone surrogates, which UTF-8 (and so
# a URL or a form) cannot hold; percent-encoded raw bytes are sent separately.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
EDGES = [
    dt.date(1, 1, 1),
    dt.date(1899, 12, 31),
    dt.date(2200, 12, 31),
    dt.date(2201, 1, 1),
    dt.date(9999, 12, 1),
    dt.date(9999, 12, 30),
    dt.date(9999, 12, 31),
]
any_date = st.one_of(
    st.sampled_from(EDGES), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
)
ZONES = ["UTC", "Europe/Moscow", "Pacific/Kiritimati", "Etc/GMT+12", "America/St_Johns"]


@st.composite
def stored_events(draw) -> dict:
    start = draw(any_date)
    days = draw(st.integers(0, 800))
    end = start + dt.timedelta(days=min(days, (dt.date(9999, 12, 31) - start).days))
    timed = draw(st.booleans())
    values = {
        "start_date": start,
        "end_date": end,
        "start_precision": Precision.DAY,
        "end_precision": Precision.DAY,
        "status": draw(st.sampled_from(Status.values)),
    }
    if timed:
        values.update(
            start_time=draw(st.times()).replace(microsecond=0),
            end_time=dt.time(23, 59),
            time_zone=draw(st.sampled_from(ZONES)),
        )
    else:
        values.update(
            start_precision=draw(st.sampled_from(Precision.values)),
            end_precision=draw(st.sampled_from(Precision.values)),
        )
    return values


def _urls(event: Event) -> list[str]:
    start = event.start_date
    return [
        "/",
        f"/{start.year:04d}/{start.month:02d}/",
        f"/ru/{start.year:04d}/{start.month:02d}/",
        f"/{start.year:04d}/",
        f"/agenda/?from={start.isoformat()}",
        f"/agenda/?from={start.isoformat()}&to={event.end_date.isoformat()}",
        f"/timeline/?from={start.year}&to={event.end_date.year}",
        f"/go/?year={start.year}&month={start.month}",
        f"/events/{event.slug}/",
        f"/ru/events/{event.slug}/",
        f"/events/{event.slug}.ics",
        f"/events/{event.slug}.ics?lang=ru",
        f"/events/{event.slug}/changes.atom",
        "/changes/",
        "/ru/changes.atom",
        "/calendar.ics",
        "/calendar.ics?lang=ru",
        f"/calendar.ics?kind={event.kind}",
        f"/api/events/?start={start.isoformat()}&end={start.isoformat()}",
        f"/api/events/{event.uid}/",
    ]


def _validation_problems(event: Event) -> dict[str, list[str]]:
    try:
        event.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def _assert_no_server_error(client: Client, url: str, **extra) -> None:
    response = client.get(url, **extra)
    assert response.status_code < 500, (url, extra, response.status_code)
    if response.status_code == 200 and not response.streaming:
        assert b"Traceback" not in response.content, url


@HOSTILE_SETTINGS
@given(stored=stored_events(), title=any_text, description=any_text, place=any_text)
def test_any_stored_event_reads_everywhere_without_a_server_error(
    seeded, stored, title, description, place
):
    client = Client(raise_request_exception=False)
    event = EventFactory.build(title_en=title or "x", description_en=description, place_en=place)
    for name, value in stored.items():
        setattr(event, name, value)
    # The model accepts or explains, field by field; it never raises anything else.
    problems = _validation_problems(event)
    inside = event.start_date >= EARLIEST_DATE and event.end_date <= LATEST_DATE
    if not inside:
        assert problems
    # Saved as it stands, the way an old row or raw SQL would have it.
    event.start_date = event.end_date = dt.date(2013, 9, 23)
    event.start_time = event.end_time = None
    event.time_zone = ""
    event.start_precision = event.end_precision = Precision.DAY
    event.save()
    try:
        with transaction.atomic():
            Event.objects.filter(pk=event.pk).update(**stored)
    except IntegrityError:
        Event.objects.filter(pk=event.pk).delete()
        assume(False)
    event.refresh_from_db()
    try:
        for url in _urls(event):
            _assert_no_server_error(client, url)
    finally:
        Event.objects.filter(pk=event.pk).delete()


filter_names = st.sampled_from(["kind", "country", "series", "q", "lang", "from", "to", "page"])
FILTERED_PATHS = [
    "/",
    "/2013/09/",
    "/2013/",
    "/agenda/",
    "/timeline/",
    "/changes/",
    "/changes.atom",
    "/calendar.ics",
    "/api/events/",
]


@HOSTILE_SETTINGS
@given(
    params=st.lists(st.tuples(filter_names, any_text), max_size=4),
    raw=st.one_of(
        st.sampled_from([b"\x00", b"\xed\xa0\x80", b"\xff", b"%", b"\xe2\x80\xa8"]),
        st.binary(max_size=40),
    ),
)
def test_any_filter_value_is_answered_without_a_server_error(seeded, params, raw):
    client = Client(raise_request_exception=False)
    data: dict[str, list[str]] = {}
    for name, value in params:
        data.setdefault(name, []).append(value)

    for path in FILTERED_PATHS:
        _assert_no_server_error(client, path, data=data)
        # Bytes no form would send: invalid UTF-8, NUL, percent signs.
        for name in ("q", "series", "kind", "country"):
            _assert_no_server_error(client, path, QUERY_STRING=f"{name}={quote_from_bytes(raw)}")


@HOSTILE_SETTINGS
@given(kind=st.sampled_from([Kind.SUMMIT, Kind.MILESTONE, Kind.OPERATION]), text=any_text)
def test_any_text_saved_through_the_model_survives_the_feed(seeded, kind, text):
    client = Client(raise_request_exception=False)
    event = EventFactory(
        kind=kind, title_en=text.strip() or "x", description_en=text, place_en=text
    )
    try:
        response = client.get(f"/events/{event.slug}.ics")
        body = response.content.decode()
        assert response.status_code == 200
        assert body.count("BEGIN:VEVENT") == 1
        assert not any(ch in body for ch in "\x85\u2028\u2029")
        event.place_en = text[::-1]
        event.save()
        for url in (f"/events/{event.slug}/changes.atom", "/ru/changes.atom"):
            changes = client.get(url)
            assert changes.status_code == 200, url
            parsed = feedparser.parse(changes.content)
            assert not parsed.bozo, (url, parsed.get("bozo_exception"))
            assert parsed.entries, url
    finally:
        event.delete()
