"""Feeds, pages and the API against what anyone can put in an address, and feeds
under load: every filter value is judged the same way everywhere, no spelling
of a search costs a file of its own, anonymous variety cannot crowd the
calendar's own feeds off the disk, a version being served is never lost to a
concurrent build, and even an empty feed is a calendar with a component.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import sys
import threading
import uuid
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from events.delivery import feed_files, feed_store
from events.delivery.stamp import CACHE_KEY as STAMP_KEY
from events.delivery.stamp import current_stamp
from events.domain.ical.feed import EMPTY_CALENDAR_ZONE
from events.models import CalendarStamp, Event
from tests.conftest import database_state, text_of
from tests.factories import EventFactory, ExerciseFactory, ExerciseSeriesFactory
from tests.ical_oracle import build_calendar, ical_bytes

pytestmark = pytest.mark.django_db

FEED = "/calendar.ics"
WHOLE_FEED = "http://testserver/calendar.ics"  # its address, and so its key
# The home page takes no filters: "/?kind=…" goes to the current month, below.
PAGES = ["/2013/09/", "/2013/", "/agenda/", "/timeline/"]

NO_SEARCH = "The search text holds control characters or bytes that are not UTF-8."
TOO_LONG = "The search text is longer than 100 characters."
# Real ISO codes, one more than a parameter may hold.
TWENTY_ONE_COUNTRIES = sorted(
    {"AM", "AZ", "BY", "CN", "DK", "FI", "GE", "IN", "IR", "KG", "KZ"}
    | {"MD", "MN", "NO", "RU", "SE", "TJ", "TM", "TR", "UA", "UZ"}
)

# (query string, the problem pages, feeds and the API name, the API's field).
HOSTILE = [
    ("series=%00", "There is no exercise series “\\u0000”.", "series"),
    ("series=nope", "There is no exercise series “nope”.", "series"),
    ("series=%E2%80%A8", "There is no exercise series “\\u2028”.", "series"),
    (
        "series=" + "a" * 10_000,
        "There is no exercise series “" + "a" * 40 + "…”.",
        "series",
    ),
    ("kind=%00", "There is no kind “\\u0000”.", "kind"),
    # A lone surrogate's UTF-8 bytes are not UTF-8: they decode to three U+FFFD.
    ("kind=%ED%A0%80", "There is no kind “\\ufffd\\ufffd\\ufffd”.", "kind"),
    ("country=%00", "“\\u0000” is not an ISO 3166 country code.", "country"),
    ("country=%E2%80%A8", "“\\u2028” is not an ISO 3166 country code.", "country"),
    ("q=%00", NO_SEARCH, "q"),
    ("q=grom%00", NO_SEARCH, "q"),
    ("q=%E2%80%A8", NO_SEARCH, "q"),
    ("q=%C2%85", NO_SEARCH, "q"),  # NEL
    ("q=a%0Ab", NO_SEARCH, "q"),
    ("q=%09grom", NO_SEARCH, "q"),
    ("q=%ED%A0%80", NO_SEARCH, "q"),
    ("q=" + "a" * 10_000, TOO_LONG, "q"),
    ("q=" + "ß" * 60, TOO_LONG, "q"),  # 60 typed, 120 once folded ("ss")
    (
        "&".join(f"series=s{n}" for n in range(500)),
        "More than 20 values of “series” were given.",
        "series",
    ),
    (
        "kind=" + ",".join(f"k{n}" for n in range(500)),
        "More than 20 values of “kind” were given.",
        "kind",
    ),
]
HOSTILE_IDS = [query[:24] for query, _, _ in HOSTILE]


def _notices(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [text_of(li) for li in soup.select(".notice li")]


def _feed_url_offered(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("#feed-url")["value"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("query", "error", "field"), HOSTILE, ids=HOSTILE_IDS)
def test_pages_name_a_hostile_filter_value_and_ignore_it(seeded, client, page, query, error, field):
    response = client.get(f"{page}?{query}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert _notices(response) == [error]
    # Ignored: the page shows (and offers the feed of) the whole calendar.
    assert _feed_url_offered(response) == "http://testserver/calendar.ics"


@pytest.mark.parametrize(("query", "error", "field"), HOSTILE, ids=HOSTILE_IDS)
def test_home_passes_a_hostile_filter_to_the_month_that_names_it(
    seeded, client, query, error, field
):
    response = client.get(f"/?{query}", follow=True)

    assert response.redirect_chain[0][1] == 302
    assert response.status_code == 200
    assert _notices(response) == [error]


@pytest.mark.parametrize(("query", "error", "field"), HOSTILE, ids=HOSTILE_IDS)
def test_feeds_refuse_a_hostile_filter_value_naming_it(seeded, client, query, error, field):
    before = database_state()

    response = client.get(f"{FEED}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == error + "\n"
    assert database_state() == before
    assert not feed_files.feed_dir().exists() or list(feed_files.feed_dir().iterdir()) == []


@pytest.mark.parametrize(("query", "error", "field"), HOSTILE, ids=HOSTILE_IDS)
def test_the_api_refuses_a_hostile_filter_value_in_the_same_words(
    seeded, client, query, error, field
):
    response = client.get(f"/api/events/?{query}")

    assert response.status_code == 400
    assert response.json() == {field: [error]}


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("series=nope,nada", {"series": ["There is no exercise series “nope”.",
                                         "There is no exercise series “nada”."]}),
        ("q=a%09", {"q": [NO_SEARCH]}),
        ("kind=exercise&kind=party&status=maybe", {
            "kind": ["There is no kind “party”."], "status": ["There is no status “maybe”."],
        }),
    ],
    ids=["two-series", "tab", "two-fields"],
)  # fmt: skip
def test_the_api_names_every_refused_value(seeded, client, query, errors):
    response = client.get(f"/api/events/?{query}")

    assert response.status_code == 400
    assert response.json() == errors


def test_a_page_keeps_the_valid_values_beside_a_refused_one(seeded, client):
    response = client.get("/2013/09/?kind=exercise,party&country=kg,XX")

    assert _notices(response) == [
        "There is no kind “party”.",
        "“XX” is not an ISO 3166 country code.",
    ]
    assert _feed_url_offered(response) == (
        "http://testserver/calendar.ics?kind=exercise&country=KG"
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert text_of(soup.select_one(".notice p")) == "These filters were ignored:"
    assert {text_of(a) for a in soup.select("#month-body a.event")} == {"▲ exercise: Grom-2013"}


def test_more_than_twenty_real_values_are_refused_everywhere(seeded, client):
    query = "country=" + ",".join(TWENTY_ONE_COUNTRIES)

    page = client.get(f"/2013/09/?{query}")
    feed = client.get(f"{FEED}?{query}")
    api = client.get(f"/api/events/?{query}")

    message = "More than 20 values of “country” were given."
    assert _notices(page) == [message]
    assert (feed.status_code, feed.content.decode()) == (400, message + "\n")
    assert (api.status_code, api.json()) == (400, {"country": [message]})


@pytest.mark.parametrize("lang", ["%00", "%ED%A0%80", "%E2%80%A8", "x" * 10_000])
def test_feeds_refuse_a_hostile_language(seeded, client, lang):
    response = client.get(f"{FEED}?lang={lang}")

    assert response.status_code == 400
    assert response.content.decode() == "lang must be one of: en, ru.\n"


def test_repeating_one_value_is_reading_it_once_everywhere(seeded, client):
    query = "&".join(["kind=exercise"] * 500)

    page = client.get(f"/2013/09/?{query}")
    feed = client.get(f"{FEED}?{query}")
    api = client.get(f"/api/events/?{query}")

    assert _notices(page) == []
    assert _feed_url_offered(page) == "http://testserver/calendar.ics?kind=exercise"
    assert feed.status_code == 200
    assert Calendar.from_ical(feed.getvalue())["SOURCE"] == (
        "http://testserver/calendar.ics?kind=exercise"
    )
    assert sorted(e["name_en"] for e in api.json()["results"]) == [
        "Grom-2013",
        "Interaction-2013",
        "Unbreakable Brotherhood-2013",
    ]


def test_the_api_reads_country_codes_as_pages_do(seeded, client):
    lower = client.get("/api/events/?country=kg&kind=exercise").json()
    upper = client.get("/api/events/?country=KG&kind=exercise").json()

    assert [e["name_en"] for e in lower["results"]] == ["Grom-2013"]
    assert lower == upper


def test_a_feed_of_an_unknown_series_is_refused_and_a_new_series_is_known_at_once(client):
    refused = client.get(f"{FEED}?series=rubezh")
    ExerciseFactory(series=ExerciseSeriesFactory(slug="rubezh", name_en="Rubezh"))

    accepted = client.get(f"{FEED}?series=rubezh")

    assert refused.status_code == 400
    assert refused.content.decode() == "There is no exercise series “rubezh”.\n"
    assert accepted.status_code == 200
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(accepted.getvalue()).walk("VEVENT")] == [
        "Rubezh-2013"
    ]


# One file per search, whatever its spelling -----------------------------------


def _versions(shelf: str | None = None) -> list[str]:
    """The feed versions on disk (by name, without extension), of one shelf or all."""
    folder = feed_files.feed_dir()
    names = {p.name.split(".", 1)[0] for p in folder.iterdir()} if folder.exists() else set()
    return sorted(name for name in names if shelf is None or name.startswith(shelf))


@pytest.mark.parametrize(
    "spellings",
    [
        ["t", "T", "t%20", "%20t", "%20%20T%20%20"],
        ["%D0%B5", "%D1%91", "%D0%81", "%D0%95"],  # е, ё, Ё, Е
        ["Interaction", "INTERACTION", "interaction,", "interaction%20%20"],
    ],
    ids=["t", "yo", "word"],
)
def test_every_spelling_of_a_search_shares_one_feed_file(seeded, client, spellings):
    responses = [client.get(f"{FEED}?q={spelling}") for spelling in spellings]

    sources = {str(Calendar.from_ical(r.getvalue())["SOURCE"]) for r in responses}
    assert [r.status_code for r in responses] == [200] * len(spellings)
    assert len({r.getvalue() for r in responses}) == 1
    assert len(sources) == 1
    assert sources.pop().startswith("http://testserver/calendar.ics?q=")
    assert len(_versions()) == 1


def test_a_page_offers_the_folded_search_as_its_feed(seeded, client):
    page = client.get("/2013/09/?q=%20ВЗАИМОДЁЙСТВИЕ%20")

    assert _feed_url_offered(page) == "http://testserver/calendar.ics?q=" + quote("взаимодействие")


def test_five_hundred_searches_leave_the_calendar_feeds_and_stay_within_bounds(
    seeded, client, django_assert_num_queries
):
    whole = client.get(FEED).getvalue()
    russian = client.get(f"{FEED}?lang=ru").getvalue()
    one_event = client.get("/events/interaction-2013.ics").getvalue()
    kept = _versions(feed_files.WHOLE) + _versions(feed_files.EVENT)

    statuses = {client.get(f"{FEED}?q=word{n}").status_code for n in range(500)}

    assert statuses == {200}
    assert len(_versions(feed_files.SEARCH)) == feed_files.MAX_FILTERED_FEEDS
    assert _versions(feed_files.WHOLE) + _versions(feed_files.EVENT) == kept
    assert len(kept) == 3
    # Served from the files still there: nothing is built again.
    feed_store._small.clear()
    with django_assert_num_queries(0):
        assert client.get(FEED).getvalue() == whole
        assert client.get(f"{FEED}?lang=ru").getvalue() == russian
    assert client.get("/events/interaction-2013.ics").getvalue() == one_event


def test_filtered_feeds_stay_within_their_byte_budget_searches_going_first(
    seeded, client, monkeypatch
):
    client.get(FEED)
    kinds = client.get(f"{FEED}?kind=exercise,summit,term,milestone")
    one = int(kinds["Content-Length"]) + len(
        client.get(
            f"{FEED}?kind=exercise,summit,term,milestone", HTTP_ACCEPT_ENCODING="gzip"
        ).getvalue()
    )
    # Room for the filter and about two searches as large.
    monkeypatch.setattr(feed_files, "FILTERED_BYTES", 3 * one + one // 2)

    for letter in "aeinorst":  # each matches about every event
        assert client.get(f"{FEED}?q={letter}").status_code == 200

    folder = feed_files.feed_dir()
    filtered = [
        p for p in folder.iterdir() if p.name[0] in (feed_files.FILTERED, feed_files.SEARCH)
    ]
    assert sum(p.stat().st_size for p in filtered) <= feed_files.FILTERED_BYTES
    assert len(_versions(feed_files.FILTERED)) == 1  # the filter outlived older searches
    assert 1 <= len(_versions(feed_files.SEARCH)) <= 3
    assert len(_versions(feed_files.WHOLE)) == 1


# A version being served is never lost ------------------------------------------


def _change(slug: str, place: str) -> None:
    event = Event.objects.get(slug=slug)
    event.place_en = place
    event.save()


def test_a_file_being_sent_survives_newer_versions(seeded, client, monkeypatch):
    monkeypatch.setattr(feed_store, "SMALL_BYTES", 100)  # every feed sent from its file
    version_a = client.get(FEED).getvalue()

    sending_a = client.get(FEED)  # its file is open; not a byte read yet
    for place in ("Minsk", "Pskov", "Orenburg"):
        _change("interaction-2013", place)
        assert f"LOCATION:{place}".encode() in client.get(FEED).getvalue()

    assert sending_a.streaming
    assert b"".join(sending_a.streaming_content) == version_a
    assert len(_versions(feed_files.WHOLE)) == 1  # version A's file itself is gone


def test_a_version_removed_after_it_was_picked_is_replaced_by_the_current_one(
    seeded, client, monkeypatch
):
    monkeypatch.setattr(feed_store, "SMALL_BYTES", 100)
    first = client.get(FEED)
    # Another server commits a change and, having built the new version in this
    # folder, removes the one this process still holds as current (it trusts its
    # stamp for FEED_STAMP_SECONDS).
    Event.objects.filter(slug="interaction-2013").update(
        place_en="Novosibirsk", revision=F("revision") + 1, updated_at=timezone.now()
    )
    CalendarStamp.objects.update(version=F("version") + 1, token=uuid.uuid4())
    cache.delete(STAMP_KEY)
    for path in feed_files.feed_dir().iterdir():
        path.unlink()

    plain = client.get(FEED)
    packed = client.get(FEED, headers={"Accept-Encoding": "gzip"})

    assert (plain.status_code, packed.status_code) == (200, 200)
    body = plain.getvalue()
    assert b"LOCATION:Novosibirsk" in body
    assert gzip.decompress(packed.getvalue()) == body
    assert plain["ETag"] != first["ETag"]
    assert client.get(FEED, headers={"If-None-Match": plain["ETag"]}).status_code == 304


def test_a_stale_build_never_removes_a_newer_version(seeded, client, monkeypatch):
    monkeypatch.setattr(feed_store, "SMALL_BYTES", 100)
    client.get(FEED)
    older = current_stamp()
    _change("grom-2013", "Osh")
    newer_body = client.get(FEED).getvalue()
    newer = _versions(feed_files.WHOLE)

    # A request that read the stamp before the change builds its version last.
    feed_store.build(WHOLE_FEED, older, **_whole_feed_contents())

    assert len(newer) == 1
    assert len(_versions(feed_files.WHOLE)) == 2
    assert set(newer) < set(_versions(feed_files.WHOLE))
    feed_store._small.clear()
    assert client.get(FEED).getvalue() == newer_body


def test_two_builds_under_one_stamp_never_share_a_file(seeded, monkeypatch):
    monkeypatch.setattr(feed_store, "BATCH", 3)
    stamp = current_stamp()
    first = feed_store.build(WHOLE_FEED, stamp, **_whole_feed_contents())
    # Committed by another process whose new stamp this one has not read yet.
    Event.objects.filter(slug="grom-2013").update(
        place_en="Osh", revision=F("revision") + 1, updated_at=timezone.now()
    )
    second = feed_store.build(WHOLE_FEED, stamp, **_whole_feed_contents())
    Event.objects.filter(slug="interaction-2013").update(
        place_en="Brest", revision=F("revision") + 1, updated_at=timezone.now()
    )
    third = feed_store.build(WHOLE_FEED, stamp, **_whole_feed_contents())

    assert len({first.name, second.name, third.name}) == 3
    for feed in (first, second, third):
        plain = feed_files.plain_path(feed).read_bytes()
        assert gzip.decompress(feed.path(gzip=True).read_bytes()) == plain
    # The third copied its unchanged batches from the second's files: the same
    # bytes as serialising every event.
    events = Event.objects.public().dated().for_display().order_by("pk")
    assert feed_files.plain_path(third).read_bytes() == ical_bytes(
        build_calendar(
            events,
            base_url="http://testserver",
            language="en",
            feed_url=WHOLE_FEED,
            page_url="http://testserver/",
        )
    )


def _whole_feed_contents() -> dict:
    """What the unfiltered English feed at http://testserver is built from."""
    from events.web.feed_address import calendar_feed_contents, feed_request

    return calendar_feed_contents(feed_request("http://testserver", ""), "http://testserver")


