"""Rate limits for the API, read from settings at request time (deployments and
tests set them). Over the limit: 429 with Retry-After."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.CSTOCAL_API_RATE_ANON


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str:
        return settings.CSTOCAL_API_RATE_USER
