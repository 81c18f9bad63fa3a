"""Dates at and past the edges: what editors may save, and what every page, feed,
API answer and export does with any date the database can hold anyway.

Editors are held to the calendar's range (events.models.EARLIEST_DATE ..
LATEST_DATE) in admin, the API and the model alike. Rows written around that
rule (``QuerySet.update``, or before it existed) may hold any date Python can:
0001-01-01, 9999-12-31, a month or a year ending there, a timed event whose
instant lies past the year 9999 in UTC. None of them may answer 500.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from icalendar import Calendar
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import EARLIEST_DATE, LATEST_DATE, Event, Kind, Precision
from events.timeline import build_timeline
from tests.conftest import database_state, text_of, visible_text
from tests.factories import EventFactory, ExerciseFactory, ExerciseSeriesFactory, TermFactory

pytestmark = pytest.mark.django_db

RANGE_MESSAGE = "Dates must fall between 1900-01-01 and 2200-12-31."
YEAR_MESSAGE = "The year must fall between 1900 and 2200."
OUTSIDE = [
    dt.date(1, 1, 1),
    EARLIEST_DATE - dt.timedelta(days=1),
    LATEST_DATE + dt.timedelta(days=1),
    dt.date(9999, 12, 31),
]


def stored(factory=EventFactory, **fields) -> Event:
    """An event whose ``fields`` were written straight to its row, around Event.clean."""
    event = factory(slug=fields.pop("slug", "edge"), title_en="Edge", title_ru="Край")
    Event.objects.filter(pk=event.pk).update(**fields)
    return Event.objects.get(pk=event.pk)


def _lines(body: bytes, *names: str) -> list[str]:
    """The feed's content lines whose property is one of ``names``."""
    return [
        line for line in body.decode().split("\r\n") if line.split(";")[0].split(":")[0] in names
    ]


def _vevent_lines(body: bytes) -> list[str]:
    """The VEVENTs' date lines (VTIMEZONE lines left out)."""
    lines, inside = [], False
    for line in body.decode().split("\r\n"):
        inside = {"BEGIN:VEVENT": True, "END:VEVENT": False}.get(line, inside)
        if inside and line.split(";")[0].split(":")[0] in {"DTSTART", "DTEND", "DURATION"}:
            lines.append(line)
    return lines


# Any date the database holds: nothing answers 500 -----------------------------

MAX = dt.date.max
MIN = dt.date.min

# Each: the factory, and the fields written around validation.
EDGES = {
    "first-day": (EventFactory, {"start_date": MIN, "end_date": MIN}),
    "last-day": (EventFactory, {"start_date": MAX, "end_date": MAX}),
    "last-two-days": (EventFactory, {"start_date": dt.date(9999, 12, 30), "end_date": MAX}),
    "last-month": (
        EventFactory,
        {
            "start_date": dt.date(9999, 12, 1),
            "end_date": MAX,
            "start_precision": Precision.MONTH,
            "end_precision": Precision.MONTH,
        },
    ),
    "last-year": (
        EventFactory,
        {
            "start_date": dt.date(9999, 1, 1),
            "end_date": MAX,
            "start_precision": Precision.YEAR,
            "end_precision": Precision.YEAR,
        },
    ),
    "first-year": (
        EventFactory,
        {
            "start_date": MIN,
            "end_date": dt.date(1, 12, 31),
            "start_precision": Precision.YEAR,
            "end_precision": Precision.YEAR,
        },
    ),
    # A term is drawn as a strip and a timeline bar with a hatched head or tail.
    "term-starting-in-the-last-year": (
        TermFactory,
        {"start_date": dt.date(9999, 1, 1), "start_precision": Precision.YEAR, "end_date": MAX},
    ),
    "term-ending-in-the-first-month": (
        TermFactory,
        {"start_date": MIN, "end_date": dt.date(1, 1, 31), "end_precision": Precision.MONTH},
    ),
    # Its instants are in the year 10000 in UTC.
    "timed-last-evening-far-west": (
        EventFactory,
        {
            "start_date": MAX,
            "end_date": MAX,
            "start_time": dt.time(23, 30),
            "end_time": dt.time(23, 59),
            "time_zone": "Etc/GMT+12",
        },
    ),
    "timed-last-evening-far-east": (
        EventFactory,
        {
            "start_date": MAX,
            "end_date": MAX,
            "start_time": dt.time(23, 30),
            "end_time": dt.time(23, 59),
            "time_zone": "Pacific/Kiritimati",
        },
    ),
    # Its instants are in the year 0 in UTC.
    "timed-first-morning-far-east": (
        EventFactory,
        {
            "start_date": MIN,
            "end_date": MIN,
            "start_time": dt.time(0, 0),
            "end_time": dt.time(0, 30),
            "time_zone": "Pacific/Kiritimati",
        },
    ),
    "undated": (EventFactory, {"start_date": None, "end_date": None}),
}

