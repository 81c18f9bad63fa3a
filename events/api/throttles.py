"""Rate limits for the API, read from settings at request time (deployments and
tests set them). Over the limit: 429 with Retry-After.

Each request counts against one limit: the anonymous one by client address, or
the signed-in one by user. (DRF's UserRateThrottle also counts anonymous
requests by address, so without the override below an anonymous client would
be held to the lower of the two rates.)

The anonymous client's address is DRF's: REMOTE_ADDR, or behind
DJANGO_TRUSTED_PROXY_COUNT proxies (settings' NUM_PROXIES) the address the
nearest trusted proxy saw, so a forged X-Forwarded-For never resets a count."""

from collections.abc import Collection

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.CSTOCAL_API_RATE_ANON


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str:
        return settings.CSTOCAL_API_RATE_USER

    def get_cache_key(self, request, view) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None  # AnonThrottle's
        return super().get_cache_key(request, view)


class ReadAhead:
    """The cache, with some keys read beforehand in one round trip.

    A throttle reads its count (get) and writes it back (set) on every request; an
    event read then asks for the change stamp and its cached answer. Given all
    these keys at once, the reads take one trip to Redis instead of two. Keys not
    read beforehand, and every write, go to the cache as usual."""

    def __init__(self, keys: Collection[str]) -> None:
        self.keys = frozenset(keys)
        self.found: dict[str, object] = cache.get_many(list(self.keys)) if keys else {}

    def get(self, key: str, default: object = None) -> object:
        if key in self.keys:
            return self.found.get(key, default)
        return cache.get(key, default)

    def set(self, key: str, value: object, timeout: float | None = None) -> None:
        cache.set(key, value, timeout)