def _share_tables() -> None:
    """SQLite's in-memory test database is shared between threads in shared-cache
    mode, which locks whole tables against other connections and fails at once
    ("database table is locked") where a database file would wait and PostgreSQL
    never blocks a reader. Reading uncommitted rows lifts those table locks, so the
    threads meet where this test looks: at the feed files."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = true")


@pytest.fixture
def _frequent_thread_switches():
    """Threads handed the interpreter every few microseconds rather than every 5 ms,
    so that they interleave inside a request as worker processes would."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_frequent_thread_switches")
def test_reads_during_ten_saves_a_second_never_answer_503(monkeypatch):
    monkeypatch.setattr(feed_store, "SMALL_BYTES", 100)  # every read opens a file
    for day in range(1, 29):
        EventFactory(title_en=f"Day {day}", start_date=dt.date(2013, 9, day))
    changing = Event.objects.order_by("pk").first().slug
    # Bounded by counts, not by time: however the threads interleave, the test
    # ends, and every answer must be a whole calendar.
    saves, readers, reads = 30, 8, 40
    answers: list[tuple[int, bool, bytes]] = []
    failures: list[BaseException] = []
    pause = threading.Event()  # never set: a 0.1 s wait between saves

    def read() -> None:
        _share_tables()
        client = Client()
        try:
            for n in range(reads):
                packed = n % 2 == 1
                response = client.get(FEED, headers={"Accept-Encoding": "gzip"} if packed else {})
                answers.append((response.status_code, packed, response.getvalue()))
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    def save() -> None:
        _share_tables()
        try:
            for n in range(saves):
                _change(changing, f"Place {n}")
                pause.wait(0.1)
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(readers)]
    threads.append(threading.Thread(target=save))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert len(answers) == readers * reads
    assert [(status, body[:80]) for status, _, body in answers if status != 200] == []
    for _, packed, body in answers:
        calendar = Calendar.from_ical(gzip.decompress(body) if packed else body)
        assert len(calendar.walk("VEVENT")) == 28, body


