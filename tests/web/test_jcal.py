"""The feeds as jCal (RFC 7265): the same calendar as the .ics at the same address,
with the feed's HTTP contract."""

import datetime as dt
import gzip
import hashlib
import json
import threading

import pytest
from django.utils.http import http_date
from icalendar import Calendar

from events.delivery import feed_background, jcal_store
from events.domain.seeding import seed_load
from events.enums import Precision, Status
from events.models import CalendarStamp, Event
from events.seed.statement_2013 import seed_uid
from tests.factories import EventFactory, ExerciseFactory

pytestmark = pytest.mark.django_db

JCAL = "/calendar.jcal"
JCAL_TYPE = "application/calendar+json; charset=utf-8"
INTERACTION = "/events/interaction-2013.jcal"


def _jcal(client, url=JCAL, headers=None):
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200, response.getvalue()
    assert response["Content-Type"] == JCAL_TYPE
    return response


def _parsed(response) -> Calendar:
    return Calendar.from_jcal(response.getvalue().decode())


def _ics(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    return Calendar.from_ical(response.getvalue())


def _components(calendar: Calendar) -> list[tuple[str, list[tuple[str, dict, bytes]]]]:
    """Every component in order, each property with its parameters and value.
    VALUE is left out of the parameters: jCal says a value's type in a place of
    its own, and icalendar writes it back only where it cannot assume it."""
    found = []
    for component in calendar.walk():
        properties = []
        for name, value in component.items():
            for one in value if isinstance(value, list) else [value]:
                params = {key: v for key, v in one.params.items() if key != "VALUE"}
                properties.append((name, params, one.to_ical()))
        found.append((component.name, properties))
    return found


def _summaries(calendar: Calendar) -> list[str]:
    return sorted(str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT"))


def _vevent(calendar: Calendar, uid) -> object:
    [vevent] = [v for v in calendar.walk("VEVENT") if str(v["UID"]) == str(uid)]
    return vevent


def _timed_event():
    return EventFactory(
        title_en="Briefing",
        start_date=dt.date(2013, 9, 24),
        start_time=dt.time(10),
        end_time=dt.time(12),
        time_zone="Europe/Moscow",
    )


EVERY_DATED_SEED_EVENT = [
    "Activity plan for military cooperation through 2020",
    "Briefing",
    "CSTO budget for 2014",
    "Chairmanship: Kyrgyzstan",
    "Chairmanship: Russia",
    "Collective Security Council session, Moscow",
    "Collective Security Council session, Sochi",
    "Grom-2013",
    "Informal Collective Security Council summit, Bishkek",
    "Interaction-2013",
    "Next Collective Security Council session",
    "Unbreakable Brotherhood-2013",
]


@pytest.mark.parametrize(
    ("query", "summaries"),
    [
        ("", EVERY_DATED_SEED_EVENT),
        ("?series=interaction", ["Interaction-2013"]),
        ("?kind=exercise", ["Grom-2013", "Interaction-2013", "Unbreakable Brotherhood-2013"]),
        ("?series=interaction&kind=exercise", ["Interaction-2013"]),
        ("?kind=exercise&lang=ru", ["Взаимодействие-2013", "Гром-2013", "Нерушимое братство-2013"]),
        ("?q=nothing+matches+this", []),
    ],
)  # fmt: skip
def test_calendar_jcal_holds_what_the_ics_feed_at_its_address_holds(
    seeded, client, query, summaries
):
    _timed_event()
    EventFactory(title_en="Undated", start_date=None, end_date=None)
    EventFactory(title_en="Draft", published=False)

    jcal = _parsed(_jcal(client, JCAL + query))
    ics = _ics(client, "/calendar.ics" + query)

    assert _components(jcal) == _components(ics)
    assert _summaries(jcal) == sorted(summaries)


def test_calendar_jcal_in_russian_holds_what_the_russian_feed_holds(seeded, client):
    jcal = _parsed(_jcal(client, JCAL + "?lang=ru"))
    ics = _ics(client, "/calendar.ics?lang=ru")

    assert _components(jcal) == _components(ics)
    assert str(_vevent(jcal, seed_uid("grom-2013"))["SUMMARY"]) == "Гром-2013"
    assert _jcal(client, JCAL + "?lang=ru")["Content-Language"] == "ru"


@pytest.mark.parametrize("query", ["", "?lang=ru"])
def test_event_jcal_holds_what_the_event_feed_holds(seeded, client, query):
    jcal = _parsed(_jcal(client, INTERACTION + query))
    ics = _ics(client, "/events/interaction-2013.ics" + query)

    assert _components(jcal) == _components(ics)
    assert [str(v["UID"]) for v in jcal.walk("VEVENT")] == [str(seed_uid("interaction-2013"))]


def test_jcal_dates_are_those_of_the_feed(seeded, client):
    timed = _timed_event()
    cancelled = EventFactory(title_en="Drill", status=Status.CANCELLED)

    jcal = _parsed(_jcal(client))

    interaction = _vevent(jcal, seed_uid("interaction-2013"))
    assert interaction.decoded("DTSTART") == dt.date(2013, 9, 19)
    assert interaction.decoded("DTEND") == dt.date(2013, 9, 26)  # exclusive, as in the feed
    assert interaction["SEQUENCE"] == 0
    briefing = _vevent(jcal, timed.uid)
    assert briefing["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert briefing.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(
        2013, 9, 24, 6, tzinfo=dt.UTC
    )
    assert [str(tz["TZID"]) for tz in jcal.walk("VTIMEZONE")] == ["Europe/Moscow"]
    budget = _vevent(jcal, seed_uid("budget-2014"))  # known only to the year
    assert (budget.decoded("DTSTART"), budget.decoded("DTEND")) == (
        dt.date(2014, 1, 1),
        dt.date(2015, 1, 1),
    )
    assert str(budget["STATUS"]) == "TENTATIVE"
    assert str(_vevent(jcal, cancelled.uid)["STATUS"]) == "CANCELLED"


def test_jcal_has_the_shape_rfc_7265_gives_it(seeded, client):
    timed = _timed_event()

    document = json.loads(_jcal(client).getvalue())

    assert len(document) == 3
    name, properties, components = document
    assert name == "vcalendar"
    assert ["version", {}, "text", "2.0"] in properties
    for component in [document, *components]:
        assert [type(part) for part in component] == [str, list, list]
        assert component[0] == component[0].lower()
        for prop in component[1]:
            assert len(prop) >= 4
            assert [type(part) for part in prop[:3]] == [str, dict, str]
            assert prop[0] == prop[0].lower()
    vevents = {
        next(p[3] for p in c[1] if p[0] == "uid"): c[1] for c in components if c[0] == "vevent"
    }
    interaction = vevents[str(seed_uid("interaction-2013"))]
    assert ["dtstart", {}, "date", "2013-09-19"] in interaction
    assert ["dtend", {}, "date", "2013-09-26"] in interaction
    assert ["sequence", {}, "integer", 0] in interaction
    assert ["summary", {}, "text", "Interaction-2013"] in interaction
    briefing = vevents[str(timed.uid)]
    assert ["dtstart", {"tzid": "Europe/Moscow"}, "date-time", "2013-09-24T10:00:00"] in briefing
    assert ["dtend", {"tzid": "Europe/Moscow"}, "date-time", "2013-09-24T12:00:00"] in briefing


def test_jcal_rises_with_a_change_as_the_feed_does(client):
    event = EventFactory(title_en="Drill", start_date=dt.date(2013, 9, 23))
    first = _jcal(client)

    event.title_en = "Exercise drill"
    event.end_date = dt.date(2013, 9, 25)
    event.save()
    second = _jcal(client)

    assert second["ETag"] != first["ETag"]
    assert second.getvalue() != first.getvalue()
    vevent = _vevent(_parsed(second), event.uid)
    assert (str(vevent["SUMMARY"]), vevent["SEQUENCE"]) == ("Exercise drill", 1)
    assert vevent.decoded("DTEND") == dt.date(2013, 9, 26)
    assert client.get(JCAL, headers={"If-None-Match": first["ETag"]}).status_code == 200


def test_jcal_headers_are_the_feeds(seeded, client):
    response = _jcal(client, JCAL + "?kind=exercise")
    stamp = CalendarStamp.read()

    assert response["Content-Disposition"] == 'inline; filename="cstocal.jcal"'
    assert response["Cache-Control"] == "public, max-age=900"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Language"] == "en"
    assert response["Vary"] == "Accept-Encoding"
    assert response["Last-Modified"] == http_date(int(stamp.changed_at.timestamp()))
    # Strong, from the bytes.
    assert response["ETag"] == f'"{hashlib.sha256(response.getvalue()).hexdigest()[:32]}"'
    assert response["Content-Length"] == str(len(response.getvalue()))
    assert not response.has_header("Set-Cookie")
    assert _jcal(client, INTERACTION)["Content-Disposition"] == (
        'inline; filename="interaction-2013.jcal"'
    )


@pytest.mark.parametrize("url", [JCAL, JCAL + "?series=interaction", INTERACTION])
def test_jcal_answers_304_with_no_query(seeded, client, django_assert_num_queries, url):
    first = _jcal(client, url)

    with django_assert_num_queries(0):
        by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    with django_assert_num_queries(0):
        by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.getvalue() == by_date.getvalue() == b""
    assert by_etag["ETag"] == first["ETag"]
    assert by_date["Last-Modified"] == first["Last-Modified"]


def test_jcal_is_sent_again_from_the_cache_with_no_query(seeded, client, django_assert_num_queries):
    first = _jcal(client)

    with django_assert_num_queries(0):
        again = _jcal(client)

    assert again.getvalue() == first.getvalue()
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("count", [1, 3])
def test_jcal_query_count_is_constant(client, django_assert_num_queries, count):
    for day in range(count):
        ExerciseFactory(start_date=dt.date(2013, 9, 10 + day), participants=["BY", "RU"])

    # The feed's: the change stamp, the time zones, the series' names, the
    # events' versions and the events to serialise.
    with django_assert_num_queries(5):
        body = _jcal(client).getvalue()
    with django_assert_num_queries(0):
        ics = client.get("/calendar.ics").getvalue()  # built once, for both

    assert len(_parsed_bytes(body).walk("VEVENT")) == count
    assert _components(_parsed_bytes(body)) == _components(Calendar.from_ical(ics))


def _parsed_bytes(body: bytes) -> Calendar:
    return Calendar.from_jcal(body.decode())


def test_jcal_gzip_is_the_same_json_with_its_own_etag(seeded, client):
    plain = _jcal(client)
    packed = _jcal(client, headers={"Accept-Encoding": "gzip"})

    assert packed["Content-Encoding"] == "gzip"
    assert not plain.has_header("Content-Encoding")
    assert gzip.decompress(packed.getvalue()) == plain.getvalue()
    assert packed["ETag"] == plain["ETag"][:-1] + '-gzip"'
    assert packed["Content-Length"] == str(len(packed.getvalue()))
    same = client.get(JCAL, headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]})
    other = client.get(JCAL, headers={"If-None-Match": packed["ETag"]})
    assert (same.status_code, other.status_code) == (304, 200)