PAGES = [
    "/",
    "/ru/",
    "/0001/01/",
    "/0001/02/",
    "/9999/11/",
    "/9999/12/",
    "/ru/9999/12/",
    "/0001/",
    "/9999/",
    "/ru/9999/",
    "/agenda/",
    "/agenda/?from=0001-01-01",
    "/agenda/?to=0001-01-01",
    "/agenda/?from=9999-12-31",
    "/agenda/?from=0001-01-01&to=9999-12-31",
    "/agenda/?from=9999-12-31&to=9999-12-31",
    "/timeline/",
    "/timeline/?from=1",
    "/timeline/?to=1",
    "/timeline/?from=9999",
    "/timeline/?from=9940&to=9999",
    "/timeline/?from=1&to=9999",
    "/events/edge/",
    "/ru/events/edge/",
]
FEEDS = [
    "/calendar.ics",
    "/calendar.ics?lang=ru",
    "/calendar.ics?q=edge",
    "/events/edge.ics",
    "/events/edge.ics?lang=ru",
]
API = [
    "/api/events/",
    "/api/events/?start=0001-01-01",
    "/api/events/?end=0001-01-01",
    "/api/events/?start=9999-12-31",
    "/api/events/?end=9999-12-31",
    "/api/events/?start=0001-01-01&end=0001-12-31",
    "/api/events/?start=9999-01-01&end=9999-12-31",
]


@pytest.mark.parametrize("edge", EDGES)
def test_no_page_feed_or_api_answer_fails_on_a_stored_edge_date(client, edge):
    factory, fields = EDGES[edge]
    event = stored(factory, **fields)
    client.raise_request_exception = False
    expected = {
        **dict.fromkeys(PAGES, (200, "text/html; charset=utf-8")),
        **dict.fromkeys(FEEDS, (200, "text/calendar; charset=utf-8")),
        **dict.fromkeys([*API, f"/api/events/{event.uid}/"], (200, "application/json")),
        "/go/?year=9999&month=12": (302, "text/html; charset=utf-8"),
        "/go/?year=1": (302, "text/html; charset=utf-8"),
    }

    answers = {}
    for url in expected:
        response = client.get(url)
        answers[url] = (response.status_code, response["Content-Type"])

    assert answers == expected
    detail = BeautifulSoup(client.get("/events/edge/").content, "html.parser")
    assert text_of(detail.h1) == event.display_name
    assert client.get(f"/api/events/{event.uid}/").json()["start_date"] == (
        fields["start_date"].isoformat() if fields["start_date"] else None
    )


def test_a_single_day_on_9999_12_31_is_in_every_feed_with_a_duration(client):
    stored(start_date=MAX, end_date=MAX)

    bodies = [client.get(url).getvalue() for url in FEEDS]

    for body in bodies:
        assert _vevent_lines(body) == ["DTSTART;VALUE=DATE:99991231", "DURATION:P1D"]


