"""The schema.org Event (JSON-LD) of an event: built at the dates' precision, in
the page's head as a data block nothing can break out of, and on its own at
/events/<slug>.jsonld."""

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup
from django.utils.html import json_script

from events.enums import Kind, Precision, Status
from events.models import Event
from events.web.structured_data import (
    SCRIPT_ESCAPES,
    event_document,
    event_summary,
    json_ld_script,
)
from tests.factories import EventFactory, ExerciseFactory, ExerciseSeriesFactory, TermFactory

pytestmark = pytest.mark.django_db

BASE = "https://calendar.example.org"
SOCHI_STATEMENT = {
    "@type": "CreativeWork",
    "name": "Statement by the President of Russia following the CSTO Collective Security "
    "Council session, Sochi",
    "datePublished": "2013-09-23",
    "url": "http://testserver/sources/csc-session-sochi-2013/",
}


def _document(event, language="en", statements=()):
    return event_document(event, language=language, base_url=BASE, statements=statements)


def _data_blocks(content: bytes) -> list:
    soup = BeautifulSoup(content, "html.parser")
    return soup.select('head script[type="application/ld+json"]')


def _page_document(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    blocks = _data_blocks(response.content)
    assert len(blocks) == 1
    return json.loads(blocks[0].string)


def test_day_precision_exercise_gives_its_days_and_host_country():
    series = ExerciseSeriesFactory(slug="interaction", name_en="Interaction")
    event = ExerciseFactory(
        series=series,
        series_year=2013,
        slug="interaction-2013",
        start_date=dt.date(2013, 9, 19),
        end_date=dt.date(2013, 9, 25),
        country="BY",
    )

    document = _document(event)

    assert document == {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": f"urn:uuid:{event.uid}",
        "name": "Interaction-2013",
        "url": f"{BASE}/events/interaction-2013/",
        "inLanguage": "en",
        "startDate": "2013-09-19",
        "endDate": "2013-09-25",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": "Belarus",
            "address": {"@type": "PostalAddress", "addressCountry": "BY"},
        },
        "organizer": {
            "@type": "Organization",
            "name": "Collective Security Treaty Organization",
            "url": f"{BASE}/",
        },
        "description": "Interaction-2013 · 19–25 September 2013 · Belarus",
    }


def test_month_precision_dates_are_written_as_the_month():
    event = EventFactory(
        start_date=dt.date(2014, 8, 1),
        start_precision=Precision.MONTH,
        end_date=dt.date(2014, 8, 31),
        end_precision=Precision.MONTH,
    )

    document = _document(event)

    assert (document["startDate"], document["endDate"]) == ("2014-08", "2014-08")


def test_year_precision_dates_are_written_as_the_year():
    term = TermFactory(
        country="RU",
        start_date=dt.date(2013, 9, 23),
        end_date=dt.date(2014, 12, 31),
        end_precision=Precision.YEAR,
    )
    budget = EventFactory(
        kind=Kind.MILESTONE,
        country="",
        start_date=dt.date(2014, 1, 1),
        start_precision=Precision.YEAR,
        end_date=dt.date(2014, 12, 31),
        end_precision=Precision.YEAR,
    )

    assert (_document(term)["startDate"], _document(term)["endDate"]) == ("2013-09-23", "2014")
    assert (_document(budget)["startDate"], _document(budget)["endDate"]) == ("2014", "2014")


def test_timed_summit_gives_datetimes_with_the_offset_of_its_zone():
    summit = EventFactory(
        start_date=dt.date(2013, 9, 23),
        start_time=dt.time(10, 0),
        end_time=dt.time(13, 30),
        time_zone="Europe/Moscow",
        place_en="Sochi",
    )

    document = _document(summit)

    # Moscow kept UTC+4 all year from 2011 to 2014.
    assert document["startDate"] == "2013-09-23T10:00:00+04:00"
    assert document["endDate"] == "2013-09-23T13:30:00+04:00"
    assert document["location"]["name"] == "Sochi"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.TENTATIVE, "https://schema.org/EventScheduled"),
        (Status.CONFIRMED, "https://schema.org/EventScheduled"),
        (Status.POSTPONED, "https://schema.org/EventPostponed"),
        (Status.CANCELLED, "https://schema.org/EventCancelled"),
    ],
)
def test_each_status_has_its_schema_org_event_status(status, expected):
    event = EventFactory(status=status)

    assert _document(event)["eventStatus"] == expected


