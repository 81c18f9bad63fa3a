"""Hostile iCalendar files: each is refused quickly, with a problem named by UID,
through the service, the admin upload and ``manage.py importics``, and leaves the
database exactly as it was. The files are in tests/data/import/."""

from __future__ import annotations

import datetime as dt
import time
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.timezone import tzp

from events.domain.ical.imported import parse_calendar
from events.domain.ical.parse import READ, CalendarImportError
from events.domain.importing import calendar_import
from events.models import Event
from tests.conftest import database_state, text_of

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "data" / "import"
DEGREES = "must be a number of degrees from"
SEQUENCE = "SEQUENCE must be a whole number from 0 to 2147483647."

REFUSED = {
    "duration-999999999-days.ics": [
        "UID hostile@example.org: the event ends after the years this calendar accepts (1900–2200)."
    ],
    "duration-99999999-weeks.ics": [
        "UID hostile@example.org: the event ends after the years this calendar accepts (1900–2200)."
    ],
    "date-9999-without-end.ics": [
        "UID hostile@example.org: the date 9999-12-31 is outside the years this calendar "
        "accepts (1900–2200)."
    ],
    "dtstart-period.ics": ["UID hostile@example.org: DTSTART must be a date or a date-time."],
    "geo-1e300.ics": [f"UID hostile@example.org: GEO {DEGREES} -90 to 90."],
    "geo-nan-inf.ics": [f"UID hostile@example.org: GEO {DEGREES} -90 to 90."],
    "series-slug-200-characters.ics": [
        "UID hostile@example.org: X-CSTOCAL-SERIES is longer than 80 characters."
    ],
    "series-year-abc.ics": [
        "UID hostile@example.org: X-CSTOCAL-SERIES-YEAR must be a year from 1900 to 2200."
    ],
    "series-year-99999.ics": [
        "UID hostile@example.org: X-CSTOCAL-SERIES-YEAR must be a year from 1900 to 2200."
    ],
    "source-date-garbage.ics": [
        "UID hostile@example.org: X-CSTOCAL-SOURCE-DATE must be a date such as 2013-09-23."
    ],
    "kind-bogus.ics": [
        "UID hostile@example.org: X-CSTOCAL-KIND must be one of: exercise, term, summit, "
        "operation, milestone."
    ],
    "participants-zz.ics": [
        "UID hostile@example.org: X-CSTOCAL-PARTICIPANTS: ZZ is not a country code "
        "(ISO 3166 alpha-2)."
    ],
    "latitude-1e400.ics": [f"UID hostile@example.org: X-CSTOCAL-LATITUDE {DEGREES} -90 to 90."],
    "sequence-abc.ics": [f"UID hostile@example.org: {SEQUENCE}"],
    "sequence-minus-5.ics": [f"UID hostile@example.org: {SEQUENCE}"],
    "sequence-1e30.ics": [f"UID hostile@example.org: {SEQUENCE}"],
    "created-garbage.ics": ["UID hostile@example.org: CREATED is malformed (garbage)."],
    "tzid-unknown.ics": [
        "UID hostile@example.org: unknown time zone 'Foo/Bar'; use an IANA zone such as "
        "Europe/Moscow."
    ],
    "vtimezone-secondly.ics": [
        "UID hostile@example.org: unknown time zone 'Hostile/Zone'; use an IANA zone such as "
        "Europe/Moscow."
    ],
    "tzid-not-a-region.ics": [
        f"UID zone-{number}@example.org: unknown time zone '{zone}'; use an IANA zone such as "
        "Europe/Moscow."
        for number, zone in enumerate(
            [
                "localtime",
                "posixrules",
                "Factory",
                "right/UTC",
                "posix/Europe/Moscow",
                "Europe",
                "../../../etc/passwd",
                "W. Europe Standard Time",
                "Europe/" + "x" * 72 + "…",
            ]
        )
    ],
}


def _upload(client, data: bytes):
    url = "/admin/events/event/import-ics/"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    token = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    upload = SimpleUploadedFile("calendar.ics", data, content_type="text/calendar")
    return client.post(
        url, {"csrfmiddlewaretoken": token, "file": upload, "language": "en"}, follow=True
    )