@pytest.mark.parametrize(
    ("edge", "lines", "status"),
    [
        ("last-two-days", ["DTSTART;VALUE=DATE:99991230", "DURATION:P2D"], "CONFIRMED"),
        ("last-month", ["DTSTART;VALUE=DATE:99991201", "DURATION:P31D"], "TENTATIVE"),
        ("last-year", ["DTSTART;VALUE=DATE:99990101", "DURATION:P365D"], "TENTATIVE"),
        (
            "term-starting-in-the-last-year",
            ["DTSTART;VALUE=DATE:99990101", "DURATION:P365D"],
            "TENTATIVE",
        ),
        ("first-day", ["DTSTART;VALUE=DATE:00010101", "DTEND;VALUE=DATE:00010102"], "CONFIRMED"),
        (
            "first-year",
            ["DTSTART;VALUE=DATE:00010101", "DTEND;VALUE=DATE:00020101"],
            "TENTATIVE",
        ),
        (
            "timed-last-evening-far-west",
            [
                "DTSTART;TZID=Etc/GMT+12:99991231T233000",
                "DTEND;TZID=Etc/GMT+12:99991231T235900",
            ],
            "CONFIRMED",
        ),
        (
            "timed-first-morning-far-east",
            [
                "DTSTART;TZID=Pacific/Kiritimati:00010101T000000",
                "DTEND;TZID=Pacific/Kiritimati:00010101T003000",
            ],
            "CONFIRMED",
        ),
    ],
)
def test_edge_events_keep_their_days_in_the_feed(client, edge, lines, status):
    factory, fields = EDGES[edge]
    stored(factory, **fields)

    body = client.get("/events/edge.ics").getvalue()
    parsed = Calendar.from_ical(body)

    assert _vevent_lines(body) == lines
    assert [str(e["STATUS"]) for e in parsed.walk("VEVENT")] == [status]
    assert [(c.name, c.errors) for c in parsed.walk() if c.errors] == []


def test_a_timed_event_at_the_edge_carries_its_zone_in_the_feed(client):
    stored(**EDGES["timed-last-evening-far-west"][1])

    body = client.get("/calendar.ics").getvalue()

    assert _lines(body, "TZID") == ["TZID:Etc/GMT+12"]


def test_the_feed_holds_every_edge_event_and_leaves_out_the_undated(client):
    for edge, (factory, fields) in EDGES.items():
        stored(factory, slug=edge, **fields)

    body = client.get("/calendar.ics").getvalue()
    parsed = Calendar.from_ical(body)

    assert sorted(str(e["URL"]).rsplit("/", 2)[-2] for e in parsed.walk("VEVENT")) == sorted(
        edge for edge in EDGES if edge != "undated"
    )


def test_year_9999_counts_the_last_two_days(soup_of):
    stored(start_date=dt.date(9999, 12, 30), end_date=MAX)

    soup = soup_of("/9999/")

    assert [text_of(a.select_one(".visually-hidden")) for a in soup.select("td.has-events a")] == [
        "30 December 9999: 1 event",
        "31 December 9999: 1 event",
    ]
    assert text_of(soup.select_one(".period-summary")) == "9999: 1 event"


def test_year_9999_counts_a_timed_event_on_its_last_evening(soup_of):
    stored(**EDGES["timed-last-evening-far-west"][1])

    soup = soup_of("/9999/")

    assert [text_of(a.select_one(".visually-hidden")) for a in soup.select("td.has-events a")] == [
        "31 December 9999: 1 event"
    ]


def test_december_9999_draws_the_event_and_has_no_next_month(soup_of):
    stored(start_date=dt.date(9999, 12, 30), end_date=MAX)

    soup = soup_of("/9999/12/")

    cells = {td["data-date"]: visible_text(td) for td in soup.select("table.month tbody td")}
    assert "Edge" in cells["9999-12-30"]
    assert soup.select_one('a[rel="next"]') is None
    assert soup.select_one('a[rel="prev"]')["href"] == "/9999/11/"


def test_january_0001_draws_the_event_and_has_no_previous_month(soup_of):
    stored(start_date=MIN, end_date=MIN)

    soup = soup_of("/0001/01/")

    cells = {td["data-date"]: visible_text(td) for td in soup.select("table.month tbody td")}
    assert "Edge" in cells["0001-01-01"]
    assert soup.select_one('a[rel="prev"]') is None
    assert soup.select_one('a[rel="next"]')["href"] == "/0001/02/"


def test_year_urls_are_four_digits(client):
    assert client.get("/1/").status_code == 404
    assert client.get("/0000/").status_code == 404
    assert client.get("/10000/").status_code == 404


def test_event_pages_write_edge_dates_at_their_precision(soup_of):
    for edge in ["last-two-days", "last-year", "first-day", "timed-last-evening-far-west"]:
        factory, fields = EDGES[edge]
        stored(factory, slug=edge, **fields)

    when = {
        edge: text_of(soup_of(f"/events/{edge}/").select_one("dd.when"))
        for edge in ["last-two-days", "last-year", "first-day", "timed-last-evening-far-west"]
    }

    assert when == {
        "last-two-days": "30–31 December 9999",
        "last-year": "9999",
        "first-day": "1 January 1",
        "timed-last-evening-far-west": "31 December 9999, 23:30–23:59 (Etc/GMT+12)",
    }