def test_jcal_answers_head_as_get_without_a_body(seeded, client):
    got = _jcal(client)

    head = client.head(JCAL)

    assert head.status_code == 200
    assert head.getvalue() == b""
    for header in ("Content-Type", "ETag", "Last-Modified", "Content-Length", "Cache-Control"):
        assert head[header] == got[header]
    assert client.post(JCAL).status_code == 405


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kind=nope", "There is no kind “nope”."),
        ("?lang=xx", "lang must be one of: en, ru."),
        ("?series=nope", None),
    ],
)
def test_jcal_refuses_what_the_feed_refuses_with_the_same_400(seeded, client, query, message):
    refused = client.get(JCAL + query)
    feed = client.get("/calendar.ics" + query)

    assert refused.status_code == feed.status_code == 400
    assert refused["Content-Type"] == "text/plain; charset=utf-8"
    assert refused.getvalue() == feed.getvalue()
    if message:
        assert message in refused.getvalue().decode()


def test_event_jcal_refuses_an_unknown_language(seeded, client):
    refused = client.get(INTERACTION + "?lang=xx")

    assert refused.status_code == 400
    assert refused.getvalue() == b"lang must be one of: en, ru.\n"


def test_event_jcal_of_an_unknown_or_unpublished_event_is_not_found(seeded, client):
    EventFactory(slug="draft", published=False)

    assert client.get("/events/nope.jcal").status_code == 404
    assert client.get("/events/draft.jcal").status_code == 404
    assert "Session" not in " ".join(_summaries(_parsed(_jcal(client))))


