"""Import: all or nothing, by UID, with clear errors for every kind of bad file."""

import datetime as dt
import uuid
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.test import Client

from events.domain.ical.export import export_bytes
from events.domain.ical.imported import FOREIGN_UID_NAMESPACE
from events.domain.ical.parse import CalendarImportError
from events.domain.importing import calendar_import
from events.enums import Kind, Status
from events.models import Event, ExerciseSeries
from tests.conftest import text_of
from tests.factories import EventFactory, TermFactory

pytestmark = pytest.mark.django_db

KEPT = [f.name for f in Event._meta.concrete_fields if f.name not in {"id", "series", "updated_at"}]


def _snapshot() -> dict:
    return {
        str(e.uid): {
            **model_to_dict(e, fields=KEPT),
            "participants": [c.code for c in e.participants],
            "country": e.country.code,
            "series": e.series.slug if e.series else None,
        }
        for e in Event.objects.select_related("series")
    }


def _export() -> bytes:
    events = Event.objects.for_display().chronological()
    return export_bytes(events, base_url="http://localhost")


def _calendar(*vevents: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{v.strip()}\r\nEND:VEVENT\r\n" for v in vevents)
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"
    return text.encode()


GOOD = "UID:good@example.org\nDTSTAMP:20130101T000000Z\nDTSTART;VALUE=DATE:20130919\n"
GOOD += "DTEND;VALUE=DATE:20130926\nSUMMARY:Joint drill"


YEAR_10000 = GOOD.replace("20130919", "99991231").replace("20130926", "100000101")
END_FIRST = GOOD.replace("DTEND;VALUE=DATE:20130926", "DTEND;VALUE=DATE:20130901")


def _vevent(text: str) -> str:
    return text.replace("\n", "\r\n")


def test_export_then_import_into_an_empty_database_reproduces_the_events(seeded):
    EventFactory(
        slug="timed",
        start_time=dt.time(10),
        end_time=dt.time(12),
        time_zone="Europe/Moscow",
        status=Status.POSTPONED,
        participants=["BY", "KZ"],
        published=False,
    )
    grom = Event.objects.get(slug="grom-2013")
    grom.place_ru = "Полигон, Кыргызстан"
    grom.save()
    before = _snapshot()
    data = _export()
    Event.objects.all().delete()
    ExerciseSeries.objects.all().delete()

    result = calendar_import(data=data)

    assert len(result.created) == 15
    assert _snapshot() == before
    assert Event.objects.get(slug="grom-2013").revision == 1


def test_importing_the_same_file_again_changes_nothing(seeded):
    data = _export()
    before = _snapshot()

    result = calendar_import(data=data)

    assert (len(result.created), len(result.updated), len(result.unchanged)) == (0, 0, 14)
    assert _snapshot() == before


def test_import_updates_by_uid_and_raises_the_revision():
    event = EventFactory(title_en="Drill", start_date=dt.date(2013, 9, 19))
    data = _calendar(
        _vevent(
            f"UID:{event.uid}\nDTSTAMP:20130101T000000Z\nDTSTART;VALUE=DATE:20130920\n"
            "DTEND;VALUE=DATE:20130921\nSUMMARY:Drill, moved"
        )
    )

    result = calendar_import(data=data)
    event.refresh_from_db()

    assert result.updated == [event.slug]
    assert (event.title_en, event.start_date, event.revision) == (
        "Drill, moved",
        dt.date(2013, 9, 20),
        1,
    )


def test_a_foreign_calendar_becomes_milestones_with_stable_uids():
    data = _calendar(
        _vevent(GOOD),
        _vevent(
            "UID:timed@example.org\nDTSTAMP:20130101T000000Z\n"
            "DTSTART;TZID=Europe/Minsk:20131104T093000\nDTEND;TZID=Europe/Minsk:20131104T170000\n"
            "SUMMARY:Briefing\nLOCATION:Minsk\nGEO:53.9;27.5667"
        ),
    )

    calendar_import(data=data, language="en")
    calendar_import(data=data, language="en")

    drill = Event.objects.get(uid=uuid.uuid5(FOREIGN_UID_NAMESPACE, "good@example.org"))
    briefing = Event.objects.get(title_en="Briefing")
    assert Event.objects.count() == 2
    assert (drill.kind, drill.start_date, drill.end_date) == (
        Kind.MILESTONE,
        dt.date(2013, 9, 19),
        dt.date(2013, 9, 25),
    )
    assert (briefing.time_zone, briefing.start_time, briefing.place_en) == (
        "Europe/Minsk",
        dt.time(9, 30),
        "Minsk",
    )
    assert (str(briefing.latitude), str(briefing.longitude)) == ("53.90000", "27.56670")


def test_one_bad_event_writes_nothing_and_is_named():
    TermFactory(country="KG", start_date=dt.date(2012, 12, 19), end_date=dt.date(2013, 9, 23))
    overlapping = str(uuid.uuid4())
    data = _calendar(
        _vevent(GOOD),
        _vevent(
            f"UID:{overlapping}\nDTSTAMP:20130101T000000Z\nDTSTART;VALUE=DATE:20130901\n"
            "DTEND;VALUE=DATE:20141231\nSUMMARY:Chairmanship\nX-CSTOCAL-KIND:term\n"
            "X-CSTOCAL-COUNTRY:RU"
        ),
    )

    with pytest.raises(CalendarImportError) as caught:
        calendar_import(data=data)

    assert caught.value.problems == [
        f"UID {overlapping}: start_date: This term overlaps Chairmanship: Kyrgyzstan "
        "(19 December 2012 – 23 September 2013). Terms may share only the handover day; "
        "change one of them first."
    ]
    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"garbage", "The file is not an iCalendar file"),
        (b"\xff\xfe\x00B", "The file is not UTF-8 text."),
        (
            _calendar("DTSTAMP:20130101T000000Z\r\nDTSTART;VALUE=DATE:20130101\r\nSUMMARY:x"),
            "UID event 1 (no UID): every event needs a UID.",
        ),
        (
            _calendar(
                _vevent(GOOD.replace("SUMMARY:Joint drill", "RRULE:FREQ=SECONDLY;COUNT=1000000000"))
            ),
            "UID good@example.org: recurring events are not supported; list each occurrence.",
        ),
        (
            _calendar(_vevent(GOOD.replace("20130919", "00010101"))),
            "UID good@example.org: the date 0001-01-01 is outside the years this calendar "
            "accepts (1900–2200).",
        ),
        (
            _calendar(_vevent(YEAR_10000)),
            "UID good@example.org: DTEND is malformed",
        ),
        (
            _calendar(_vevent(GOOD.replace("DTSTART;VALUE=DATE:20130919", "DTSTART:2013-09-19"))),
            "UID good@example.org: DTSTART is malformed",
        ),
        (
            _calendar(_vevent(GOOD), _vevent(GOOD)),
            "UID good@example.org: this UID appears twice in the file.",
        ),
        (
            _calendar(_vevent(END_FIRST)),
            "UID good@example.org: DTEND must be after DTSTART",
        ),
        (
            _calendar(_vevent(GOOD + "\nSTATUS:MAYBE")),
            "UID good@example.org: STATUS must be TENTATIVE, CONFIRMED or CANCELLED.",
        ),
        (
            _calendar(_vevent(GOOD.replace("DTSTART;VALUE=DATE:20130919", "DTSTART:20130919T100000")
                              .replace("DTEND;VALUE=DATE:20130926", "DTEND:20130919T120000"))),
            "UID good@example.org: times must name their time zone (TZID) or be in UTC.",
        ),
    ],
)  # fmt: skip
def test_malformed_and_hostile_files_get_a_clear_error(data, problem):
    with pytest.raises(CalendarImportError) as caught:
        calendar_import(data=data)

    assert caught.value.problems[0].startswith(problem), caught.value.problems
    assert Event.objects.count() == 0


