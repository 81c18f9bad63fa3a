"""The calendar feed, answered ahead of the layers it never uses."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import NoReverseMatch, get_script_prefix, reverse

from events.web.feeds import calendar_feed
from events.web.outage import DATABASE_UNAVAILABLE, database_unavailable


class CalendarFeedMiddleware:
    """Answers /calendar.ics (and its filtered views) ahead of the session,
    locale, CSRF, authentication, message, history and lockout middleware.

    The feed is public and the same for every client: it reads no session,
    cookie or user, and its language comes from ?lang=, not Accept-Language.
    It is also the address every subscribed calendar polls, and those layers
    cost about as much as the rest of the request. Everything listed above this
    middleware in MIDDLEWARE (the request log, the security headers, the CSP and
    X-Frame-Options) still applies; the URL pattern stays for reverse() and for
    a stack without this middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.path: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.path is None:
            try:
                # Compared with path_info, which is below the script prefix
                # (a site served at /calendar/ has its feed at /calendar/calendar.ics).
                address = reverse("calendar-feed")
                self.path = "/" + address.removeprefix(get_script_prefix())
            except NoReverseMatch:
                self.path = ""  # a URLconf without the feed; no path is empty
        if request.path_info != self.path:
            return self.get_response(request)
        # As CommonMiddleware would: a Host not in ALLOWED_HOSTS is a 400, even
        # where the feed names itself by CSTOCAL_SITE_URL and never reads it.
        request.get_host()
        try:
            return calendar_feed(request)
        except DATABASE_UNAVAILABLE as exception:
            # DatabaseUnavailableMiddleware's answer: it sits below, out of reach.
            return database_unavailable(request, exception)
