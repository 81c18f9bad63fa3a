"""When the database cannot be reached, pages answer a 503 page and the API a JSON
503, both with Retry-After, instead of a 500; with CONN_HEALTH_CHECKS the next
request after the database returns reconnects by itself."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

# What a lost database connection raises.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


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
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable(request, exception)
        return None


def database_unavailable(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The outage answer for ``request``, with ``exception`` logged."""
    logger.error(
        "database unavailable: %s %s: %s",
        request.method,
        request.path,
        exception.__class__.__name__,
        exc_info=exception,
    )
    return database_unavailable_response(request)