def test_agenda_from_the_last_day_lists_what_is_under_way(soup_of):
    stored(start_date=dt.date(9999, 12, 30), end_date=MAX)

    soup = soup_of("/agenda/?from=9999-12-31")

    groups = {
        text_of(section.h2): [visible_text(a) for a in section.select("a.event")]
        for section in soup.select(".agenda-group")
    }
    assert groups == {"Already under way": ["Edge"]}


def test_agenda_of_a_full_last_day_offers_no_page_after_it(soup_of):
    for number in range(201):
        EventFactory(title_en=f"Drill {number:03d}")
    Event.objects.update(start_date=MAX, end_date=MAX)

    soup = soup_of("/agenda/?from=9999-12-31")

    assert len(soup.select(".agenda-group a.event")) == 200
    assert soup.select_one(".more-link a") is None


def test_timeline_draws_terms_whose_uncertain_period_reaches_an_edge(soup_of):
    stored(TermFactory, slug="late", **EDGES["term-starting-in-the-last-year"][1])
    stored(TermFactory, slug="early", **EDGES["term-ending-in-the-first-month"][1])

    late = soup_of("/timeline/?from=9999")
    early = soup_of("/timeline/?to=1")

    assert [a["href"] for a in late.select("a.bar")] == ["/events/late/"]
    assert [a["href"] for a in early.select("a.bar")] == ["/events/early/"]


def test_timeline_layout_of_a_term_at_the_edges_has_no_solid_part():
    late = TermFactory.build(
        slug="late", start_date=dt.date(9999, 1, 1), start_precision=Precision.YEAR, end_date=MAX
    )
    early = TermFactory.build(
        slug="early", start_date=MIN, end_date=dt.date(1, 1, 31), end_precision=Precision.MONTH
    )

    last = build_timeline([late], series=[], first_year=9999, last_year=9999)
    first = build_timeline([early], series=[], first_year=1, last_year=1)

    (late_bar,) = next(row for row in last.rows if row.key == "terms").bars
    (early_bar,) = next(row for row in first.rows if row.key == "terms").bars
    assert (late_bar.head is not None, late_bar.solid, late_bar.tail) == (True, None, None)
    assert (early_bar.head, early_bar.solid, early_bar.tail is not None) == (None, None, True)


@pytest.mark.parametrize(
    ("query", "edges"),
    [
        ("start=9999-12-31", ["last-day", "last-two-days", "timed-last-evening-far-west"]),
        ("end=0001-01-01", ["first-day", "timed-first-morning-far-east"]),
        ("start=9999-12-30&end=9999-12-30", ["last-two-days"]),
    ],
)
def test_api_windows_at_the_edges(client, query, edges):
    for edge in ["first-day", "last-day", "last-two-days"]:
        stored(slug=edge, **EDGES[edge][1])
    for edge in ["timed-last-evening-far-west", "timed-first-morning-far-east"]:
        stored(slug=edge, **EDGES[edge][1])

    response = client.get(f"/api/events/?{query}")

    assert sorted(e["slug"] for e in response.json()["results"]) == sorted(edges)


def test_picker_goes_to_the_last_month(client):
    response = client.get("/go/?year=9999&month=12&kind=summit")

    assert (response.status_code, response["Location"]) == (302, "/9999/12/?kind=summit")


def test_export_writes_every_edge_event(tmp_path):
    for edge, (factory, fields) in EDGES.items():
        stored(factory, slug=edge, **fields)
    path = tmp_path / "export.ics"

    call_command("exportics", str(path))

    parsed = Calendar.from_ical(path.read_bytes())
    by_slug = {str(e["X-CSTOCAL-SLUG"]): e for e in parsed.walk("VEVENT")}
    assert sorted(by_slug) == sorted(EDGES)
    assert by_slug["last-two-days"]["DTSTART"].to_ical() == b"99991230"
    assert by_slug["last-two-days"]["DURATION"].to_ical() == b"P2D"
    assert "DTEND" not in by_slug["last-two-days"]
    assert str(by_slug["undated"]["X-CSTOCAL-UNDATED"]) == "TRUE"

