"""The iCal feed: icalendar-built, pure, stable bytes, correct dates."""

import datetime as dt

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import set_script_prefix
from icalendar import Calendar

from events.domain.ical.feed import PRODID
from events.enums import Precision, Status
from events.models import Event
from events.seed.statement_2013 import seed_uid
from tests.factories import EventFactory
from tests.ical_oracle import build_calendar, ical_bytes

pytestmark = pytest.mark.django_db


def _feed(client, url="/calendar.ics"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.getvalue()


def _vevents(body: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(body)
    return {str(vevent["UID"]): vevent for vevent in calendar.walk("VEVENT")}


def test_feed_all_day_end_is_exclusive(seeded, client):
    body = _feed(client)
    interaction = _vevents(body)[str(seed_uid("interaction-2013"))]

    assert interaction.decoded("DTSTART") == dt.date(2013, 9, 19)
    assert interaction.decoded("DTEND") == dt.date(2013, 9, 26)
    assert b"DTSTART;VALUE=DATE:20130919\r\n" in body
    assert b"DTEND;VALUE=DATE:20130926\r\n" in body


def test_feed_carries_every_dated_seed_event_and_no_undated_one(seeded, client):
    vevents = _vevents(_feed(client))

    assert sorted(str(v["SUMMARY"]) for v in vevents.values()) == sorted(
        [
            "Collective Security Council session, Moscow",
            "Chairmanship: Kyrgyzstan",
            "Informal Collective Security Council summit, Bishkek",
            "Interaction-2013",
            "Grom-2013",
            "Collective Security Council session, Sochi",
            "Chairmanship: Russia",
            "Activity plan for military cooperation through 2020",
            "Unbreakable Brotherhood-2013",
            "CSTO budget for 2014",
            "Next Collective Security Council session",
        ]
    )


def test_feed_event_identity_sequence_and_stamps(seeded, client):
    event = Event.objects.get(slug="grom-2013")

    grom = _vevents(_feed(client))[str(event.uid)]

    assert str(grom["UID"]) == str(seed_uid("grom-2013"))
    assert grom["SEQUENCE"] == 0
    assert grom.decoded("DTSTAMP") == event.updated_at.replace(microsecond=0)
    assert grom.decoded("LAST-MODIFIED") == event.updated_at.replace(microsecond=0)
    assert grom.decoded("CREATED") == event.created_at.replace(microsecond=0)
    assert str(grom["STATUS"]) == "CONFIRMED"
    assert str(grom["LOCATION"]) == "Kyrgyzstan"
    assert str(grom["URL"]) == "http://testserver/events/grom-2013/"


def test_feed_uid_stays_and_sequence_rises_after_title_and_date_change(client):
    event = EventFactory(title_en="Session", start_date=dt.date(2013, 9, 23))
    before = _vevents(_feed(client))[str(event.uid)]

    event.title_en = "Session, Sochi"
    event.save()
    event.start_date = event.end_date = dt.date(2013, 9, 24)
    event.save()
    after = _vevents(_feed(client))

    assert list(after) == [str(event.uid)]
    changed = after[str(event.uid)]
    assert (before["SEQUENCE"], changed["SEQUENCE"]) == (0, 2)
    assert str(changed["SUMMARY"]) == "Session, Sochi"
    assert changed.decoded("DTSTART") == dt.date(2013, 9, 24)


def test_feed_bytes_are_identical_when_rendered_twice(seeded, client):
    first = _feed(client)
    second = _feed(client)

    assert first == second
    assert first.startswith(b"BEGIN:VCALENDAR\r\n")
    assert first.count(b"BEGIN:VEVENT") == 11


def test_feed_calendar_properties(seeded, client):
    calendar = Calendar.from_ical(_feed(client))

    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "CSTO calendar"
    assert "METHOD" not in calendar


def test_feed_in_russian(seeded, client):
    vevents = _vevents(_feed(client, "/calendar.ics?lang=ru"))
    calendar = Calendar.from_ical(_feed(client, "/calendar.ics?lang=ru"))

    assert str(vevents[str(seed_uid("interaction-2013"))]["SUMMARY"]) == "Взаимодействие-2013"
    assert str(vevents[str(seed_uid("interaction-2013"))]["LOCATION"]) == "Беларусь"
    assert str(calendar["X-WR-CALNAME"]) == "Календарь ОДКБ"


def test_feed_language_comes_from_its_address_not_the_client(seeded, client):
    russian_client = {"Accept-Language": "ru"}

    english = client.get("/calendar.ics", headers=russian_client)
    russian = client.get("/calendar.ics?lang=ru")
    event = client.get("/events/interaction-2013.ics?lang=ru")

    assert (english["Content-Language"], russian["Content-Language"]) == ("en", "ru")
    assert event["Content-Language"] == "ru"
    assert b"CSTO calendar" in english.getvalue()
    # The same bytes for every client: nothing for a shared cache to split on.
    assert english["Vary"] == "Accept-Encoding"
    assert not english.cookies


def test_feed_refuses_an_unknown_language(client):
    response = client.get("/calendar.ics?lang=xx")

    assert response.status_code == 400
    assert response.getvalue() == b"lang must be one of: en, ru.\n"


def test_feed_dates_known_to_the_year_are_a_tentative_span(seeded, client):
    vevents = _vevents(_feed(client))

    summit = vevents[str(seed_uid("csc-session-2014"))]
    russia = vevents[str(seed_uid("chairmanship-russia-2013"))]

    assert (summit.decoded("DTSTART"), summit.decoded("DTEND")) == (
        dt.date(2014, 1, 1),
        dt.date(2015, 1, 1),
    )
    assert str(summit["STATUS"]) == "TENTATIVE"
    assert (russia.decoded("DTSTART"), russia.decoded("DTEND")) == (
        dt.date(2013, 9, 23),
        dt.date(2015, 1, 1),
    )
    assert str(russia["STATUS"]) == "TENTATIVE"
    assert str(russia["TRANSP"]) == "TRANSPARENT"
    assert str(russia["DESCRIPTION"]).startswith(
        "When: 23 September 2013 – 2014. The exact day is not known yet.\n\n"
        "Until the Collective Security Council's next session, in 2014.\n\n"
    )


def test_feed_keeps_cancelled_events_marked(client):
    event = EventFactory(title_en="Drill", status=Status.CANCELLED)

    vevent = _vevents(_feed(client))[str(event.uid)]

    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["SUMMARY"]) == "Cancelled: Drill"


def test_feed_timed_event_names_its_zone_with_history(client):
    event = EventFactory(
        start_date=dt.date(2013, 9, 23),
        start_time=dt.time(10),
        end_time=dt.time(12),
        time_zone="Europe/Moscow",
    )

    body = _feed(client)
    vevent = _vevents(body)[str(event.uid)]

    assert b"DTSTART;TZID=Europe/Moscow:20130923T100000\r\n" in body
    assert vevent.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(
        2013, 9, 23, 6, tzinfo=dt.UTC
    )
    timezones = Calendar.from_ical(body).walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Moscow"]


def test_event_feed_has_just_that_event(seeded, client):
    body = _feed(client, "/events/interaction-2013.ics")

    assert list(_vevents(body)) == [str(seed_uid("interaction-2013"))]


def test_build_calendar_month_precision_is_the_whole_month():
    event = EventFactory.build(
        slug="december",
        start_date=dt.date(2012, 12, 1),
        start_precision=Precision.MONTH,
        end_date=dt.date(2012, 12, 31),
        end_precision=Precision.MONTH,
        created_at=dt.datetime(2013, 9, 23, tzinfo=dt.UTC),
        updated_at=dt.datetime(2013, 9, 23, tzinfo=dt.UTC),
    )

    body = ical_bytes(build_calendar([event], base_url="", language="en", feed_url="/calendar.ics"))

    assert b"DTSTART;VALUE=DATE:20121201\r\nDTEND;VALUE=DATE:20130101\r\n" in body
    assert b"STATUS:TENTATIVE\r\n" in body


def _served_below(prefix: str, path: str, **headers: str) -> tuple[str, dict, bytes]:
    """``path`` asked of the site as a WSGI server would serve it below ``prefix``
    (the test client sets no script prefix, so reverse() would not see it)."""
    environ = RequestFactory().get(path, SCRIPT_NAME=prefix, headers=headers).environ
    answer: dict = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(status=status, headers=dict(response_headers))

    # As the test client does: the test's transaction holds the connection, so the
    # handler must not close it between requests (PostgreSQL would then answer 503).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        body = b"".join(response)
        response.close()
    finally:
        set_script_prefix("/")
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def test_below_a_path_prefix_the_feed_still_skips_the_layers_it_never_uses(seeded):
    # A site served at /site/: its feed is /site/calendar.ics, and it answers as
    # it does at the root, ahead of the locale and session layers.
    status, headers, body = _served_below("/site", "/calendar.ics", **{"Accept-Language": "ru"})

    assert status == "200 OK"
    assert headers["Content-Language"] == "en"
    assert headers["Vary"] == "Accept-Encoding"
    assert "Set-Cookie" not in headers
    assert Calendar.from_ical(body)["SOURCE"] == "http://testserver/site/calendar.ics"
