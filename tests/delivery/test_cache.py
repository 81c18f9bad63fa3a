"""Pages and feeds cached under the change stamp, on a real Redis and with Redis gone."""

import contextlib
import datetime as dt
import gzip
import hashlib
import logging
import os
import socket
import threading

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings
from django_redis import get_redis_connection

from cstocal.settings import redis_cache
from events.delivery.stamp import CACHE_KEY as STAMP_KEY
from events.delivery.stamp import current_stamp
from events.models import CalendarStamp, Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

# Its own database; a second test run at the same time (CI runs SQLite and PostgreSQL
# side by side) takes another through CSTOCAL_TEST_REDIS.
REDIS = os.environ.get("CSTOCAL_TEST_REDIS", "redis://127.0.0.1:6379/15")
CLOSED_PORT = "redis://127.0.0.1:9/0"
READS = ["/2013/09/", "/2013/", "/agenda/?from=2013-01-01", "/timeline/",
         "/events/interaction-2013/", "/calendar.ics", "/api/events/?kind=exercise"]  # fmt: skip


def _redis_cache(location: str) -> dict:
    """The production cache settings, on ``location``, under the tests' own prefix."""
    return {"default": redis_cache(location, "cstocal-test")}


def test_a_change_retires_cached_pages_at_once(seeded, client):
    before = client.get("/2013/09/").content

    grom = Event.objects.get(slug="grom-2013")
    grom.status = "cancelled"
    grom.save()
    after = client.get("/2013/09/").content

    assert b"<del>Grom-2013</del>" not in before
    assert b"<del>Grom-2013</del>" in after


@pytest.mark.parametrize("url", ["/2013/09/", "/ru/2013/", "/agenda/?from=2013-09-01"])
def test_pages_go_gzipped_to_browsers_compressed_once(seeded, client, url):
    browser = {"Accept-Encoding": "gzip, deflate, br"}
    plain = client.get(url)
    packed = client.get(url, headers=browser)
    again = client.get(url, headers={**browser, "If-None-Match": packed["ETag"]})

    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 4
    assert "Accept-Encoding" in packed["Vary"]
    assert "Accept-Encoding" in plain["Vary"]
    # One strong ETag per representation; the plain one is the page's MD5.
    assert plain["ETag"] == f'"{hashlib.md5(plain.content).hexdigest()}"'  # noqa: S324
    assert packed["ETag"] == plain["ETag"][:-1] + '-gzip"'
    assert again.status_code == 304
    assert not plain.has_header("Content-Encoding")


def test_pages_and_feeds_are_cached_in_a_real_redis(seeded, client):
    with override_settings(CACHES=_redis_cache(REDIS)):
        redis = caches["default"]
        redis.clear()
        first = [client.get(url) for url in READS]
        keys = get_redis_connection().keys("cstocal-test:*")
        second = [client.get(url) for url in READS]
        redis.clear()

    assert [r.status_code for r in first] == [200] * len(READS)
    assert [r.getvalue() for r in second] == [r.getvalue() for r in first]
    assert len(keys) >= len(READS) - 1  # every page and the feed; the API throttle too


def test_every_read_answers_correctly_with_redis_unreachable(seeded, client):
    with override_settings(CACHES=_redis_cache(CLOSED_PORT)):
        responses = [client.get(url) for url in READS]
        again = [client.get(url) for url in READS]

    assert [r.status_code for r in responses + again] == [200] * (2 * len(READS))
    assert b"Interaction-2013" in responses[0].getvalue()
    assert responses[5].getvalue().count(b"BEGIN:VEVENT") == 11
    assert [r.getvalue() for r in again[:5]] == [r.getvalue() for r in responses[:5]]


@pytest.fixture
def hung_redis():
    """A port that accepts connections and never answers, as a hung Redis (or one
    behind a firewall dropping its packets) does: each call would wait out the
    socket timeout. Yields the URL and the list of connections it accepted."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                accepted.append(server.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted
    server.close()
    for connection in accepted:
        connection.close()


def test_a_hung_redis_is_left_alone_after_one_timeout(seeded, client, hung_redis, caplog):
    location, accepted = hung_redis
    with override_settings(CACHES=_redis_cache(location)), caplog.at_level(logging.WARNING):
        responses = [client.get(url) for url in READS]
        again = [client.get(url) for url in READS]

    assert [r.status_code for r in responses + again] == [200] * (2 * len(READS))
    assert b"Interaction-2013" in responses[0].getvalue()
    assert [r.getvalue() for r in again[:5]] == [r.getvalue() for r in responses[:5]]
    # One call waited for Redis and failed; every later one in the back-off
    # skipped it, and the outage is logged once, not once per call.
    assert len(accepted) == 1
    assert [r.name for r in caplog.records if r.name.startswith("django_redis")] == [
        "django_redis.cache"
    ]


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_publishes_the_new_stamp_to_every_reader(client):
    with override_settings(CACHES=_redis_cache(REDIS)):
        redis = caches["default"]
        redis.clear()
        client.get("/2013/09/")  # caches the stamp, and the page under it
        EventFactory(title_en="Fresh", start_date=dt.date(2013, 9, 5))

        published = redis.get(STAMP_KEY)
        ttl = get_redis_connection().ttl(redis.make_and_validate_key(STAMP_KEY))
        page = client.get("/2013/09/").content
        redis.clear()

    stamp = CalendarStamp.objects.get()
    # Plain data, which a release that renames the model still reads.
    assert published == (stamp.version, stamp.changed_at.isoformat(), str(stamp.token))
    assert 0 < ttl <= settings.CSTOCAL_STAMP_SECONDS
    assert b"Fresh" in page


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_the_stamp_as_it_was(client):
    EventFactory(title_en="Kept")
    before = current_stamp()

    with contextlib.suppress(RuntimeError), transaction.atomic():
        EventFactory(title_en="Undone")
        raise RuntimeError

    assert current_stamp().token == before.token
    assert b"Undone" not in client.get("/calendar.ics").getvalue()