def test_unpublishing_an_event_takes_it_out_of_every_jcal(seeded, client):
    before = _jcal(client, INTERACTION)
    assert "Interaction-2013" in _summaries(_parsed(_jcal(client)))

    event = Event.objects.get(slug="interaction-2013")
    event.published = False
    event.save()

    gone = client.get(INTERACTION, headers={"If-None-Match": before["ETag"]})
    assert gone.status_code == 404
    assert "Interaction-2013" not in _summaries(_parsed(_jcal(client)))


def test_jcal_skips_the_layers_the_feed_skips(seeded, client):
    response = _jcal(client, JCAL, headers={"Accept-Language": "ru"})

    assert response["Content-Language"] == "en"
    assert response["Vary"] == "Accept-Encoding"
    assert not response.has_header("Set-Cookie")


def test_a_month_known_only_to_the_month_is_the_feeds_whole_month(client):
    event = EventFactory(
        start_date=dt.date(2014, 8, 1),
        start_precision=Precision.MONTH,
        end_date=dt.date(2014, 8, 31),
        end_precision=Precision.MONTH,
    )

    vevent = _vevent(_parsed(_jcal(client)), event.uid)

    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (
        dt.date(2014, 8, 1),
        dt.date(2014, 9, 1),
    )
    assert str(vevent["STATUS"]) == "TENTATIVE"


