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
from django.core.exceptions import ValidationError
from django.core.management import call_command
from icalendar import Calendar

from events.domain.layout.timeline import build_timeline
from events.enums import Kind, Precision
from events.models import Event
from events.periods import EARLIEST_DATE, LATEST_DATE
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


# Editors are held to the calendar's range ------------------------------------


@pytest.mark.parametrize("day", OUTSIDE, ids=str)
def test_model_refuses_dates_outside_the_range_and_writes_nothing(day):
    EventFactory(slug="kept")
    before = database_state()
    event = Event(kind=Kind.SUMMIT, title_en="Session", start_date=day, end_date=day)

    with pytest.raises(ValidationError) as refused:
        event.full_clean()

    assert refused.value.message_dict == {
        "start_date": [RANGE_MESSAGE],
        "end_date": [RANGE_MESSAGE],
    }
    assert database_state() == before


@pytest.mark.parametrize("day", [EARLIEST_DATE, LATEST_DATE], ids=str)
def test_model_accepts_the_first_and_last_days_of_the_range(day):
    event = Event(kind=Kind.SUMMIT, title_en="Session", start_date=day, end_date=day)

    event.full_clean()
    event.save()

    assert Event.objects.get().start_date == day


@pytest.mark.parametrize("year", [0, 1, 1899, 2201, 9999, 32767])
def test_series_year_outside_the_range_is_refused(year):
    series = ExerciseSeriesFactory(slug="interaction")
    event = Event(
        kind=Kind.EXERCISE,
        series=series,
        series_year=year,
        start_date=dt.date(2013, 9, 19),
        end_date=dt.date(2013, 9, 25),
    )

    with pytest.raises(ValidationError) as refused:
        event.full_clean()

    expected = "Give the year in the exercise's name, e.g. 2013." if year == 0 else YEAR_MESSAGE
    assert refused.value.message_dict == {"series_year": [expected]}


@pytest.mark.parametrize("year", [1900, 2200])
def test_series_year_at_the_ends_of_the_range_is_accepted(year):
    event = ExerciseFactory.build(series=ExerciseSeriesFactory(), series_year=year)

    event.full_clean()

    assert event.display_name.endswith(f"-{year}")


@pytest.mark.parametrize("day", OUTSIDE, ids=str)
def test_source_date_outside_the_range_is_refused(day):
    event = EventFactory.build(source_title="Statement", source_date=day)

    with pytest.raises(ValidationError) as refused:
        event.full_clean()

    assert refused.value.message_dict == {"source_date": [RANGE_MESSAGE]}


# ... in admin