def _importics(path: Path) -> str:
    """``manage.py importics``: what it prints on success. A refusal is a
    CommandError, which manage.py prints as one message and exits with its
    return code, never a traceback."""
    out = StringIO()
    call_command("importics", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "problems"), REFUSED.items(), ids=list(REFUSED))
def test_a_hostile_file_is_refused_quickly_and_by_name(seeded, name, problems):
    before = database_state()

    started = time.perf_counter()
    with pytest.raises(CalendarImportError) as caught:
        calendar_import(data=(DATA / name).read_bytes())
    elapsed = time.perf_counter() - started

    assert caught.value.problems == problems
    assert database_state() == before
    assert elapsed < 1.0


@pytest.mark.parametrize(("name", "problems"), REFUSED.items(), ids=list(REFUSED))
def test_a_hostile_upload_lists_its_problems_and_writes_nothing(
    seeded, superuser_client, name, problems
):
    before = database_state()

    response = _upload(superuser_client, (DATA / name).read_bytes())

    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert [text_of(li) for li in soup.select(".import-problems li")] == problems
    assert database_state() == before


@pytest.mark.parametrize(("name", "problems"), REFUSED.items(), ids=list(REFUSED))
def test_importics_refuses_a_hostile_file_with_a_clean_error(seeded, name, problems):
    before = database_state()

    with pytest.raises(CommandError) as caught:
        _importics(DATA / name)

    assert caught.value.returncode == 1
    assert str(caught.value) == "Nothing was imported:\n" + "\n".join(f"- {p}" for p in problems)
    assert database_state() == before


def test_a_files_own_time_zone_rules_are_never_used(seeded):
    # The file redefines Europe/Moscow with a rule that repeats every minute since
    # 1900; the event is read in the IANA zone, at once.
    started = time.perf_counter()
    out = _importics(DATA / "vtimezone-minutely-moscow.ics")
    elapsed = time.perf_counter() - started

    briefing = Event.objects.get(title_en="Briefing")
    sochi = Event.objects.get(slug="csc-session-2013-sochi")
    assert out.endswith("1 created, 1 updated, 0 unchanged.\n")
    assert (briefing.time_zone, briefing.start_time, briefing.end_time) == (
        "Europe/Moscow",
        dt.time(9, 30),
        dt.time(17),
    )
    assert briefing.starts_at.utcoffset() == dt.timedelta(hours=4)
    assert sochi.title_en == "Sochi session, renamed by the file"
    assert elapsed < 2.0


def test_a_files_time_zone_is_not_kept_for_later_files(seeded):
    with pytest.raises(CalendarImportError):
        calendar_import(data=(DATA / "vtimezone-secondly.ics").read_bytes())

    # icalendar's zone table is the process's: nothing of the file may stay in it.
    assert tzp.timezone("Hostile/Zone") is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the file is empty."),
        ("\r\n \r\n", "the file is empty."),
        ("SUMMARY:x\r\n", "it starts with SUMMARY:x, not BEGIN:VCALENDAR."),
        ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VALARM\r\n", "END:VALARM closes BEGIN:VEVENT."),
        ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", "END:VEVENT is missing."),
        (
            "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            "there is more after END:VCALENDAR.",
        ),
    ],
)
def test_a_file_that_is_not_one_calendar_is_refused_as_a_whole(text, problem):
    with pytest.raises(CalendarImportError) as caught:
        parse_calendar(text.encode(), language="en", max_events=10)

    assert caught.value.problems == [f"The file is not an iCalendar file: {problem}"]


def _calendar(*lines: str) -> bytes:
    body = "\r\n".join(lines)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//fuzz//EN"
    return f"{head}\r\n{body}\r\nEND:VCALENDAR\r\n".encode()


