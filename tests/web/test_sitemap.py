"""/sitemap.xml: the published events, the statements and their list, the home page
and the months that hold events, each in both languages with its alternates and
last change; robots.txt points to it; it costs a few queries, whatever it lists."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from events.enums import Kind, Precision
from events.models import Event, Statement
from tests.factories import EventFactory, ExerciseFactory, TermFactory

pytestmark = pytest.mark.django_db

SITE = "https://calendar.example.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _changed(model, at: dt.datetime, **lookup) -> None:
    field = "updated_at" if model is Event else "updated"
    model.objects.filter(**lookup).update(**{field: at})


def _entries(client) -> dict[str, dict]:
    """Each <url>: its address → last change and alternates (hreflang → address)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    # Our own answer, from the test server: not untrusted XML.
    root = ET.fromstring(response.content)  # noqa: S314
    entries = {}
    for url in root.findall("s:url", NS):
        lastmod = url.find("s:lastmod", NS)
        entries[url.findtext("s:loc", namespaces=NS)] = {
            "lastmod": lastmod.text if lastmod is not None else None,
            "alternates": {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
            },
        }
    return entries


@pytest.fixture
def calendar(settings):
    settings.CSTOCAL_SITE_URL = SITE
    ExerciseFactory(
        slug="grom-2013", start_date=dt.date(2013, 9, 20), end_date=dt.date(2013, 9, 20)
    )
    TermFactory(
        slug="chairmanship-russia-2013",
        country="RU",
        start_date=dt.date(2013, 9, 23),
        end_date=dt.date(2014, 2, 28),
        end_precision=Precision.MONTH,
    )
    EventFactory(slug="operation", kind=Kind.OPERATION, start_date=None, end_date=None)
    EventFactory(slug="draft", published=False, start_date=dt.date(2015, 5, 5))
    Statement.objects.create(slug="sochi-2013", title_en="Sochi", date=dt.date(2013, 9, 23))
    _changed(Event, dt.datetime(2024, 1, 5, tzinfo=dt.UTC), slug="grom-2013")
    _changed(Event, dt.datetime(2024, 3, 1, tzinfo=dt.UTC), slug="chairmanship-russia-2013")
    _changed(Event, dt.datetime(2024, 2, 1, tzinfo=dt.UTC), slug="operation")
    _changed(Event, dt.datetime(2025, 1, 1, tzinfo=dt.UTC), slug="draft")
    _changed(Statement, dt.datetime(2023, 6, 1, tzinfo=dt.UTC), slug="sochi-2013")


def test_sitemap_lists_every_public_page_in_both_languages(calendar, client):
    entries = _entries(client)

    english = [
        "/",
        "/sources/",
        "/events/grom-2013/",
        "/events/chairmanship-russia-2013/",
        "/events/operation/",
        "/sources/sochi-2013/",
        *[f"/{y}/{m:02d}/" for y, m in [(2013, 9), (2013, 10), (2013, 11), (2013, 12)]],
        "/2014/01/",
        "/2014/02/",
    ]
    expected = {SITE + path for path in english} | {f"{SITE}/ru{path}" for path in english}
    assert set(entries) == expected
    assert len(entries) == len(expected)


def test_sitemap_leaves_out_unpublished_events_and_their_months(calendar, client):
    entries = _entries(client)

    assert not [loc for loc in entries if "draft" in loc or "/2015/" in loc]
    assert f"{SITE}/2014/03/" not in entries
    assert f"{SITE}/2013/08/" not in entries


def test_sitemap_gives_each_address_its_last_change(calendar, client):
    entries = _entries(client)

    lastmod = {loc.removeprefix(SITE): entry["lastmod"] for loc, entry in entries.items()}
    assert lastmod["/events/grom-2013/"] == "2024-01-05"
    assert lastmod["/ru/events/chairmanship-russia-2013/"] == "2024-03-01"
    assert lastmod["/events/operation/"] == "2024-02-01"
    assert lastmod["/sources/sochi-2013/"] == "2023-06-01"
    assert lastmod["/sources/"] == "2023-06-01"
    # September holds both events, later months the term alone.
    assert lastmod["/2013/09/"] == "2024-03-01"
    assert lastmod["/ru/2014/02/"] == "2024-03-01"
    # The home page changes with any published event or statement; the draft's
    # later change is not seen.
    assert lastmod["/"] == "2024-03-01"


def test_sitemap_gives_each_address_its_alternates(calendar, client):
    entries = _entries(client)

    for path in ["/events/grom-2013/", "/2013/09/", "/", "/sources/sochi-2013/"]:
        alternates = {
            "en": f"{SITE}{path}",
            "ru": f"{SITE}/ru{path}",
            "x-default": f"{SITE}{path}",
        }
        assert entries[f"{SITE}{path}"]["alternates"] == alternates
        assert entries[f"{SITE}/ru{path}"]["alternates"] == alternates


def test_x_default_of_a_slug_named_like_a_language_is_its_english_address(client, settings):
    settings.CSTOCAL_SITE_URL = SITE
    EventFactory(slug="en")

    entries = _entries(client)

    assert entries[f"{SITE}/ru/events/en/"]["alternates"]["x-default"] == f"{SITE}/events/en/"


def test_sitemap_without_a_site_url_uses_the_request(seeded, client):
    entries = _entries(client)

    assert "http://testserver/events/interaction-2013/" in entries
    assert "http://testserver/ru/2013/09/" in entries
    assert "http://testserver/ru/sources/csc-session-sochi-2013/" in entries
    # The next summit, known only to the year, holds every month of 2014.
    assert {f"http://testserver/2014/{m:02d}/" for m in range(1, 13)} <= set(entries)
    # The activity plan runs to 2020; nothing is on before December 2012.
    assert "http://testserver/2020/12/" in entries
    assert "http://testserver/2021/01/" not in entries
    assert "http://testserver/2012/11/" not in entries


def test_sitemap_sees_a_change_at_once(calendar, client):
    _entries(client)
    EventFactory(slug="new-session", start_date=dt.date(2016, 4, 4))

    entries = _entries(client)

    assert f"{SITE}/events/new-session/" in entries
    assert f"{SITE}/ru/2016/04/" in entries


def test_robots_txt_names_the_sitemap(client, settings):
    settings.CSTOCAL_SITE_URL = SITE

    response = client.get("/robots.txt")

    assert response.content.decode().splitlines()[-1] == f"Sitemap: {SITE}/sitemap.xml"


@pytest.mark.parametrize("count", [1, 3])
def test_sitemap_query_count_is_constant(client, django_assert_num_queries, count):
    for number in range(count):
        TermFactory(
            country="KZ",
            start_date=dt.date(2013 + 2 * number, 1, 1),
            end_date=dt.date(2014 + 2 * number, 1, 1),
        )
        Statement.objects.create(slug=f"s-{number}", title_en="S", date=dt.date(2013, 1, 1))

    # The change stamp, the events' dates, the statements; the same again comes
    # from the cache, with the stamp, in one trip.
    with django_assert_num_queries(3):
        body = client.get("/sitemap.xml").content
    with django_assert_num_queries(0):
        again = client.get("/sitemap.xml").content

    assert body.count(b"<url>") == 2 * (2 + count + count + 13 * count)
    assert again == body
