"""Pages and feeds cached under the change stamp, on a real Redis and with Redis gone."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from events.models import Event

pytestmark = pytest.mark.django_db

REDIS = "redis://127.0.0.1:6379/15"
CLOSED_PORT = "redis://127.0.0.1:9/0"
READS = ["/2013/09/", "/2013/", "/agenda/?from=2013-01-01", "/timeline/",
         "/events/interaction-2013/", "/calendar.ics", "/api/events/?kind=exercise"]  # fmt: skip


def _redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "events.cache.FailSoftRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "cstocal-test",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


def test_a_change_retires_cached_pages_at_once(seeded, client):
    before = client.get("/2013/09/").content

    grom = Event.objects.get(slug="grom-2013")
    grom.status = "cancelled"
    grom.save()
    after = client.get("/2013/09/").content

    assert b"<del>Grom-2013</del>" not in before
    assert b"<del>Grom-2013</del>" in after


def test_pages_and_feeds_are_cached_in_a_real_redis(seeded, client):
    with override_settings(CACHES=_redis_cache(REDIS)):
        redis = caches["default"]
        redis.clear()
        first = [client.get(url) for url in READS]
        keys = redis._cache.get_client().keys("cstocal-test:*")
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