# An empty feed is still a calendar with a component ------------------------------


@pytest.mark.parametrize(
    "url",
    [f"{FEED}?kind=operation", f"{FEED}?q=nothingmatches", f"{FEED}?q=nothingmatches&lang=ru"],
)
def test_an_empty_feed_carries_one_time_zone_and_no_event(seeded, client, url):
    body = client.get(url).getvalue()

    calendar = Calendar.from_ical(body)
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert str(calendar.subcomponents[0]["TZID"]) == EMPTY_CALENDAR_ZONE
    assert body.endswith(b"END:VTIMEZONE\r\nEND:VCALENDAR\r\n")


def test_an_empty_calendar_has_the_same_bytes_assembled_or_built_whole(db, client):
    served = client.get(FEED).getvalue()

    built = ical_bytes(
        build_calendar(
            [],
            base_url="http://testserver",
            language="en",
            feed_url="http://testserver/calendar.ics",
            page_url="http://testserver/",
        )
    )

    assert served == built
    assert b"BEGIN:VTIMEZONE" in served


def test_an_empty_feed_keeps_its_bytes_and_etag_across_versions(seeded, client):
    url = f"{FEED}?q=nothingmatches"
    first = client.get(url)
    _change("grom-2013", "Osh")

    again = client.get(url)
    unchanged = client.get(url, headers={"If-None-Match": again["ETag"]})

    assert again.getvalue() == first.getvalue()
    assert again["ETag"] == first["ETag"]
    assert unchanged.status_code == 304