@pytest.mark.parametrize(
    ("page", "jcal"),
    [
        ("/2013/09/?kind=exercise", "http://testserver/calendar.jcal?kind=exercise"),
        ("/ru/2013/09/?series=interaction", "http://testserver/calendar.jcal?series=interaction&lang=ru"),
        ("/", "http://testserver/calendar.jcal"),
    ],
)  # fmt: skip
def test_pages_offer_the_jcal_of_what_they_show(seeded, client, soup_of, page, jcal):
    soup = soup_of(page)

    [link] = soup.select('.subscribe-links a[type="application/calendar+json"]')

    assert link["href"] == jcal
    assert link["type"] == "application/calendar+json"
    assert client.get(jcal.removeprefix("http://testserver")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_large_calendars_jcal_is_converted_beside_the_request(client, settings, monkeypatch):
    """Converting a large feed parses all of it: like the feed's own first build, it
    runs on a thread of its own and the request is answered 503 with Retry-After
    rather than outlast the server's timeout."""
    seed_load()
    client.get("/calendar.ics")  # the feed itself is built (and small enough to wait for)
    settings.CSTOCAL_FEED_BACKGROUND_EVENTS = 5
    settings.CSTOCAL_FEED_WAIT_SECONDS = 0.2
    monkeypatch.setattr(feed_background, "_builds", {})
    release = threading.Event()
    convert = jcal_store.jcal_bytes

    def slow(ics):
        release.wait(10)
        return convert(ics)

    monkeypatch.setattr(jcal_store, "jcal_bytes", slow)

    waiting = client.get(JCAL)
    release.set()
    (future,) = feed_background._builds.values()
    future.result(timeout=10)
    ready = client.get(JCAL)

    assert waiting.status_code == 503
    assert int(waiting["Retry-After"]) >= 30
    assert ready.status_code == 200
    assert _components(_parsed(ready)) == _components(_ics(client, "/calendar.ics"))