def _admin_form(client, url: str) -> dict:
    """The admin form's current values, as a browser would submit them."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    form = page.select_one("form#event_form")
    data = {}
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.name == "select":
            values = [o.get("value", "") for o in field.select("option[selected]")]
            data[name] = values if field.has_attr("multiple") else (values[0] if values else "")
        elif field.name == "textarea":
            data[name] = field.get_text()
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def _admin_errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [text_of(li) for li in soup.select(".errorlist li")]


@pytest.mark.parametrize("day", OUTSIDE, ids=str)
def test_admin_add_refuses_dates_outside_the_range(superuser_client, day):
    EventFactory(slug="kept")
    before = database_state()
    url = "/admin/events/event/add/"
    form = _admin_form(superuser_client, url)

    response = superuser_client.post(
        url,
        {
            **form,
            "kind": "summit",
            "title_en": "Session",
            "start_date": day.isoformat(),
            "end_date": day.isoformat(),
        },
    )

    assert response.status_code == 200
    assert _admin_errors(response) == [RANGE_MESSAGE, RANGE_MESSAGE]
    assert database_state() == before


@pytest.mark.parametrize("day", OUTSIDE, ids=str)
def test_admin_change_refuses_dates_outside_the_range(superuser_client, day):
    event = EventFactory(slug="kept")
    before = database_state()
    url = f"/admin/events/event/{event.pk}/change/"
    form = _admin_form(superuser_client, url)

    response = superuser_client.post(
        url, {**form, "start_date": day.isoformat(), "end_date": day.isoformat()}
    )

    assert response.status_code == 200
    assert _admin_errors(response) == [RANGE_MESSAGE, RANGE_MESSAGE]
    assert database_state() == before


def test_admin_refuses_a_series_year_and_source_date_outside_the_range(superuser_client):
    series = ExerciseSeriesFactory(slug="interaction")
    before = database_state()
    url = "/admin/events/event/add/"
    form = _admin_form(superuser_client, url)

    response = superuser_client.post(
        url,
        {
            **form,
            "kind": "exercise",
            "series": series.pk,
            "series_year": "9999",
            "start_date": "2013-09-19",
            "end_date": "2013-09-25",
            "source_date": "9999-12-31",
        },
    )

    assert _admin_errors(response) == [YEAR_MESSAGE, RANGE_MESSAGE]
    assert database_state() == before


# ... through the API


NEW_SUMMIT = {
    "kind": "summit",
    "title_en": "Collective Security Council session, Moscow",
    "country": "RU",
    "start_date": "2014-12-23",
    "end_date": "2014-12-23",
}


@pytest.mark.parametrize("day", OUTSIDE, ids=str)
def test_api_create_refuses_dates_outside_the_range(editor_api, day):
    EventFactory(slug="kept")
    before = database_state()

    response = editor_api.post(
        "/api/events/",
        {**NEW_SUMMIT, "start_date": day.isoformat(), "end_date": day.isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"start_date": [RANGE_MESSAGE], "end_date": [RANGE_MESSAGE]}
    assert database_state() == before


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("day", OUTSIDE, ids=str)
def test_api_update_refuses_dates_outside_the_range(editor_api, method, day):
    event = EventFactory(slug="kept")
    url = f"/api/events/{event.uid}/"
    etag = editor_api.get(url)["ETag"]
    before = database_state()
    body = {"start_date": day.isoformat(), "end_date": day.isoformat()}
    if method == "put":
        body = {**NEW_SUMMIT, **body}

    response = getattr(editor_api, method)(url, body, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 400
    assert response.json() == {"start_date": [RANGE_MESSAGE], "end_date": [RANGE_MESSAGE]}
    assert database_state() == before


def test_api_refuses_a_series_year_and_source_date_outside_the_range(editor_api):
    ExerciseSeriesFactory(slug="interaction")
    before = database_state()

    response = editor_api.post(
        "/api/events/",
        {
            "kind": "exercise",
            "series": "interaction",
            "series_year": 2201,
            "start_date": "2013-09-19",
            "end_date": "2013-09-25",
            "source_date": "1899-12-31",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"series_year": [YEAR_MESSAGE], "source_date": [RANGE_MESSAGE]}
    assert database_state() == before


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


# Digits: only 0-9 ------------------------------------------------------------------

# Each passes str.isdigit(); int() refuses the first two, reads the others as 3 and 2013.
UNICODE_DIGITS = ["²", "①", "٣", "２０１３"]


def _page_errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [text_of(li) for li in soup.select("main .notice li")]


@pytest.mark.parametrize("name", ["from", "to"])
@pytest.mark.parametrize("raw", [*UNICODE_DIGITS, "9" * 5000])
def test_timeline_years_take_only_ascii_digits(client, name, raw):
    response = client.get("/timeline/", {name: raw})

    assert response.status_code == 200
    assert _page_errors(response) == [
        f"“{raw[:40]}” is not a year from 1 to 9999; {name} was ignored."
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        *[({"year": raw}, "Choose a year from 1 to 9999.") for raw in UNICODE_DIGITS],
        ({"year": "9" * 5000}, "Choose a year from 1 to 9999."),
        *[
            ({"year": "2013", "month": raw}, "Choose a month from the list.")
            for raw in UNICODE_DIGITS
        ],
        ({"year": "2013", "month": "٠٩"}, "Choose a month from the list."),
    ],
)
def test_picker_takes_only_ascii_digits(client, query, message):
    response = client.get("/go/", query)

    assert response.status_code == 400
    assert message in text_of(BeautifulSoup(response.content, "html.parser").main)


@pytest.mark.parametrize("raw", ["٢٠١٣-٠٩-١٩", "２０１３-０９-１９", "2013-0²-19", "²"])
def test_agenda_dates_take_only_ascii_digits(client, raw):
    response = client.get("/agenda/", {"from": raw})

    assert response.status_code == 200
    assert _page_errors(response) == [f"“{raw}” is not a date like 2013-09-19; from was ignored."]


@pytest.mark.parametrize("path", ["/٢٠١٣/٠٩/", "/٢٠١٣/", "/２０１３/", "/2013/٠٩/"])
def test_dated_urls_take_only_ascii_digits(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.parametrize("raw", ["٢٠١٣-٠٩-١٩", "２０１３-０９-１９"])
def test_api_windows_take_only_ascii_digits(client, raw):
    EventFactory(start_date=dt.date(2013, 9, 19))

    response = client.get("/api/events/", {"start": raw, "end": "2013-09-30"})

    assert response.status_code == 400
    assert response.json() == {"start": ["Write the date with the digits 0-9, like 2013-09-19."]}


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("start_date", "٢٠١٤-١٢-٢٣", "Write the date with the digits 0-9, like 2013-09-19."),
        (
            "source_date",
            "２０１３-０９-２３",
            "Write the date with the digits 0-9, like 2013-09-19.",
        ),
        ("start_time", "٠٩:٣٠", "Write the time with the digits 0-9, like 09:30."),
        ("latitude", "٥٥", "Write the number with the digits 0-9."),
        ("longitude", "①", "Write the number with the digits 0-9."),
    ],
)
def test_api_writes_take_only_ascii_digits(editor_api, field, raw, message):
    before = database_state()

    response = editor_api.post("/api/events/", {**NEW_SUMMIT, field: raw}, format="json")

    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert database_state() == before


def test_api_series_year_takes_only_ascii_digits(editor_api):
    ExerciseSeriesFactory(slug="interaction")
    before = database_state()

    response = editor_api.post(
        "/api/events/",
        {
            "kind": "exercise",
            "series": "interaction",
            "series_year": "٢٠١٣",
            "start_date": "2013-09-19",
            "end_date": "2013-09-25",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"series_year": ["Write the number with the digits 0-9."]}
    assert database_state() == before


def test_api_page_numbers_take_only_ascii_digits(client):
    for day in range(3):
        EventFactory(start_date=dt.date(2013, 9, 1 + day))

    second_page = client.get("/api/events/", {"page": "٢", "page_size": "2"})
    odd_size = client.get("/api/events/", {"page_size": "٢"})

    assert second_page.status_code == 404
    assert second_page.json() == {"detail": "Invalid page: write its number with the digits 0-9."}
    # An unusable size is ignored, as "-5" or "x" are: the default page.
    assert len(odd_size.json()["results"]) == 3