def test_single_event_feeds_make_room_only_among_themselves(seeded, client, monkeypatch):
    monkeypatch.setattr(feed_files, "MAX_EVENT_FEEDS", 2)
    client.get(FEED)
    for slug in ("grom-2013", "interaction-2013", "unbreakable-brotherhood-2013"):
        assert client.get(f"/events/{slug}.ics").status_code == 200
    for n in range(5):
        client.get(f"{FEED}?q=word{n}")

    assert len(_versions(feed_files.EVENT)) == 2
    assert len(_versions(feed_files.WHOLE)) == 1
    assert len(_versions(feed_files.SEARCH)) == 5


def test_files_an_older_release_named_go_once_stale(seeded, client):
    client.get(FEED)
    folder = feed_files.feed_dir()
    old = folder / f"{'0' * 32}-{uuid.uuid4()}.ics"
    recent = folder / f"{'1' * 32}-{uuid.uuid4()}.ics"
    for path in (old, recent):
        path.write_bytes(b"BEGIN:VCALENDAR\r\n")
    a_day_ago = timezone.now().timestamp() - 24 * 3600
    os.utime(old, (a_day_ago, a_day_ago))

    client.get(f"{FEED}?kind=summit")

    assert not old.exists()
    assert recent.exists()  # perhaps still served by the older release's processes
