"""Every served feed, byte by byte and through four independent parsers.

Feeds fail in known ways: times shifted by a missing VTIMEZONE, edits that never
reach subscribers because SEQUENCE never rises, duplicates from unstable UIDs,
all-day events off by a day, subscriptions silently empty over a BOM or an
over-long line, and 304s that never happen. No one parser catches most of these,
so the suite checks the bytes itself and runs icalendar, vobject, ics and
libical over each feed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import ics
import pytest
import vobject
from django.conf import settings
from icalendar import Calendar

from events.delivery import feed_store
from events.delivery.stamp import current_stamp
from events.enums import Kind, Precision, Status
from events.models import CalendarStamp, Event
from events.seed.statement_2013 import seed_uid
from tests.factories import EventFactory, ExerciseSeriesFactory, TermFactory

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = (
    "Учения «Взаимодействие»; сводный отряд, часть 2\\3: "
    + "длинное русское название, которое никак не помещается в одну строку календаря "
    + "🎖️ 军演 \x00\x07\x1b конец"
)
HOSTILE_PLACE = "Брест, полигон «Брестский»; сектор 7, ряд \\ 2"
HOSTILE_DESCRIPTION = "Line one,\nline two; with \\ backslash\r\nand \ttab\x0c and more"

FEEDS = [
    "/calendar.ics",
    "/calendar.ics?lang=ru",
    "/calendar.ics?kind=exercise",
    "/calendar.ics?country=BY&lang=ru",
    "/calendar.ics?kind=operation",  # matches nothing dated: still a valid calendar
    "/calendar.ics?q=nothingmatches&lang=ru",  # nor anything at all
    "/events/interaction-2013.ics",
    "/events/hostile.ics?lang=ru",
]


@pytest.fixture
def calendar_data(seeded):
    series = ExerciseSeriesFactory(slug="bratstvo", name_en="Brotherhood", name_ru="Братство")
    EventFactory(
        slug="hostile",
        title_en=HOSTILE_TITLE,
        title_ru=HOSTILE_TITLE,
        place_en=HOSTILE_PLACE,
        place_ru=HOSTILE_PLACE,
        description_en=HOSTILE_DESCRIPTION,
        description_ru=HOSTILE_DESCRIPTION + " " + "очень " * 40,
        country="BY",
        participants=["AM", "KZ", "RU"],
        start_date=dt.date(2013, 11, 4),
        end_date=dt.date(2013, 11, 4),
        start_time=dt.time(9, 30),
        end_time=dt.time(17),
        time_zone="Europe/Moscow",
        latitude=Decimal("52.09755"),
        longitude=Decimal("23.68775"),
    )
    EventFactory(slug="cancelled-drill", title_en="Drill", status=Status.CANCELLED)
    EventFactory(
        slug="exercise-2015",
        kind=Kind.EXERCISE,
        title_en="",
        series=series,
        series_year=2015,
        start_date=dt.date(2015, 6, 1),
        end_date=dt.date(2015, 6, 5),
    )


def _get(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.getvalue()[:200])
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.getvalue()


# Bytes -----------------------------------------------------------------------


@pytest.mark.parametrize("url", FEEDS)
def test_feed_bytes_follow_rfc_5545(calendar_data, client, url):
    body = _get(client, url)

    assert not body.startswith(b"\xef\xbb\xbf")
    body.decode("utf-8")
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert b"\r" not in body.replace(b"\r\n", b"")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
        # A fold may not cut a character in two: every physical line decodes alone.
        line.decode("utf-8")
        assert not any(byte < 0x20 and byte != 0x09 for byte in line), line


def test_long_russian_text_is_folded_without_splitting_characters(calendar_data, client):
    body = _get(client, "/events/hostile.ics?lang=ru")

    lines = body.split(b"\r\n")
    continuation = [line for line in lines if line.startswith(b" ")]

    assert len(continuation) > 10
    assert max(len(line) for line in lines) >= 70


@pytest.mark.parametrize("url", ["/events/hostile.ics", "/events/hostile.ics?lang=ru"])
def test_text_round_trips_without_control_characters(calendar_data, client, url):
    event = Calendar.from_ical(_get(client, url)).walk("VEVENT")[0]

    expected_title = HOSTILE_TITLE.replace("\x00", "").replace("\x07", "").replace("\x1b", "")
    assert str(event["SUMMARY"]) == expected_title
    assert str(event["LOCATION"]) == f"{HOSTILE_PLACE}, " + (
        "Беларусь" if "ru" in url else "Belarus"
    )
    description = str(event["DESCRIPTION"])
    assert "Line one,\nline two; with \\ backslash\nand \ttab and more" in description
    assert "\x0c" not in description


@pytest.mark.parametrize("url", FEEDS)
def test_no_user_text_in_x_properties(calendar_data, client, url):
    calendar = Calendar.from_ical(_get(client, url))

    x_properties = {
        (component.name, name, str(value))
        for component in calendar.walk()
        for name, value in component.property_items(recursive=False)
        if name.startswith("X-")
    }

    names = {"CSTO calendar", "Календарь ОДКБ"}
    assert {(c, n) for c, n, _ in x_properties} <= {
        ("VCALENDAR", "X-WR-CALNAME"),
        ("VCALENDAR", "X-PUBLISHED-TTL"),
    }
    assert all(v in names | {"PT6H"} for _, _, v in x_properties)


# Calendar properties -----------------------------------------------------------


def test_calendar_properties_are_complete_and_stable(calendar_data, client):
    body = _get(client, "/calendar.ics?lang=ru&kind=exercise")
    calendar = Calendar.from_ical(body)

    assert body.count(b"\r\nVERSION:2.0\r\n") == 1
    assert body.count(b"\r\nPRODID:") == 1
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "Календарь ОДКБ"
    assert str(calendar["DESCRIPTION"]).startswith("Совместные учения")
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in body
    assert b"\r\nX-PUBLISHED-TTL:PT6H\r\n" in body
    assert str(calendar["SOURCE"]) == "http://testserver/calendar.ics?kind=exercise&lang=ru"
    assert str(calendar["URL"]) == "http://testserver/ru/?kind=exercise"

    EventFactory(title_en="Later", start_date=dt.date(2016, 1, 1))
    again = Calendar.from_ical(_get(client, "/calendar.ics?kind=exercise&lang=ru"))
    other = Calendar.from_ical(_get(client, "/calendar.ics"))

    assert str(again["UID"]) == str(calendar["UID"])
    assert str(other["UID"]) != str(calendar["UID"])


def test_a_filter_matching_nothing_gives_a_valid_empty_calendar(calendar_data, client):
    calendar = Calendar.from_ical(_get(client, "/calendar.ics?kind=operation"))

    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"


# Events ---------------------------------------------------------------------------


def _vevent(client, uid, url="/calendar.ics"):
    calendar = Calendar.from_ical(_get(client, url))
    return next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == str(uid))


def test_uid_survives_edits_of_title_dates_slug_and_host(client):
    event = EventFactory(title_en="Session", country="RU")
    uid = str(event.uid)

    event.title_en = "Session, Sochi"
    event.start_date = event.end_date = dt.date(2013, 9, 24)
    event.slug = "sochi-session"
    event.country = "KZ"
    event.save()

    assert [str(e["UID"]) for e in Calendar.from_ical(_get(client, "/calendar.ics")).walk(
        "VEVENT"
    )] == [uid]  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start_date", dt.date(2013, 9, 22)),
        ("end_date", dt.date(2013, 9, 30)),
        ("status", Status.POSTPONED),
        ("title_en", "Renamed"),
        ("place_en", "Sochi"),
    ],
)
def test_sequence_rises_on_each_change_subscribers_see(client, field, value):
    event = EventFactory(title_en="Session")
    before = _vevent(client, event.uid)["SEQUENCE"]

    setattr(event, field, value)
    event.save()
    after = _vevent(client, event.uid)["SEQUENCE"]

    assert after == before + 1


def test_sequence_rises_on_time_changes_and_never_falls(client):
    event = EventFactory(start_time=dt.time(10), end_time=dt.time(12), time_zone="Europe/Moscow")
    sequences = [_vevent(client, event.uid)["SEQUENCE"]]

    for start, end in [(dt.time(11), dt.time(12)), (dt.time(10), dt.time(12))]:
        event.start_time, event.end_time = start, end
        event.save()
        sequences.append(_vevent(client, event.uid)["SEQUENCE"])
    event.source_quote = "A corrected quote."
    event.save()
    sequences.append(_vevent(client, event.uid)["SEQUENCE"])

    assert sequences == [0, 1, 2, 2]


def test_stamps_are_utc(calendar_data, client):
    body = _get(client, "/calendar.ics").decode()

    stamps = [
        line for line in body.split("\r\n") if line.startswith(("DTSTAMP", "CREATED", "LAST-MOD"))
    ]

    assert len(stamps) == 3 * body.count("BEGIN:VEVENT")
    assert all(line.endswith("Z") and ";" not in line for line in stamps)


def test_all_day_dates_never_carry_a_time_zone(calendar_data, client):
    body = _get(client, "/calendar.ics").decode()

    date_lines = [line for line in body.split("\r\n") if ";VALUE=DATE:" in line]

    assert date_lines
    assert all("TZID" not in line for line in date_lines)
    assert "DTSTART;VALUE=DATE:20130919" in date_lines
    assert "DTEND;VALUE=DATE:20130926" in date_lines


def test_timed_event_has_its_vtimezone_with_the_2013_moscow_offset(calendar_data, client):
    body = _get(client, "/events/hostile.ics")
    calendar = Calendar.from_ical(body)
    event = calendar.walk("VEVENT")[0]
    zones = calendar.walk("VTIMEZONE")

    assert b"DTSTART;TZID=Europe/Moscow:20131104T093000\r\n" in body
    assert [str(z["TZID"]) for z in zones] == ["Europe/Moscow"]
    assert event.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(
        2013, 11, 4, 5, 30, tzinfo=dt.UTC
    )
    offsets = {sub["TZOFFSETTO"].to_ical() for sub in zones[0].subcomponents}
    assert "+0400" in offsets
    assert "Local time: 4 November 2013, 09:30–17:00 (Europe/Moscow)" in str(event["DESCRIPTION"])


def test_event_properties(calendar_data, client):
    hostile = _vevent(client, Event.objects.get(slug="hostile").uid)
    russia = _vevent(client, seed_uid("chairmanship-russia-2013"))
    interaction = _vevent(client, seed_uid("interaction-2013"))
    sochi = _vevent(client, seed_uid("csc-session-2013-sochi"))
    cancelled = _vevent(client, Event.objects.get(slug="cancelled-drill").uid)

    assert [str(c) for c in interaction["CATEGORIES"].cats] == ["exercise", "Belarus"]
    assert str(interaction["TRANSP"]) == "TRANSPARENT"
    assert str(russia["TRANSP"]) == "TRANSPARENT"
    assert str(russia["STATUS"]) == "TENTATIVE"
    assert "TRANSP" not in sochi
    assert str(sochi["LOCATION"]) == "Sochi, Russia"
    assert sochi["GEO"].to_ical() == "43.58547;39.7231"
    assert str(hostile["URL"]) == "http://testserver/events/hostile/"
    assert str(hostile["DESCRIPTION"]).endswith("\n\nhttp://testserver/events/hostile/")
    assert "Participants: Armenia, Kazakhstan, Russia" in str(hostile["DESCRIPTION"])
    assert (str(cancelled["STATUS"]), str(cancelled["SUMMARY"])) == (
        "CANCELLED",
        "Cancelled: Drill",
    )


def test_geo_is_written_with_a_semicolon(calendar_data, client):
    body = _get(client, "/calendar.ics")

    assert b"\r\nGEO:43.58547;39.7231\r\n" in body
    assert b"\r\nGEO:52.09755;23.68775\r\n" in body


# HTTP ----------------------------------------------------------------------------

ACCEPTS = [None, "*/*", "text/html", "application/json", "text/calendar"]
AGENTS = [
    "Google-Calendar-Importer",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.5)",
    "iOS/17.0 (21A329) dataaccessd/1.0",
    "Nextcloud Webcal Service",
    "curl/8.5.0",
]


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("agent", AGENTS)
def test_feed_answers_every_client(seeded, client, method, accept, agent):
    headers = {"User-Agent": agent, "Authorization": "Basic dXNlcjpwYXNz"}
    if accept:
        headers["Accept"] = accept

    response = getattr(client, method)("/calendar.ics", headers=headers)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.cookies == {}
    assert "Set-Cookie" not in response
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=900"
    if method == "head":
        assert response.getvalue() == b""
    else:
        assert response.getvalue().count(b"BEGIN:VEVENT") == 11


def test_etag_is_strong_and_from_the_bytes(seeded, client, tmp_path, settings):
    first = client.get("/calendar.ics")
    # Another server, with nothing in memory or on disk, writing the same bytes.
    feed_store._vevents.clear()
    settings.CSTOCAL_FEED_DIR = tmp_path / "elsewhere"
    CalendarStamp.touch()
    same = client.get("/calendar.ics")
    event = Event.objects.get(slug="interaction-2013")
    event.place_en = "Minsk"
    event.save()
    changed = client.get("/calendar.ics")

    assert not first["ETag"].startswith("W/")
    assert same.getvalue() == first.getvalue()
    assert same["ETag"] == first["ETag"]
    assert changed["ETag"] != first["ETag"]


def test_unchanged_feed_answers_304_without_rebuilding(seeded, client, django_assert_num_queries):
    first = client.get("/calendar.ics")

    # No event is queried, nothing is serialised: the stamp and the feed's record
    # come from the cache in one trip.
    with django_assert_num_queries(0):
        by_etag = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})
    with django_assert_num_queries(0):
        by_date = client.get("/calendar.ics", headers={"If-Modified-Since": first["Last-Modified"]})

    assert (by_etag.status_code, by_etag.getvalue()) == (304, b"")
    assert (by_date.status_code, by_date.getvalue()) == (304, b"")
    assert by_etag["ETag"] == first["ETag"]


def test_a_change_or_a_deletion_moves_etag_and_last_modified(seeded, client):
    first = client.get("/calendar.ics")
    version = current_stamp().version

    Event.objects.filter(slug="grom-2013").delete()

    assert current_stamp().version == version + 1
    after_delete = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})

    assert after_delete.status_code == 200
    assert after_delete["ETag"] != first["ETag"]
    assert b"Grom-2013" not in after_delete.getvalue()
    assert after_delete["Last-Modified"] >= first["Last-Modified"]
    stale = client.get(
        "/calendar.ics", headers={"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"}
    )
    assert stale.status_code == 200


def test_robots_txt_allows_the_feeds(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.getvalue().decode().splitlines() == [
        "User-agent: *",
        "Allow: /calendar.ics",
        "Allow: /events/",
        "Allow: /",
        "Disallow: /admin/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_filtered_feed_url_is_canonical_whatever_the_order(seeded, client):
    a = Calendar.from_ical(_get(client, "/calendar.ics?country=KG&kind=exercise,summit&country=BY"))
    b = Calendar.from_ical(_get(client, "/calendar.ics?kind=summit&kind=exercise&country=BY,KG"))

    assert (
        str(a["SOURCE"])
        == str(b["SOURCE"])
        == ("http://testserver/calendar.ics?kind=exercise,summit&country=BY,KG")
    )
    assert a.to_ical() == b.to_ical()


# Independent parsers ------------------------------------------------------------------


@pytest.fixture(scope="session")
def libical_check(tmp_path_factory) -> Path:
    """The libical checker (tests/ical_check), built with the system's libical."""
    source = Path(settings.BASE_DIR) / "tests" / "ical_check" / "libical_check.c"
    compiler = shutil.which("cc") or shutil.which("gcc")
    flags = None
    if compiler and shutil.which("pkg-config"):
        found = subprocess.run(
            ["pkg-config", "--cflags", "--libs", "libical"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        flags = found.stdout.split() if found.returncode == 0 else None
    if not flags:
        message = "libical is needed (apt-get install libical-dev pkg-config gcc)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    binary = tmp_path_factory.mktemp("libical") / "libical_check"
    subprocess.run([compiler, str(source), "-o", str(binary), *flags], check=True)  # noqa: S603
    return binary


@pytest.mark.parametrize("url", FEEDS)
def test_independent_parsers_accept_the_feed(calendar_data, client, libical_check, tmp_path, url):
    body = _get(client, url)
    expected = body.count(b"BEGIN:VEVENT")

    parsed = Calendar.from_ical(body)
    assert [(c.name, c.errors) for c in parsed.walk() if c.errors] == []
    # RFC 5545 3.4: a calendar holds at least one component, even with no event.
    assert len(parsed.subcomponents) >= 1
    assert len(parsed.walk("VEVENT")) == expected

    card = vobject.readOne(body.decode(), validate=True)
    assert len(getattr(card, "vevent_list", [])) == expected

    assert len(ics.Calendar(body.decode()).events) == expected

    path = tmp_path / "feed.ics"
    path.write_bytes(body)
    result = subprocess.run(  # noqa: S603
        [str(libical_check), str(path)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_libical_check_reports_a_broken_calendar(libical_check, tmp_path):
    path = tmp_path / "broken.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"SUMMARY:a\r\nSUMMARY:b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    result = subprocess.run(  # noqa: S603
        [str(libical_check), str(path)], capture_output=True, text=True, check=False
    )

    assert result.returncode == 1
    assert "SUMMARY" in result.stdout


def test_term_and_precision_in_the_feed_match_the_model():
    term = TermFactory.build(
        start_date=dt.date(2013, 9, 23),
        end_date=dt.date(2014, 12, 31),
        end_precision=Precision.YEAR,
    )

    assert term.ical_end == dt.date(2015, 1, 1)
    assert not term.is_exact
