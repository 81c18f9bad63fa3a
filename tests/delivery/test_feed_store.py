"""Feeds are built once per change, one changed event re-serialised, served from a file."""

import datetime as dt
import gzip
import io
import logging
import re
import struct
import threading
import uuid
import zlib

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import checks
from events.delivery import feed_background, feed_files, feed_store
from events.delivery.stamp import CACHE_KEY as STAMP_KEY
from events.delivery.stamp import forget_recent_stamp
from events.domain.seeding import seed_load
from events.models import CalendarStamp, Event
from tests.factories import EventFactory
from tests.ical_oracle import build_calendar, ical_bytes

pytestmark = pytest.mark.django_db

FEED = "/calendar.ics"


def _timed(zone: str, day: int) -> Event:
    return EventFactory(
        start_date=dt.date(2013, 9, day),
        start_time=dt.time(10),
        end_time=dt.time(12),
        time_zone=zone,
    )


class Builds:
    """What the feed builds did, as feed_store logs it (its DEBUG build reports)."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog
        caplog.set_level(logging.DEBUG, logger=feed_store.logger.name)

    @property
    def reports(self) -> list[feed_store.BuildReport]:
        return [r.feed_build for r in self.caplog.records if hasattr(r, "feed_build")]

    @property
    def assembled(self) -> list[list[int]]:
        """The primary keys of each batch assembled from VEVENT bytes (not copied
        from an earlier version's files), in order."""
        return [batch for report in self.reports for batch in report.assembled]

    @property
    def serialised(self) -> list[int]:
        return [pk for report in self.reports for pk in report.serialised]

    def clear(self) -> None:
        self.caplog.clear()


def _icalendar_feed(events) -> bytes:
    """The whole English calendar of ``events``, as icalendar's tree writes it."""
    return ical_bytes(
        build_calendar(
            events,
            base_url="http://testserver",
            language="en",
            feed_url="http://testserver/calendar.ics",
            page_url="http://testserver/",
        )
    )


@pytest.fixture
def builds(caplog) -> Builds:
    return Builds(caplog)


def test_assembled_feed_is_byte_for_byte_the_calendar_icalendar_builds(seeded, client):
    _timed("Europe/Moscow", 20)
    _timed("Asia/Almaty", 21)

    served = client.get(FEED).getvalue()
    events = Event.objects.public().dated().for_display().order_by("pk")

    assert served == _icalendar_feed(events)
    # Zones come in a fixed order, so every process writes the same bytes.
    assert re.findall(rb"BEGIN:VTIMEZONE\r\nTZID:([^\r]+)", served) == [
        b"Asia/Almaty",
        b"Europe/Moscow",
    ]


def test_versions_read_a_page_at_a_time_give_the_same_feed(seeded, client, monkeypatch):
    """A build reads its events' versions VERSIONS_PAGE at a time (never all at
    once); the pages join without a gap or a repeat, and the feed is the one
    icalendar builds."""
    monkeypatch.setattr(feed_store, "VERSIONS_PAGE", 3)
    _timed("Europe/Moscow", 20)
    events = Event.objects.public().dated().for_display().order_by("pk")
    assert events.count() > 3 * 3

    with CaptureQueriesContext(connection) as queries:
        served = client.get(FEED).getvalue()

    pages = [q["sql"] for q in queries.captured_queries if '"updated"' in q["sql"]]
    # Full pages, then the one that comes back short (here empty).
    assert len(pages) == events.count() // 3 + 1
    assert served == _icalendar_feed(events)


def test_after_one_change_only_that_event_is_serialised_again(seeded, client, builds):
    client.get(FEED)
    event = Event.objects.get(slug="interaction-2013")
    event.title_en = "Renamed"
    event.place_en = "Sochi"
    event.save()
    builds.clear()

    body = client.get(FEED).getvalue()

    assert builds.serialised == [event.pk]
    assert b"LOCATION:Sochi" in body
    assert body.count(b"BEGIN:VEVENT") == Event.objects.public().dated().count()


def test_a_process_that_never_saw_the_events_copies_them_from_the_last_version(
    seeded, client, builds
):
    first = client.get(FEED).getvalue()
    feed_store.forget_process_memory()  # a worker that has built nothing yet
    CalendarStamp.touch()  # a new version of the calendar, with the same events
    builds.clear()

    again = client.get(FEED).getvalue()

    assert builds.reports  # a build ran ...
    assert builds.assembled == []  # ... copied every batch ...
    assert builds.serialised == []  # ... and wrote no event
    assert again == first


def test_a_process_that_never_saw_a_changed_batch_writes_its_events_again(
    seeded, client, monkeypatch, builds
):
    """Events' bytes are kept per process, not in the shared cache: a worker
    that lacks them writes the changed batch's events, and the same bytes."""
    monkeypatch.setattr(feed_store, "BATCH", 3)
    client.get(FEED)
    feed_store.forget_process_memory()
    event = Event.objects.get(slug="grom-2013")
    event.place_en = "Pskov"
    event.save()
    builds.clear()

    body = client.get(FEED).getvalue()

    (batch,) = builds.assembled
    assert event.pk in batch
    assert sorted(builds.serialised) == sorted(batch)
    feed_store.forget_process_memory()
    CalendarStamp.touch()
    monkeypatch.setattr(feed_store.icalendar, "__version__", "0.0-fresh")  # no copying
    assert client.get(FEED).getvalue() == body


def test_a_removed_event_leaves_the_feed_and_the_process(seeded, client):
    client.get(FEED)
    event = Event.objects.get(slug="interaction-2013")
    event.delete()

    body = client.get(FEED).getvalue()

    assert str(event.uid).encode() not in body
    # What a process holds in memory has no outside face; this is the property.
    known = feed_store._vevents[("en", "http://testserver")].values()
    assert not any(str(event.uid).encode() in vevent for _, vevent in known)


def test_gzip_is_served_to_clients_that_accept_it(seeded, client):
    plain = client.get(FEED)
    body = plain.getvalue()
    packed = client.get(FEED, headers={"Accept-Encoding": "br, gzip;q=0.8"})
    refused = client.get(FEED, headers={"Accept-Encoding": "gzip;q=0, identity"})

    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.getvalue()) == body
    assert int(packed["Content-Length"]) < int(plain["Content-Length"]) / 3
    assert packed["ETag"] != plain["ETag"]
    assert "Accept-Encoding" in packed["Vary"]
    assert "Accept-Encoding" in plain["Vary"]
    assert not refused.has_header("Content-Encoding")
    assert refused.getvalue() == body


