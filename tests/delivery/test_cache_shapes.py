"""What the shared cache holds is plain data, and what an older release left in it
is ignored: a release that renames or moves a class answers as it would with an
empty cache, never with a 500. On the real Redis, as production runs."""

from __future__ import annotations

import io
import logging
import pickle

import pytest
from django.core.cache import caches
from django.test import override_settings
from django_redis import get_redis_connection

from events.delivery import feed_store
from events.delivery.feed_files import StoredFeed
from events.delivery.stamp import CACHE_KEY as STAMP_KEY
from events.delivery.stamp import current_stamp, forget_recent_stamp
from events.models import CalendarStamp, Event
from tests.delivery.test_cache import REDIS, _redis_cache

pytestmark = pytest.mark.django_db

READS = [
    "/",
    "/2013/09/",
    "/2013/",
    "/agenda/?from=2013-01-01",
    "/timeline/",
    "/events/interaction-2013/",
    "/calendar.ics",
    "/calendar.ics?lang=ru",
    "/calendar.ics?kind=exercise",
    "/calendar.ics?q=sochi",
    "/events/interaction-2013.ics",
    "/calendar.jcal",
    "/calendar.jcal?kind=exercise",
    "/events/interaction-2013.jcal",
    "/api/events/?kind=exercise",
    "/api/events/?q=grom",
]
# A pickle of a class this release does not have, as a release that renamed or
# moved one leaves behind; and one of a module that has gone altogether.
GONE_CLASS = b"cevents.models\nNoSuchClass\n(tR."
GONE_MODULE = b"cevents.feed_cache\nStoredFeed\n(tR."
# What older releases stored, pickled as they would have been.
OLD_SHAPES = {
    "gone-class": GONE_CLASS,
    "gone-module": GONE_MODULE,
    "cut-short": pickle.dumps(("a", b"b", "c"))[:-4],
    "longer-tuple": pickle.dumps(("token", b"a", "b", b"c", "d", "e")),
    "shorter-tuple": pickle.dumps((1, 2)),
    "dict": pickle.dumps({"token": "x", "etag": '"x"', "size": 1}),
    "text": pickle.dumps("an entry of another release"),
    "number": b"42",  # Django's Redis backend stores an int as its digits
    "old-feed-record": pickle.dumps(StoredFeed("old-name", "token", '"etag"', 1, 1)),
}


@pytest.fixture
def redis():
    with override_settings(CACHES=_redis_cache(REDIS)):
        redis = caches["default"]
        redis.clear()
        yield redis
        redis.clear()


def _our_keys(redis) -> list[bytes]:
    """Every key the site wrote, but the API throttle's (django-rest-framework's
    own entries, a list of times, whose shape is not ours to keep)."""
    keys = get_redis_connection().keys(f"{redis.key_prefix}:*")
    return sorted(key for key in keys if b":throttle_" not in key)


def _overwrite(redis, keys: list[bytes], raw: bytes) -> None:
    client = get_redis_connection(write=True)
    for key in keys:
        client.set(key, raw, ex=60)


def _as_a_new_process() -> None:
    """Forget what this process holds, as a process of the new release would."""
    feed_store.forget_process_memory()
    forget_recent_stamp()


def _content(response) -> bytes:
    return response.getvalue()


def test_every_entry_is_plain_data(seeded, client, redis):
    for url in READS:
        client.get(url)
    keys = _our_keys(redis)

    raw = get_redis_connection().mget(keys)

    assert len(keys) >= len(READS)
    assert [_plain(value) for value in raw] == [True] * len(keys)


class _NoClasses(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name}")


def _plain(raw: bytes) -> bool:
    """Whether ``raw`` unpickles without naming any class: strings, bytes, numbers,
    tuples, lists and dicts only (Django stores an int as its digits)."""
    if raw.isdigit():
        return True
    try:
        _NoClasses(io.BytesIO(raw)).load()
    except pickle.UnpicklingError:
        return False
    return True


@pytest.mark.parametrize("raw", OLD_SHAPES.values(), ids=OLD_SHAPES.keys())
def test_every_read_ignores_what_an_older_release_cached(seeded, client, redis, caplog, raw):
    first = [client.get(url) for url in READS]
    _overwrite(redis, _our_keys(redis), raw)
    _as_a_new_process()

    with caplog.at_level(logging.WARNING, logger="events.delivery.cache"):
        again = [client.get(url) for url in READS]

    assert [r.status_code for r in first] == [200] * len(READS)
    assert [r.status_code for r in again] == [200] * len(READS)
    assert [_content(r) for r in again] == [_content(r) for r in first]
    assert [r.get("ETag") for r in again] == [r.get("ETag") for r in first]
    unreadable = raw in (GONE_CLASS, GONE_MODULE) or raw == OLD_SHAPES["cut-short"]
    assert any("unreadable" in m for m in caplog.messages) == unreadable


@pytest.mark.parametrize("raw", OLD_SHAPES.values(), ids=OLD_SHAPES.keys())
def test_the_stamp_of_an_older_release_is_read_from_the_database(seeded, redis, raw):
    _overwrite(redis, [redis.make_and_validate_key(STAMP_KEY).encode()], raw)

    stamp = current_stamp()

    assert stamp.token == CalendarStamp.objects.get().token
    assert stamp.version == CalendarStamp.objects.get().version


def test_an_older_release_stamp_object_is_not_trusted(seeded, client, redis):
    # The last release kept the model instance itself; it may still unpickle,
    # but it is not this release's entry, so the database answers.
    stale = CalendarStamp.objects.get()
    grom = Event.objects.get(slug="grom-2013")
    grom.place_en = "Osh"
    grom.save()
    redis.set(STAMP_KEY, stale, 60)

    stamp = current_stamp()

    assert stamp.token != stale.token
    assert stamp.token == CalendarStamp.objects.get().token


def test_an_unreadable_entry_reads_as_a_miss_and_is_logged(redis, caplog):
    redis.set("present", ("plain", 1), 60)
    _overwrite(redis, [redis.make_and_validate_key("gone").encode()], GONE_CLASS)

    with caplog.at_level(logging.WARNING, logger="events.delivery.cache"):
        one = redis.get("gone", "default")
        many = redis.get_many(["gone", "present", "absent"])

    assert one == "default"
    assert many == {"present": ("plain", 1)}
    assert len([m for m in caplog.messages if "unreadable" in m]) == 2
    assert "NoSuchClass" in caplog.messages[0]


@pytest.mark.parametrize("raw", OLD_SHAPES.values(), ids=OLD_SHAPES.keys())
def test_a_feed_answers_304_again_once_rebuilt_over_an_older_record(seeded, client, redis, raw):
    first = client.get("/calendar.ics")
    key = redis.make_and_validate_key(feed_store.record_key("http://testserver/calendar.ics"))
    _overwrite(redis, [key.encode()], raw)
    _as_a_new_process()

    rebuilt = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})
    again = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})

    assert (rebuilt.status_code, again.status_code) == (304, 304)
    assert rebuilt["ETag"] == again["ETag"] == first["ETag"]
