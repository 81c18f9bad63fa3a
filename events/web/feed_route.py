"""The calendar feed (and its jCal twin), answered ahead of the layers it never uses."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import NoReverseMatch, get_script_prefix, reverse

from events.web.feeds import calendar_feed
from events.web.jcal import calendar_jcal
from events.web.outage import DATABASE_UNAVAILABLE, database_unavailable

# The views answered here, by URL name.
VIEWS: dict[str, Callable[[HttpRequest], HttpResponseBase]] = {
    "calendar-feed": calendar_feed,
    "calendar-jcal": calendar_jcal,
}


class CalendarFeedMiddleware:
    """Answers /calendar.ics and /calendar.jcal (and their filtered views) ahead
    of the session, locale, CSRF, authentication, message, history and lockout
    middleware.

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
        self.views: dict[str, Callable[[HttpRequest], HttpResponseBase]] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.views is None:
            self.views = {}
            for name, view in VIEWS.items():
                try:
                    # Compared with path_info, which is below the script prefix
                    # (a site served at /calendar/ has its feed at /calendar/calendar.ics).
                    address = reverse(name)
                except NoReverseMatch:
                    continue  # a URLconf without this feed
                self.views["/" + address.removeprefix(get_script_prefix())] = view
        answer = self.views.get(request.path_info)
        if answer is None:
            return self.get_response(request)
        # As CommonMiddleware would: a Host not in ALLOWED_HOSTS is a 400, even
        # where the feed names itself by CSTOCAL_SITE_URL and never reads it.
        request.get_host()
        try:
            return answer(request)
        except DATABASE_UNAVAILABLE as exception:
            # DatabaseUnavailableMiddleware's answer: it sits below, out of reach.
            return database_unavailable(request, exception)