def test_size_and_count_are_limited(settings):
    settings.CSTOCAL_IMPORT_MAX_EVENTS = 2
    many = _calendar(*[_vevent(GOOD.replace("good@", f"e{n}@")) for n in range(3)])
    settings_bytes = len(many) - 1

    with pytest.raises(CalendarImportError) as count:
        calendar_import(data=many)
    settings.CSTOCAL_IMPORT_MAX_BYTES = settings_bytes
    with pytest.raises(CalendarImportError) as size:
        calendar_import(data=many)

    assert count.value.problems == ["The file has 3 events; at most 2 can be imported at once."]
    assert size.value.problems == [
        f"The file is {len(many)} bytes; at most {settings_bytes} can be imported."
    ]


def test_importics_command(tmp_path):
    good, bad = tmp_path / "good.ics", tmp_path / "bad.ics"
    good.write_bytes(_calendar(_vevent(GOOD)))
    bad.write_bytes(b"garbage")
    out = StringIO()

    call_command("importics", str(good), stdout=out)
    with pytest.raises(CommandError) as caught:
        call_command("importics", str(bad))
    with pytest.raises(CommandError) as missing:
        call_command("importics", str(tmp_path / "none.ics"))

    assert out.getvalue().strip() == f"Imported {good}: 1 created, 0 updated, 0 unchanged."
    assert str(caught.value).startswith("Nothing was imported:\n- The file is not an iCalendar")
    assert str(missing.value) == f"Cannot read {tmp_path / 'none.ics'}: No such file or directory"


