"""Export and feeds, read back: a backup restores every field exactly, and our own
feed (or a copy of it) imported again changes nothing it did not state."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from events.domain.ical.export import export_bytes
from events.domain.ical.parse import CalendarImportError
from events.domain.importing import calendar_import
from events.enums import Kind, Precision, Status
from events.models import Event, ExerciseSeries
from events.text import strip_controls
from tests.conftest import database_state
from tests.factories import EventFactory, ExerciseFactory, ExerciseSeriesFactory
from tests.ical_oracle import build_calendar, ical_bytes

pytestmark = pytest.mark.django_db

KEPT = [f.name for f in Event._meta.concrete_fields if f.name not in {"id", "series", "updated_at"}]
TEXT_FIELDS = {
    name: Event._meta.get_field(name).max_length or 5000
    for name in (
        *(
            f"{text}_{language}"
            for text in ("title", "place", "description", "forces")
            for language in ("en", "ru")
        ),
        "source_title",
        "source_quote",
    )
}
# Characters a reader may take for the end of a line, and the C1 controls.
LINE_BREAKERS = re.compile("[\x80-\x9f\u2028\u2029]")

TRICKY_TEXTS = [
    "First paragraph.\n\nSecond paragraph, after a blank line.",
    "x\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil",
    "Commas, semicolons; colons: backslashes \\ and \"double\" 'single' quotes",
    "C:\\New\\notes \\n \\N \\, \\; \\\\ end\\",
    "Line\u2028separator and paragraph\u2029separator",
    "C1 \x85NEL \x9bCSI \x80 and \x9f gone",
    "Учения «Взаимодействие-2013», Брест; сводный отряд",
    "🎖️ emoji, 军演 and 👩🏽‍🚀 joined",
    "  leading and trailing spaces  ",
    "\ttab\tseparated\t",
    "очень длинный текст " * 300,
    ";,;,\\\\;\\,",
]


def _snapshot() -> dict:
    return {
        str(e.uid): {
            **model_to_dict(e, fields=KEPT),
            "participants": [c.code for c in e.participants],
            "country": e.country.code,
            "series": (e.series.slug, e.series.name_en, e.series.name_ru) if e.series else None,
        }
        for e in Event.objects.select_related("series")
    }


def _export() -> bytes:
    events = Event.objects.for_display().chronological()
    return export_bytes(events, base_url="http://testserver")


def _empty_database() -> None:
    Event.objects.all().delete()
    ExerciseSeries.objects.all().delete()


def _body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return response.getvalue() if response.streaming else response.content


def _lines_a_reader_sees(body: bytes) -> list[str]:
    """Lines as the most eager reader splits them: on every Unicode line end."""
    return body.decode().splitlines()


def _text_event(text: str, *, slug: str) -> Event:
    values = {name: text[:limit] for name, limit in TEXT_FIELDS.items()}
    values["title_en"] = f"Title {slug}: " + text[:150]
    return EventFactory(slug=slug, source_url="https://example.org/statement", **values)


@pytest.fixture
def calendar(seeded):
    """The seed and events of every shape a feed writes differently."""
    EventFactory(
        slug="cancelled-drill",
        title_en="Drill",
        title_ru="Учения",
        status=Status.CANCELLED,
        description_en="Called off.",
    )
    EventFactory(
        slug="postponed-meeting",
        kind=Kind.MILESTONE,
        title_en="Meeting of ministers",
        status=Status.POSTPONED,
        participants=["BY", "KZ"],
        forces_en="Staff",
        start_date=dt.date(2014, 5, 1),
        end_date=dt.date(2014, 5, 31),
        start_precision=Precision.MONTH,
        end_precision=Precision.MONTH,
    )
    EventFactory(
        slug="briefing",
        title_en="Briefing",
        place_en="Minsk",
        place_ru="Минск",
        country="BY",
        start_date=dt.date(2013, 11, 4),
        end_date=dt.date(2013, 11, 4),
        start_time=dt.time(9, 30),
        end_time=dt.time(17),
        time_zone="Europe/Moscow",
        latitude=Decimal("53.90000"),
        longitude=Decimal("27.56670"),
    )
    EventFactory(
        slug="call",
        title_en="Call",
        start_time=dt.time(6),
        end_time=dt.time(7),
        time_zone="UTC",
    )
    _text_event(TRICKY_TEXTS[0] + " " + TRICKY_TEXTS[2], slug="tricky-text")


FEEDS = [
    "/calendar.ics",
    "/calendar.ics?lang=ru",
    "/calendar.ics?kind=summit",
    "/events/csc-session-2014.ics",
    "/events/cancelled-drill.ics?lang=ru",
]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("url", FEEDS)
def test_our_own_feed_imported_back_changes_nothing(calendar, client, url, language):
    feed = _body(client.get(url))
    in_feed = sorted(
        Event.objects.filter(
            uid__in=re.findall(r"\r\nUID:([0-9a-f-]{36})\r\n", feed.decode())
        ).values_list("slug", flat=True)
    )
    before = database_state()

    result = calendar_import(data=feed, language=language)

    assert database_state() == before
    assert (result.created, result.updated) == ([], [])
    assert sorted(result.unchanged) == in_feed
    assert len(in_feed) >= 1


def test_a_copy_of_our_feed_from_another_calendar_changes_nothing(calendar, client):
    # Another calendar app that re-exports our feed keeps our generated text under
    # its own PRODID, and may write times in UTC.
    briefing = Event.objects.get(slug="briefing")
    utc = {
        name: moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        for name, moment in (("DTSTART", briefing.starts_at), ("DTEND", briefing.ends_at))
    }
    feed = _body(client.get("/calendar.ics")).decode()
    copy = (
        feed.replace("PRODID:-//cstocal//cstocal calendar 1.0//EN", "PRODID:-//Google Inc//EN")
        .replace("DTSTART;TZID=Europe/Moscow:20131104T093000", f"DTSTART:{utc['DTSTART']}")
        .replace("DTEND;TZID=Europe/Moscow:20131104T170000", f"DTEND:{utc['DTEND']}")
    )
    assert copy.count("PRODID:-//Google Inc//EN") == 1
    assert "DTSTART:20131104T053000Z" in copy
    before = database_state()

    result = calendar_import(data=copy.encode())

    assert database_state() == before
    assert result.updated == []


def test_a_foreign_file_with_our_uid_changes_only_what_it_states(calendar):
    event = Event.objects.get(slug="csc-session-2014")
    title_ru = event.title_ru
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone else//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{event.uid}\r\nDTSTAMP:20140101T000000Z\r\n"
        "DTSTART;VALUE=DATE:20150101\r\nDTEND;VALUE=DATE:20160101\r\n"
        "SUMMARY:Council session\\, Minsk\r\nLOCATION:Minsk\r\n"
        "DESCRIPTION:Moved to 2015.\\nDate to follow.\r\nSTATUS:CONFIRMED\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()

    result = calendar_import(data=data)
    event.refresh_from_db()

    assert result.updated == ["csc-session-2014"]
    assert (event.kind, event.slug, event.start_precision, event.end_precision) == (
        Kind.SUMMIT,
        "csc-session-2014",
        Precision.YEAR,
        Precision.YEAR,
    )
    assert (event.title_en, event.place_en, event.description_en, event.status) == (
        "Council session, Minsk",
        "Minsk",
        "Moved to 2015.\nDate to follow.",
        Status.CONFIRMED,
    )
    assert (event.start_date, event.end_date) == (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    assert event.title_ru == title_ru


def test_a_foreign_file_cannot_give_a_month_event_a_day(calendar):
    event = Event.objects.get(slug="csc-session-2012-moscow")
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone else//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{event.uid}\r\nDTSTART;VALUE=DATE:20121219\r\nDTEND;VALUE=DATE:20121220\r\n"
        "SUMMARY:Session\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    before = database_state()

    with pytest.raises(CalendarImportError) as caught:
        calendar_import(data=data)

    assert caught.value.problems == [
        f"UID {event.uid}: start_date: A start known only to the month is stored as 2012-12-01; "
        "2012-12-19 does not fit that precision.; end_date: A end known only to the month is "
        "stored as 2012-12-31; 2012-12-19 does not fit that precision."
    ]
    assert database_state() == before


def test_a_file_without_our_properties_keeps_kind_slug_and_series(calendar):
    grom = Event.objects.get(slug="grom-2013")
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone else//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{grom.uid}\r\nDTSTART;VALUE=DATE:20130921\r\nDTEND;VALUE=DATE:20130922\r\n"
        "SUMMARY:Cancelled: Grom-2013\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()

    calendar_import(data=data)
    grom.refresh_from_db()

    assert (grom.kind, grom.slug, grom.series.slug, grom.series_year, grom.title_en) == (
        Kind.EXERCISE,
        "grom-2013",
        "grom",
        2013,
        "",
    )
    assert (grom.status, grom.start_date) == (Status.CANCELLED, dt.date(2013, 9, 21))


def test_a_postponed_mark_becomes_the_status_of_a_new_event():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone else//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:talks@example.org\r\nDTSTART;VALUE=DATE:20140301\r\nDTEND;VALUE=DATE:20140302\r\n"
        b"SUMMARY:Postponed: Talks\r\nSTATUS:TENTATIVE\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:vote@example.org\r\nDTSTART;VALUE=DATE:20140301\r\n"
        b"SUMMARY:Postponed: a vote\r\nSTATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    calendar_import(data=data)

    assert sorted(Event.objects.values_list("title_en", "status")) == [
        ("Postponed: a vote", Status.CONFIRMED),
        ("Talks", Status.POSTPONED),
    ]


def test_an_export_restores_every_field_exactly(calendar, tmp_path):
    for number, text in enumerate(TRICKY_TEXTS):
        _text_event(text, slug=f"text-{number}")
    ExerciseFactory(
        series=ExerciseSeriesFactory(slug="bratstvo", name_en="Brotherhood, \\N", name_ru="Б;р"),
        series_year=2016,
        start_date=dt.date(2016, 6, 1),
        end_date=dt.date(2016, 6, 5),
        place_ru=TRICKY_TEXTS[1],
    )
    Event.objects.filter(slug="csc-session-2014").update(place_ru="", description_ru="")
    before = _snapshot()
    backup = tmp_path / "backup.ics"
    call_command("exportics", str(backup))
    _empty_database()

    call_command("importics", str(backup))

    assert _snapshot() == before
    assert not Event.objects.filter(title_en="evil").exists()


def test_a_restore_over_edited_events_puts_every_field_back(calendar):
    before = _snapshot()
    backup = _export()
    Event.objects.filter(slug="briefing").update(
        place_ru="", description_en="changed", latitude=None, longitude=None
    )
    grom = Event.objects.get(slug="grom-2013")
    grom.participants = ["AM"]
    grom.save()

    result = calendar_import(data=backup)

    assert sorted(result.updated) == ["briefing", "grom-2013"]
    assert {
        uid: {k: v for k, v in fields.items() if k != "revision"}
        for uid, fields in _snapshot().items()
    } == {
        uid: {k: v for k, v in fields.items() if k != "revision"} for uid, fields in before.items()
    }


def test_an_export_has_one_line_per_property_and_one_begin_per_event(calendar):
    for number, text in enumerate(TRICKY_TEXTS):
        _text_event(text, slug=f"text-{number}")

    body = _export()

    lines = _lines_a_reader_sees(body)
    assert body.count(b"\n") == body.count(b"\r\n") == body.count(b"\r")
    assert lines.count("BEGIN:VEVENT") == Event.objects.count()
    assert not [line for line in lines if line.startswith("UID:evil")]
    assert not LINE_BREAKERS.search(body.decode())


text_values = st.text(max_size=300)
SERIES_CHARACTERS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    texts=st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS, text_values)),
    # Series are saved as given: no surrogate (not UTF-8) and no NUL (PostgreSQL).
    series_names=st.tuples(
        st.text(SERIES_CHARACTERS, min_size=1, max_size=120),
        st.text(SERIES_CHARACTERS, max_size=120),
    ),
)
def test_any_text_comes_back_from_an_export_exactly(db, texts, series_names):
    values = {name: text[: TEXT_FIELDS[name]] for name, text in texts.items()}
    assume(strip_controls(values["title_en"]))
    assume(strip_controls(series_names[0]))
    _empty_database()
    EventFactory(slug="text", source_url="https://example.org/", **values)
    ExerciseFactory(
        series=ExerciseSeriesFactory(
            slug="series", name_en=series_names[0], name_ru=series_names[1]
        ),
        **{name: value for name, value in values.items() if not name.startswith("title")},
    )
    expected = _snapshot()
    for fields in expected.values():
        if fields["series"]:
            # Series names are not cleaned on save; the export cleans all text.
            fields["series"] = ("series", *map(strip_controls, series_names))
    backup = _export()
    _empty_database()

    calendar_import(data=backup)

    assert _snapshot() == expected


def test_feeds_and_exports_hold_no_line_breakers_even_from_updated_rows(seeded, client):
    hostile = "\u2028BEGIN:VEVENT\u2029UID:evil\x85END:VEVENT\x9b[2J"
    EventFactory(slug="saved", title_en="Saved " + hostile, description_en=hostile)
    bypassed = EventFactory(slug="bypassed", title_en="Bypassed")
    Event.objects.filter(pk=bypassed.pk).update(
        title_ru=hostile, description_en=hostile, place_en=hostile, forces_en=hostile
    )
    ExerciseSeries.objects.filter(slug="grom").update(name_en="Grom" + hostile)
    dated = Event.objects.dated().public().count()
    bodies = {
        url: _body(client.get(url))
        for url in (
            "/calendar.ics",
            "/calendar.ics?lang=ru",
            "/events/bypassed.ics",
            "/events/grom-2013.ics",
        )
    }
    bodies["export"] = _export()
    bodies["named calendar"] = ical_bytes(
        build_calendar(
            Event.objects.for_display().filter(slug="bypassed"),
            base_url="http://testserver",
            language="en",
            feed_url="http://testserver/calendar.ics",
            name="Named" + hostile,
        )
    )

    begins = {url: _lines_a_reader_sees(body).count("BEGIN:VEVENT") for url, body in bodies.items()}
    assert begins == {
        "/calendar.ics": dated,
        "/calendar.ics?lang=ru": dated,
        "/events/bypassed.ics": 1,
        "/events/grom-2013.ics": 1,
        "export": Event.objects.count(),
        "named calendar": 1,
    }
    assert {url: LINE_BREAKERS.findall(body.decode()) for url, body in bodies.items()} == {
        url: [] for url in bodies
    }
    assert b"\\nBEGIN:VEVENT\\nUID:evil\\nEND:VEVENT[2J" in bodies["/events/bypassed.ics"]


def test_an_export_from_before_escaping_is_read_as_written():
    # Exports used to write X-CSTOCAL-* values verbatim (they could hold no line
    # break); without VALUE=TEXT a value is taken as it stands.
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//cstocal//cstocal calendar 1.0//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:0f0c1a52-9b1e-4d55-8a43-0d5f1e7c9a10\r\n"
        b"DTSTART;VALUE=DATE:20140101\r\nDTEND;VALUE=DATE:20150101\r\nSUMMARY:Budget 2014\r\n"
        b"X-CSTOCAL-KIND:milestone\r\nX-CSTOCAL-SLUG:budget\r\nX-CSTOCAL-START-PRECISION:year\r\n"
        b"X-CSTOCAL-END-PRECISION:year\r\nX-CSTOCAL-TITLE-EN:Budget 2014\r\n"
        b"X-CSTOCAL-DESCRIPTION-EN:Costs, staff; C:\\New\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    calendar_import(data=data)

    budget = Event.objects.get(slug="budget")
    assert (budget.title_en, budget.description_en, budget.start_precision) == (
        "Budget 2014",
        "Costs, staff; C:\\New",
        Precision.YEAR,
    )
