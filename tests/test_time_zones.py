"""Time zones: only names that mean the same on every server, no local time that
the clocks skip, the first of two that they repeat; and rows already holding a
bad zone never break a page or a feed."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from icalendar import Calendar

from events.enums import Kind
from events.models import Event
from events.zones import calendar_zone_names, skipped_span
from tests.conftest import database_state, text_of
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

SERVER_ZONES = ["localtime", "posixrules", "Factory", "right/UTC", "posix/Europe/Moscow"]
UNKNOWN_ZONES = ["Mars/Olympus_Mons", "europe/moscow", "Europe/Moscow ", "../etc/passwd", "/UTC"]
GOOD_ZONES = ["Europe/Moscow", "Asia/Bishkek", "UTC", "Etc/GMT+12", "Etc/GMT-3"]


def timed(zone: str, day=dt.date(2013, 9, 23), start=dt.time(10), end=dt.time(12)) -> Event:
    return Event(
        kind=Kind.SUMMIT,
        title_en="Session",
        start_date=day,
        end_date=day,
        start_time=start,
        end_time=end,
        time_zone=zone,
    )


def _errors(event: Event) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    return refused.value.message_dict


def _api_event(zone: str, day: str = "2013-09-23", start: str = "10:00", end: str = "12:00"):
    return {
        "kind": "summit",
        "title_en": "Session",
        "start_date": day,
        "end_date": day,
        "start_time": start,
        "end_time": end,
        "time_zone": zone,
    }


def _admin_post(client, data: dict):
    url = "/admin/events/event/add/"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    hidden = {i["name"]: i.get("value", "") for i in page.select("form input[type=hidden]")}
    blank = {
        "status": "confirmed",
        "published": "on",
        "start_precision": "day",
        "end_precision": "day",
        "kind": "summit",
        "title_en": "Session",
    }
    response = client.post(url, {**hidden, **blank, **data})
    soup = BeautifulSoup(response.content, "html.parser")
    return response, [text_of(li) for li in soup.select(".errorlist li")]


# Which names -------------------------------------------------------------------


def test_calendar_zones_are_the_world_zones_without_the_servers_own():
    names = calendar_zone_names()

    assert set(GOOD_ZONES) <= names
    assert names.isdisjoint(SERVER_ZONES)
    assert not any(name.startswith(("posix/", "right/")) for name in names)
    assert names <= zoneinfo.available_timezones()


@pytest.mark.parametrize("zone", SERVER_ZONES + UNKNOWN_ZONES)
def test_model_refuses_a_zone_that_is_not_a_calendar_zone(zone):
    assert _errors(timed(zone)) == {"time_zone": [f"{zone} is not an IANA time zone."]}


@pytest.mark.parametrize("zone", GOOD_ZONES)
def test_model_accepts_iana_zones(zone):
    event = timed(zone)

    event.full_clean()

    assert event.starts_at.tzinfo == zoneinfo.ZoneInfo(zone)


@pytest.mark.parametrize("zone", SERVER_ZONES)
def test_api_refuses_a_server_zone_and_writes_nothing(editor_api, zone):
    EventFactory(slug="kept")
    before = database_state()

    response = editor_api.post("/api/events/", _api_event(zone), format="json")

    assert response.status_code == 400
    assert response.json() == {"time_zone": [f"{zone} is not an IANA time zone."]}
    assert database_state() == before


def test_api_patch_refuses_a_server_zone_and_changes_nothing(editor_api):
    event = EventFactory(
        slug="kept", start_time=dt.time(10), end_time=dt.time(12), time_zone="Europe/Moscow"
    )
    url = f"/api/events/{event.uid}/"
    etag = editor_api.get(url)["ETag"]
    before = database_state()

    response = editor_api.patch(url, {"time_zone": "localtime"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 400
    assert response.json() == {"time_zone": ["localtime is not an IANA time zone."]}
    assert database_state() == before


@pytest.mark.parametrize("zone", ["localtime", "posix/Europe/Moscow"])
def test_admin_refuses_a_server_zone_and_writes_nothing(superuser_client, zone):
    before = database_state()

    response, errors = _admin_post(
        superuser_client,
        {
            "start_date": "2013-09-23",
            "end_date": "2013-09-23",
            "start_time": "10:00",
            "end_time": "12:00",
            "time_zone": zone,
        },
    )

    assert response.status_code == 200
    assert errors == [f"{zone} is not an IANA time zone."]
    assert database_state() == before


# Times the clocks skip or repeat --------------------------------------------------

BERLIN_GAP = (
    "02:30 on 2021-03-28 does not exist in Europe/Berlin: the clocks jump from 02:00 "
    "straight to 03:00. Give a time outside that gap."
)


def test_a_start_in_the_spring_forward_gap_is_refused_naming_the_gap():
    event = timed("Europe/Berlin", dt.date(2021, 3, 28), dt.time(2, 30), dt.time(4))

    assert _errors(event) == {"start_time": [BERLIN_GAP]}


def test_an_end_in_the_spring_forward_gap_is_refused_naming_the_gap():
    event = timed("America/New_York", dt.date(2021, 3, 14), dt.time(1), dt.time(2, 15))

    assert _errors(event) == {
        "end_time": [
            "02:15 on 2021-03-14 does not exist in America/New_York: the clocks jump from "
            "02:00 straight to 03:00. Give a time outside that gap."
        ]
    }


def test_a_day_the_zone_skipped_is_named_with_its_dates():
    # Samoa moved across the date line: 30 December 2011 never happened in Apia.
    event = timed("Pacific/Apia", dt.date(2011, 12, 30), dt.time(10), dt.time(12))

    assert _errors(event) == {
        "start_time": [
            "10:00 on 2011-12-30 does not exist in Pacific/Apia: the clocks jump from "
            "2011-12-30 00:00 straight to 2011-12-31 00:00. Give a time outside that gap."
        ],
        "end_time": [
            "12:00 on 2011-12-30 does not exist in Pacific/Apia: the clocks jump from "
            "2011-12-30 00:00 straight to 2011-12-31 00:00. Give a time outside that gap."
        ],
    }


def test_a_gap_of_seconds_is_named_to_the_second():
    # Amsterdam moved from UTC+00:19:32 to UTC+00:20 on 1 July 1937.
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")

    gap = skipped_span(dt.date(1937, 7, 1), dt.time(0, 0, 10), amsterdam)

    assert [wall_clock.isoformat() for wall_clock in gap] == [
        "1937-07-01T00:00:00",
        "1937-07-01T00:00:28",
    ]


@pytest.mark.parametrize(
    ("day", "time"),
    [
        (dt.date(2021, 3, 28), dt.time(1, 59)),
        (dt.date(2021, 3, 28), dt.time(3, 0)),
        (dt.date(2021, 10, 31), dt.time(2, 30)),
        (dt.date(2021, 7, 1), dt.time(2, 30)),
    ],
)
def test_times_around_the_gap_exist(day, time):
    assert skipped_span(day, time, zoneinfo.ZoneInfo("Europe/Berlin")) is None


def test_the_gap_is_refused_through_the_api_and_admin_alike(editor_api, superuser_client):
    before = database_state()

    api = editor_api.post(
        "/api/events/", _api_event("Europe/Berlin", "2021-03-28", "02:30", "04:00"), format="json"
    )
    admin, admin_errors = _admin_post(
        superuser_client,
        {
            "start_date": "2021-03-28",
            "end_date": "2021-03-28",
            "start_time": "02:30",
            "end_time": "04:00",
            "time_zone": "Europe/Berlin",
        },
    )

    assert (api.status_code, api.json()) == (400, {"start_time": [BERLIN_GAP]})
    assert (admin.status_code, admin_errors) == (200, [BERLIN_GAP])
    assert database_state() == before


def test_a_time_the_clocks_repeat_is_its_first_occurrence(client):
    # 02:30 on 31 October 2021 happened twice in Berlin: at UTC+2, then at UTC+1.
    event = timed("Europe/Berlin", dt.date(2021, 10, 31), dt.time(2, 30), dt.time(2, 45))
    event.full_clean()
    event.save()

    body = client.get(f"/events/{event.slug}.ics").getvalue()
    vevent = Calendar.from_ical(body).walk("VEVENT")[0]

    assert event.starts_at.utcoffset() == dt.timedelta(hours=2)
    assert event.starts_at.astimezone(dt.UTC) == dt.datetime(2021, 10, 31, 0, 30, tzinfo=dt.UTC)
    assert vevent["DTSTART"].to_ical() == b"20211031T023000"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert b"TZID:Europe/Berlin" in body


# Rows already holding a bad zone ----------------------------------------------------


def stored_with_zone(zone: str, slug: str = "odd-zone") -> Event:
    event = EventFactory(
        slug=slug,
        title_en="Odd zone",
        start_time=dt.time(10),
        end_time=dt.time(12),
        time_zone="Europe/Moscow",
    )
    Event.objects.filter(pk=event.pk).update(time_zone=zone)
    return event


@pytest.mark.parametrize("zone", ["localtime", "posix/Europe/Moscow", "Mars/Olympus_Mons"])
def test_a_stored_bad_zone_leaves_the_event_out_of_feeds_with_a_warning(client, caplog, zone):
    stored_with_zone(zone)
    EventFactory(slug="plain", title_en="Plain")

    with caplog.at_level(logging.WARNING, logger="events.domain.ical.feed"):
        calendar = client.get("/calendar.ics")
        single = client.get("/events/odd-zone.ics")

    uids = [str(e["URL"]) for e in Calendar.from_ical(calendar.getvalue()).walk("VEVENT")]
    assert (calendar.status_code, single.status_code) == (200, 200)
    assert uids == ["http://testserver/events/plain/"]
    assert Calendar.from_ical(single.getvalue()).walk("VEVENT") == []
    assert b"BEGIN:VTIMEZONE" not in calendar.getvalue()
    assert f"event odd-zone left out of the feed: {zone!r} is not a calendar time zone" in [
        r.getMessage() for r in caplog.records
    ]


@pytest.mark.parametrize("zone", ["localtime", "Mars/Olympus_Mons"])
def test_a_stored_bad_zone_still_shows_its_page_and_lists(client, zone):
    stored_with_zone(zone)

    pages = {
        url: client.get(url)
        for url in [
            "/events/odd-zone/",
            "/2013/09/",
            "/agenda/?from=2013-09-01",
            "/2013/",
            "/timeline/",
        ]
    }
    detail = BeautifulSoup(pages["/events/odd-zone/"].content, "html.parser")

    assert {url: r.status_code for url, r in pages.items()} == dict.fromkeys(pages, 200)
    assert text_of(detail.select_one("dd.when")) == f"23 September 2013, 10:00–12:00 ({zone})"
    assert client.get("/api/events/").json()["results"][0]["time_zone"] == zone


def test_the_export_writes_a_stored_bad_zone_in_utc(tmp_path):
    stored_with_zone("Mars/Olympus_Mons")
    path = tmp_path / "export.ics"

    call_command("exportics", str(path))

    vevent = Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]
    assert vevent["DTSTART"].to_ical() == b"20130923T100000Z"
    assert vevent["DTEND"].to_ical() == b"20130923T120000Z"