def _upload(client, data: bytes):
    url = "/admin/events/event/import-ics/"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    token = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    upload = SimpleUploadedFile("calendar.ics", data, content_type="text/calendar")
    return client.post(
        url, {"csrfmiddlewaretoken": token, "file": upload, "language": "en"}, follow=True
    )


def test_admin_upload_imports_and_reports(superuser_client):
    response = _upload(superuser_client, _calendar(_vevent(GOOD)))

    soup = BeautifulSoup(response.content, "html.parser")
    assert [text_of(li) for li in soup.select("ul.messagelist li")] == [
        "Imported: 1 created, 0 updated, 0 unchanged."
    ]
    assert Event.objects.get().title_en == "Joint drill"


def test_admin_upload_lists_problems_and_writes_nothing(superuser_client):
    data = _calendar(_vevent(GOOD), _vevent(GOOD.replace("good@", "bad@") + "\nRRULE:FREQ=DAILY"))

    response = _upload(superuser_client, data)

    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert [text_of(li) for li in soup.select(".import-problems li")] == [
        "UID bad@example.org: recurring events are not supported; list each occurrence."
    ]
    assert Event.objects.count() == 0


def test_admin_changelist_links_to_the_upload(superuser_client):
    soup = BeautifulSoup(superuser_client.get("/admin/events/event/").content, "html.parser")

    assert soup.select_one('a[href="/admin/events/event/import-ics/"]') is not None


def test_staff_without_add_permission_cannot_upload(django_user_model):
    user = django_user_model.objects.create_user("reader", password="x" * 20, is_staff=True)
    client = Client()
    client.force_login(user)

    response = client.get("/admin/events/event/import-ics/")

    assert response.status_code == 403


def test_an_invalid_series_slug_is_refused():
    data = _calendar(_vevent(GOOD + "\nX-CSTOCAL-KIND:exercise\nX-CSTOCAL-SERIES:not a slug"))

    with pytest.raises(CalendarImportError) as caught:
        calendar_import(data=data)

    assert caught.value.problems == [
        "UID good@example.org: the series must be a slug such as “interaction”."
    ]
    assert ExerciseSeries.objects.count() == 0