def test_every_status_the_calendar_keeps_is_mapped():
    for status in Status.values:
        assert _document(EventFactory(status=status))["eventStatus"].startswith(
            "https://schema.org/Event"
        )


def test_cancelled_event_says_so_in_its_summary():
    event = EventFactory(title_en="Rubezh drills", status=Status.CANCELLED, country="TJ")

    assert (
        event_summary(event, "en") == "Rubezh drills · 23 September 2013 · Tajikistan · Cancelled"
    )
    assert event_summary(event, "ru").endswith("· Таджикистан · Отменено")


def test_place_and_coordinates_make_the_location():
    event = EventFactory(
        title_en="Council session",
        place_en="Sochi",
        place_ru="Сочи",
        country="RU",
        latitude="43.58547",
        longitude="39.72310",
    )

    document = _document(event)

    assert document["location"] == {
        "@type": "Place",
        "name": "Sochi",
        "address": {"@type": "PostalAddress", "addressCountry": "RU"},
        "geo": {"@type": "GeoCoordinates", "latitude": 43.58547, "longitude": 39.7231},
    }
    assert document["description"] == "Council session · 23 September 2013 · Sochi, Russia"


def test_an_event_without_place_or_country_still_has_a_location():
    event = EventFactory(country="", title_en="Next session")

    assert _document(event)["location"] == {"@type": "Place", "name": "Place not announced"}
    assert _document(event, "ru")["location"] == {"@type": "Place", "name": "Место не объявлено"}


def test_an_undated_event_has_no_event_document(client):
    EventFactory(slug="operation", kind=Kind.OPERATION, start_date=None, end_date=None)

    assert _document(Event.objects.get(slug="operation")) is None
    response = client.get("/events/operation/")
    assert response.status_code == 200
    assert _data_blocks(response.content) == []
    assert b"application/ld+json" not in response.content
    assert client.get("/events/operation.jsonld").status_code == 404


def test_every_dated_seed_event_has_what_google_requires(seeded):
    dated = Event.objects.public().dated().for_display()

    for event in dated:
        for language in ("en", "ru"):
            document = _document(event, language)
            assert document["name"], event.slug
            assert document["startDate"], event.slug
            assert document["location"]["@type"] == "Place"
            assert document["location"]["name"], event.slug
    assert dated.count() == 11


def test_seed_event_page_cites_the_statement_page(seeded, client):
    document = _page_document(client, "/events/interaction-2013/")

    assert document["citation"] == [SOCHI_STATEMENT]
    assert document["url"] == "http://testserver/events/interaction-2013/"


def test_russian_page_gives_the_russian_document(seeded, client):
    document = _page_document(client, "/ru/events/interaction-2013/")

    assert document["name"] == "Взаимодействие-2013"
    assert document["inLanguage"] == "ru"
    assert document["url"] == "http://testserver/ru/events/interaction-2013/"
    assert document["location"]["name"] == "Беларусь"
    assert document["organizer"] == {
        "@type": "Organization",
        "name": "Организация Договора о коллективной безопасности",
        "url": "http://testserver/ru/",
    }
    assert document["description"] == (
        "Взаимодействие-2013 · 19–25 сентября 2013\u202fг. · Беларусь"
    )
    assert document["citation"][0]["url"] == "http://testserver/ru/sources/csc-session-sochi-2013/"
    assert document["citation"][0]["name"].startswith("Заявление Президента России")