# Every property the import reads, some it skips, and our own; recurrence is
# refused before anything else and is left out so the rest is reached.
PROPERTY_NAMES = (
    sorted(READ - {"RRULE", "RDATE", "EXRULE"})
    + [
        "X-CSTOCAL-" + name
        for name in [
            "KIND",
            "STATUS",
            "SLUG",
            "START-PRECISION",
            "END-PRECISION",
            "COUNTRY",
            "PARTICIPANTS",
            "INFORMAL",
            "PUBLISHED",
            "SERIES",
            "SERIES-NAME-EN",
            "SERIES-YEAR",
            "LATITUDE",
            "LONGITUDE",
            "SOURCE-DATE",
            "SOURCE-URL",
            "TITLE-EN",
            "DESCRIPTION-RU",
            "UNDATED",
        ]
    ]
    + ["ATTACH", "CATEGORIES", "TRIGGER", "EXDATE"]
)
PARAMETERS = st.sampled_from(
    [
        "",
        "",
        "",
        ";VALUE=DATE",
        ";VALUE=DATE-TIME",
        ";VALUE=PERIOD",
        ";VALUE=TEXT",
        ";VALUE=BINARY;ENCODING=BASE64",
        ";VALUE=CATEGORIES",
        ";VALUE=DURATION",
        ";TZID=Europe/Moscow",
        ";TZID=Europe",
        ';TZID="a:b"',
        ";TZID=a,b",
        ";X-FOO=",
    ]
)
VALUES = st.one_of(
    st.text(max_size=40).map(lambda text: text.replace("\r", "").replace("\n", "")),
    st.sampled_from(
        [
            "20130919",
            "20130920",
            "20130919T100000",
            "20130919T100000Z",
            "20130919T120000Z",
            "99991231",
            "00000101",
            "20130231",
            "P1D",
            "PT2H",
            "P999999999D",
            "-P1D",
            "PT99999999999999999999S",
            "53.9;27.5",
            "1e300;0",
            "nan;inf",
            "1;2;3",
            "TRUE",
            "FALSE",
            "CANCELLED",
            "TENTATIVE",
            "Cancelled: Fuzz",
            "exercise",
            "summit",
            "term",
            "month",
            "interaction",
            "a" * 200,
            "BY,KZ",
            "RU",
            "ZZ",
            "2013",
            "2013-09-23",
            "-5",
            "7",
            "1e30",
            "https://example.org/x",
            "\\",
            "",
        ]
    ),
)
BASES = {
    "foreign": {"DTSTART": ("", "20130919T100000Z"), "DTEND": ("", "20130919T120000Z")},
    "all-day": {"DTSTART": (";VALUE=DATE", "20130919"), "SUMMARY": ("", "Fuzz")},
    "export": {
        "DTSTART": (";VALUE=DATE", "20130919"),
        "X-CSTOCAL-KIND": (";VALUE=TEXT", "summit"),
        "X-CSTOCAL-TITLE-EN": (";VALUE=TEXT", "Fuzz"),
    },
}


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    base=st.sampled_from(sorted(BASES)),
    properties=st.dictionaries(
        st.sampled_from(PROPERTY_NAMES), st.tuples(PARAMETERS, VALUES), max_size=5
    ),
)
def test_nothing_but_a_named_refusal_leaves_an_import(db, base, properties):
    lines = {"UID": ("", "fuzz@example.org"), **BASES[base], **properties}
    data = _calendar(
        "BEGIN:VEVENT",
        *(f"{name}{params}:{value}" for name, (params, value) in lines.items()),
        "END:VEVENT",
    )

    problems, imported = [], []
    try:
        result = calendar_import(data=data)
    except CalendarImportError as exc:
        problems = exc.problems
    else:
        imported = [*result.created, *result.updated, *result.unchanged]

    # Either the one event is imported, or each problem names it or the file.
    assert len(imported) + bool(problems) == 1
    assert all(p.startswith(("UID ", "The file ")) for p in problems), problems


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "BEGIN:VEVENT",
                    "END:VEVENT",
                    "BEGIN:VTIMEZONE",
                    "END:VTIMEZONE",
                    "BEGIN:VCALENDAR",
                    "END:VCALENDAR",
                    "BEGIN:VALARM",
                    "UID:x",
                    "DTSTART:20130919",
                    " folded",
                    "",
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=15,
    )
)
def test_any_file_is_read_or_refused_with_a_message(lines):
    problems = []
    try:
        events = parse_calendar("\r\n".join(lines).encode(), language="en", max_events=10)
    except CalendarImportError as exc:
        problems = exc.problems
    else:
        assert all(event.source_uid for event in events)

    assert all(isinstance(problem, str) and problem for problem in problems)
