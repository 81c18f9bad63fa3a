"""Rate limits for the API, read from settings at request time (deployments and
tests set them). Over the limit: 429 with Retry-After.

Each request counts against one limit: the anonymous one by client address, or
the signed-in one by user. (DRF's UserRateThrottle also counts anonymous
requests by address, so without the override below an anonymous client would
be held to the lower of the two rates.)

The anonymous client's address is DRF's: REMOTE_ADDR, or behind
DJANGO_TRUSTED_PROXY_COUNT proxies (settings' NUM_PROXIES) the address the
nearest trusted proxy saw, so a forged X-Forwarded-For never resets a count."""

from django.conf import settings
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