def test_each_representation_answers_304_to_its_own_etag(seeded, client):
    packed = client.get(FEED, headers={"Accept-Encoding": "gzip"})

    same = client.get(FEED, headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]})
    other = client.get(FEED, headers={"If-None-Match": packed["ETag"]})

    assert same.status_code == 304
    assert other.status_code == 200


def test_304_needs_neither_the_file_nor_a_rebuild(seeded, client, settings, tmp_path):
    first = client.get(FEED)
    settings.CSTOCAL_FEED_DIR = tmp_path / "elsewhere"  # as on an app server without the file

    again = client.get(FEED, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert not (tmp_path / "elsewhere").exists()


def test_a_server_without_the_file_writes_the_same_bytes(seeded, client, settings, tmp_path):
    first = client.get(FEED)
    body = first.getvalue()
    settings.CSTOCAL_FEED_DIR = tmp_path / "other-server"
    feed_store.forget_process_memory()  # nor the bytes in memory

    again = client.get(FEED)

    assert again.getvalue() == body
    assert again["ETag"] == first["ETag"]
    assert sorted(path.suffix for path in (tmp_path / "other-server").iterdir()) == [".gz", ".ics"]


def test_a_small_feed_is_sent_from_memory_a_large_one_from_its_file(seeded, client, monkeypatch):
    small = client.get(FEED)
    for path in feed_files.feed_dir().iterdir():
        path.unlink()
    from_memory = client.get(FEED)
    monkeypatch.setattr(feed_store, "SMALL_BYTES", 100)
    CalendarStamp.touch()
    large = client.get(FEED, headers={"Accept-Encoding": "gzip"})

    assert not from_memory.streaming
    assert from_memory.content == small.content
    assert int(from_memory["Content-Length"]) == len(small.content)
    assert large.streaming  # a FileResponse: sendfile where the server has it
    packed = large.getvalue()
    assert gzip.decompress(packed) == small.content
    assert int(large["Content-Length"]) == len(packed)


def test_only_the_current_version_of_a_feed_stays_on_disk(seeded, client, settings):
    client.get(FEED)
    client.get(FEED + "?lang=ru")
    EventFactory(title_en="Late addition")
    client.get(FEED)

    names = sorted(p.name for p in settings.CSTOCAL_FEED_DIR.iterdir())
    # One version each of the English and the Russian feed, plain and gzip; the
    # old English one is gone, the Russian one goes when it is next asked for.
    assert len(names) == 4
    assert all(name.endswith((".ics", ".ics.gz")) for name in names)
    assert b"Late addition" in client.get(FEED).getvalue()


def test_disk_holds_at_most_max_files_feed_versions(seeded, client, settings, monkeypatch):
    monkeypatch.setattr(feed_files, "MAX_FILTERED_FEEDS", 3)
    for kind in ("exercise", "summit", "term", "operation", "milestone"):
        client.get(f"{FEED}?kind={kind}")

    plain = [p for p in settings.CSTOCAL_FEED_DIR.iterdir() if p.suffix == ".ics"]
    assert len(plain) == 3
    # The newest survive: the last one asked for is still served from its file.
    assert b"BEGIN:VCALENDAR" in client.get(f"{FEED}?kind=milestone").getvalue()


def test_another_process_change_reaches_the_feed_once_the_stamp_is_looked_up_again(
    seeded, client, monkeypatch
):
    client.get(FEED)
    # Another process commits a change: the row and the cached stamp move, but
    # this process's memory of the stamp does not.
    Event.objects.filter(slug="interaction-2013").update(
        place_en="Novosibirsk", revision=F("revision") + 1, updated_at=timezone.now()
    )
    CalendarStamp.objects.update(token=uuid.uuid4())
    cache.delete(STAMP_KEY)

    assert b"Novosibirsk" not in client.get(FEED).getvalue()  # within FEED_STAMP_SECONDS
    forget_recent_stamp()  # as when those seconds have passed

    assert b"Novosibirsk" in client.get(FEED).getvalue()


def test_pages_always_see_another_process_change_at_once(seeded, client):
    client.get("/2013/09/")
    Event.objects.filter(slug="interaction-2013").update(title_en="", place_en="Novosibirsk")
    CalendarStamp.objects.update(token=uuid.uuid4())
    cache.delete(STAMP_KEY)

    page = client.get("/events/interaction-2013/").content

    assert b"Novosibirsk" in page


def test_an_unwritable_feed_folder_is_a_503_and_a_failed_check(seeded, client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the feed folder should be")
    settings.CSTOCAL_FEED_DIR = blocker / "feeds"

    response = client.get(FEED)
    errors = checks.feed_dir_is_writable(None)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert b"unavailable" in response.content
    assert [error.id for error in errors] == ["cstocal.E001"]
    assert str(blocker / "feeds") in errors[0].msg


def test_a_process_keeps_no_more_vevent_bytes_than_its_budget(seeded, client, settings):
    body = client.get(FEED).getvalue()
    feed_store.forget_process_memory()
    settings.CSTOCAL_FEED_MEMORY_BYTES = len(body) // 3
    EventFactory(title_en="Over budget")

    again = client.get(FEED).getvalue()

    # What a process holds in memory has no outside face; this is the property.
    held = feed_store._vevents[("en", "http://testserver")]
    assert 0 < sum(len(vevent) for _, vevent in held.values()) <= len(body) // 3
    assert len(held) < again.count(b"BEGIN:VEVENT")
    assert b"Over budget" in again


def test_after_one_change_only_its_batch_is_assembled_and_compressed(
    seeded, client, monkeypatch, builds
):
    monkeypatch.setattr(feed_store, "BATCH", 3)
    client.get(FEED)
    event = Event.objects.get(slug="interaction-2013")
    event.place_en = "Orenburg"
    event.save()
    builds.clear()

    plain = client.get(FEED).getvalue()
    packed = client.get(FEED, headers={"Accept-Encoding": "gzip"}).getvalue()

    # One gzip member: a decoder that reads a single member gets the whole feed.
    assert zlib.decompress(packed, wbits=31) == plain
    assert b"LOCATION:Orenburg" in plain
    # The other batches were copied from the previous version's files.
    assert len(builds.assembled) == 1
    assert event.pk in builds.assembled[0]
    assert plain.count(b"BEGIN:VEVENT") == Event.objects.public().dated().count()


def test_a_previous_version_cut_short_on_disk_is_rebuilt_not_copied(seeded, client, settings):
    first = client.get(FEED).getvalue()
    for path in feed_files.feed_dir().iterdir():
        path.write_bytes(b"damaged")
    CalendarStamp.touch()

    again = client.get(FEED)
    packed = client.get(FEED, headers={"Accept-Encoding": "gzip"}).getvalue()

    assert again.getvalue() == first
    assert gzip.decompress(packed) == first


def test_another_worker_copies_the_batches_the_last_build_left(seeded, client, monkeypatch, builds):
    monkeypatch.setattr(feed_store, "BATCH", 3)
    client.get(FEED)
    feed_store.forget_process_memory()  # a worker that has built nothing yet
    event = Event.objects.get(slug="grom-2013")
    event.place_en = "Pskov"
    event.save()
    builds.clear()

    body = client.get(FEED).getvalue()

    assert b"LOCATION:Pskov" in body
    assert len(builds.assembled) == 1


@pytest.mark.parametrize("left", ["not a layout", (1, None, {}), ((), {})])
def test_a_layout_entry_of_another_shape_is_ignored(seeded, client, left):
    first = client.get(FEED).getvalue()
    key = feed_store.layout_key_of("http://testserver/calendar.ics")
    assert cache.get(key) is not None  # the layout the last build left
    cache.set(key, left)
    CalendarStamp.touch()

    again = client.get(FEED)

    assert again.status_code == 200
    assert again.getvalue() == first


def test_warmfeeds_builds_every_language_before_the_first_request(seeded, settings):
    settings.CSTOCAL_SITE_URL = "https://calendar.example.org"
    settings.ALLOWED_HOSTS = ["calendar.example.org"]
    out = io.StringIO()

    call_command("warmfeeds", stdout=out)
    call_command("warmfeeds", stdout=out)

    client = Client(HTTP_HOST="calendar.example.org")
    with CaptureQueriesContext(connection) as queries:
        english = client.get(FEED, secure=True)
        russian = client.get(FEED + "?lang=ru", secure=True)
    assert (english.status_code, russian.status_code) == (200, 200)
    english, russian = english.getvalue(), russian.getvalue()
    assert queries.captured_queries == []
    assert b"X-WR-CALNAME:CSTO calendar" in english
    assert "X-WR-CALNAME:Календарь ОДКБ".encode() in russian
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("https://calendar.example.org/calendar.ics: ")
    assert "built in" in lines[0]
    assert lines[1].startswith("https://calendar.example.org/calendar.ics?lang=ru: ")
    assert lines[2:] == [
        "https://calendar.example.org/calendar.ics: 0.0 MB, already built",
        "https://calendar.example.org/calendar.ics?lang=ru: 0.0 MB, already built",
    ]


def test_warmfeeds_needs_the_site_address(db, settings):
    settings.CSTOCAL_SITE_URL = ""

    with pytest.raises(CommandError, match="CSTOCAL_SITE_URL"):
        call_command("warmfeeds")


def test_a_server_whose_disk_lacks_the_latest_version_copies_from_its_own(
    seeded, client, settings, tmp_path, monkeypatch, builds
):
    monkeypatch.setattr(feed_store, "BATCH", 3)
    settings.CSTOCAL_FEED_DIR = tmp_path / "server-a"
    client.get(FEED)
    settings.CSTOCAL_FEED_DIR = tmp_path / "server-b"
    CalendarStamp.touch()
    client.get(FEED)  # the latest version is now on server B's disk alone
    settings.CSTOCAL_FEED_DIR = tmp_path / "server-a"
    event = Event.objects.get(slug="grom-2013")
    event.place_en = "Pskov"
    event.save()
    builds.clear()

    body = client.get(FEED).getvalue()

    assert b"LOCATION:Pskov" in body
    assert len(builds.assembled) == 1


def test_a_release_with_another_icalendar_copies_nothing_from_the_last(
    seeded, client, monkeypatch, builds
):
    monkeypatch.setattr(feed_store, "BATCH", 3)
    before = client.get(FEED).getvalue()
    monkeypatch.setattr(feed_store.icalendar, "__version__", "0.0-another")
    feed_store.forget_process_memory()
    CalendarStamp.touch()
    builds.clear()

    after = client.get(FEED).getvalue()

    count = Event.objects.public().dated().count()
    assert len(builds.assembled) == -(-count // 3)  # every batch
    assert after == before  # (this icalendar writes the same bytes, of course)


@pytest.mark.django_db(transaction=True)
def test_a_large_feed_built_from_nothing_is_built_beside_the_request(client, settings, monkeypatch):
    """No request waits for a long build past the server's timeout: it is answered
    503 with Retry-After while the build goes on, once, on a thread of its own."""
    seed_load()
    settings.CSTOCAL_FEED_BACKGROUND_EVENTS = 5
    settings.CSTOCAL_FEED_WAIT_SECONDS = 0.2
    feed_store.forget_process_memory()
    release = threading.Event()
    writes = []
    write = feed_store.vevents_direct

    def slow(events, **options):
        writes.append(threading.current_thread().name)
        release.wait(10)
        return write(events, **options)

    monkeypatch.setattr(feed_store, "vevents_direct", slow)
    monkeypatch.setattr(feed_background, "_builds", {})

    first = client.get(FEED)
    second = client.get(FEED)
    release.set()
    (future,) = feed_background._builds.values()
    future.result(timeout=10)
    ready = client.get(FEED)

    assert first.status_code == second.status_code == 503
    assert int(first["Retry-After"]) >= 30
    assert "being prepared" in first.content.decode()
    assert writes
    assert all(name.startswith("feed-build") for name in writes)
    assert len(feed_background._builds) == 1  # the second request waited for the same build
    assert ready.status_code == 200
    assert ready.getvalue().count(b"BEGIN:VEVENT") == Event.objects.public().dated().count()

    # A change of a large feed copies the rest of the last version: built in the request.
    writes.clear()
    event = Event.objects.get(slug="grom-2013")
    event.place_en = "Pskov"
    event.save()
    changed = client.get(FEED)
    assert changed.status_code == 200
    assert b"LOCATION:Pskov" in changed.getvalue()
    assert writes == [threading.current_thread().name]


def test_the_plain_file_is_written_when_a_client_first_asks_for_it(seeded, client, settings):
    packed = client.get(FEED, headers={"accept-encoding": "gzip"})
    files = sorted(path.name for path in settings.CSTOCAL_FEED_DIR.iterdir())
    assert [name.rsplit(".", 2)[-2:] for name in files] == [["ics", "gz"]]

    plain = client.get(FEED)

    assert plain.getvalue() == gzip.decompress(packed.getvalue())
    assert plain["ETag"] != packed["ETag"]
    assert sorted(path.name for path in settings.CSTOCAL_FEED_DIR.iterdir()) == sorted(
        [*files, files[0].removesuffix(".gz")]
    )
    # Read from its file now, the same bytes.
    assert client.get(FEED).getvalue() == plain.getvalue()


@pytest.mark.parametrize("system_zlib", [True, False])
def test_crcs_of_pieces_combine_into_the_crc_of_the_whole(monkeypatch, system_zlib):
    if not system_zlib:
        monkeypatch.setattr(feed_files, "_crc32_combine", None)
    elif feed_files._crc32_combine is None:
        pytest.fail("the system's zlib has no crc32_combine")
    pieces = [b"", b"BEGIN:VEVENT\r\n", "Сессия Совета".encode() * 999, bytes(70_001)]

    crc = 0
    for piece in pieces:
        crc = feed_files.crc32_combine(crc, zlib.crc32(piece), len(piece))

    assert crc == zlib.crc32(b"".join(pieces))


def test_a_changed_feed_is_a_valid_gzip_of_its_bytes(seeded, client):
    """After a change most batches are copied as compressed segments, with no
    plain bytes read: the trailer's CRC-32 and length still cover the whole."""
    first = client.get(FEED, headers={"accept-encoding": "gzip"}).getvalue()
    event = Event.objects.get(slug="interaction-2013")
    event.place_en = "Brest; moved"
    event.save()
    forget_recent_stamp()

    packed = client.get(FEED, headers={"accept-encoding": "gzip"}).getvalue()

    text = gzip.decompress(packed)  # checks the CRC-32 and the length
    assert packed != first
    assert b"LOCATION:Brest\\; moved" in text
    assert struct.unpack("<I", packed[-4:])[0] == len(text)
