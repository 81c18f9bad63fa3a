"""Request-level resilience and observability.

- ``RequestLogMiddleware``: one log line per request (method, path, status,
  duration), so an operator can follow traffic and latency from the logs.
- ``DatabaseUnavailableMiddleware``: when the database cannot be reached, pages
  answer a 503 page and the API a JSON 503, both with Retry-After, instead of a
  500; with CONN_HEALTH_CHECKS the next request after the database returns
  reconnects by itself.
- ``CalendarFeedMiddleware``: the calendar feed, answered ahead of the layers
  it never uses.
"""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from events.web.feeds import calendar_feed

request_log = logging.getLogger("cstocal.request")
logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        request_log.info(
            "%s %s %s %.1fms",
            request.method,
            request.get_full_path()[:300],
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(duration_ms, 1),
            },
        )
        return response


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The service is briefly unavailable. Please retry shortly."}, status=503
        )
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return _database_unavailable(request, exception)
        return None


def _database_unavailable(request, exception):
    logger.error(
        "database unavailable: %s %s: %s",
        request.method,
        request.path,
        exception.__class__.__name__,
        exc_info=exception,
    )
    return database_unavailable_response(request)


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

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = None

    def __call__(self, request):
        if self.path is None:
            try:
                self.path = reverse("calendar-feed")
            except NoReverseMatch:
                self.path = ""  # a URLconf without the feed; no path is empty
        if request.path_info != self.path:
            return self.get_response(request)
        # As CommonMiddleware would: a Host not in ALLOWED_HOSTS is a 400, even
        # where the feed names itself by CSTOCAL_SITE_URL and never reads it.
        request.get_host()
        try:
            return calendar_feed(request)
        except (OperationalError, InterfaceError) as exception:
            # DatabaseUnavailableMiddleware's answer: it sits below, out of reach.
            return _database_unavailable(request, exception)