def test_a_source_kept_on_the_event_is_cited_when_no_statement_is():
    event = EventFactory(
        source_title="Joint staff plan",
        source_date=dt.date(2019, 2, 1),
        source_url="https://example.org/plan",
    )

    assert _document(event)["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Joint staff plan",
            "datePublished": "2019-02-01",
            "url": "https://example.org/plan",
        }
    ]


def test_title_that_closes_the_script_stays_inside_the_data_block(client):
    title = "</script><script>alert('x')</script> & <!-- Grom"
    EventFactory(slug="hostile", title_en=title)

    response = client.get("/events/hostile/")

    head = response.content.decode().split("</head>")[0]
    assert "</script><script>alert" not in head
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert" in head
    blocks = _data_blocks(response.content)
    assert len(blocks) == 1
    assert json.loads(blocks[0].string)["name"] == title
    soup = BeautifulSoup(response.content, "html.parser")
    assert [s for s in soup.select("script") if not s.get("src")] == blocks


def test_data_block_escapes_as_django_json_script_does():
    document = {"name": "<b>&</b>", "text": "Взаимодействие"}

    block = str(json_ld_script(document))

    assert block == (
        '<script type="application/ld+json">'
        '{"name": "\\u003Cb\\u003E\\u0026\\u003C/b\\u003E", "text": "Взаимодействие"}'
        "</script>"
    )
    django_block = str(json_script({"name": "<b>&</b>"}))
    assert '"\\u003Cb\\u003E\\u0026\\u003C/b\\u003E"' in django_block
    assert all(ord(c) in SCRIPT_ESCAPES for c in "<>&")


def test_page_links_the_document_served_on_its_own(seeded, client):
    page = client.get("/events/interaction-2013/")
    link = BeautifulSoup(page.content, "html.parser").select_one(
        'head link[rel="alternate"][type="application/ld+json"]'
    )

    response = client.get(link["href"])

    assert link["href"] == "/events/interaction-2013.jsonld"
    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=900"
    assert json.loads(response.content) == json.loads(_data_blocks(page.content)[0].string)


def test_russian_document_is_served_under_ru(seeded, client):
    response = client.get("/ru/events/grom-2013.jsonld")

    document = json.loads(response.content)
    assert (document["name"], document["inLanguage"]) == ("Гром-2013", "ru")
    assert document["startDate"] == "2013-09-20"


def test_document_answers_304_to_its_etag(seeded, client):
    first = client.get("/events/grom-2013.jsonld")

    again = client.get("/events/grom-2013.jsonld", headers={"If-None-Match": first["ETag"]})

    assert first.status_code == 200
    assert again.status_code == 304
    assert again.content == b""


def test_document_of_an_unpublished_event_is_not_found(client):
    EventFactory(slug="draft", published=False)

    response = client.get("/events/draft.jsonld")

    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert b"@context" not in response.content


def test_a_moved_event_is_rescheduled_from_its_previous_start_on_the_page_and_alone(client):
    session = EventFactory(
        start_date=dt.date(2014, 5, 1),
        start_precision=Precision.MONTH,
        end_date=dt.date(2014, 5, 31),
        end_precision=Precision.MONTH,
    )
    # Made precise: still scheduled, nothing was moved.
    session.start_date = session.end_date = dt.date(2014, 5, 28)
    session.start_precision = session.end_precision = Precision.DAY
    session.save()
    assert _page_document(client, f"/events/{session.slug}/")["eventStatus"] == (
        "https://schema.org/EventScheduled"
    )

    session.start_date = session.end_date = dt.date(2014, 12, 23)
    session.save()

    for document in (
        _page_document(client, f"/events/{session.slug}/"),
        json.loads(client.get(f"/events/{session.slug}.jsonld").content),
    ):
        assert document["eventStatus"] == "https://schema.org/EventRescheduled"
        assert document["previousStartDate"] == "2014-05-28"
        assert document["startDate"] == "2014-12-23"

    session.status = Status.CANCELLED
    session.save()
    cancelled = _page_document(client, f"/events/{session.slug}/")
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert "previousStartDate" not in cancelled
