"""Request-level resilience and observability.

- ``RequestLogMiddleware``: one log line per request (method, path, status,
  duration), so an operator can follow traffic and latency from the logs.
- ``DatabaseUnavailableMiddleware``: when the database cannot be reached, pages
  answer a 503 page and the API a JSON 503, both with Retry-After, instead of a
  500; with CONN_HEALTH_CHECKS the next request after the database returns
  reconnects by itself.
"""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render

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


def database_unavailable_response(request):
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
            logger.error(
                "database unavailable: %s %s: %s",
                request.method,
                request.path,
                exception.__class__.__name__,
                exc_info=exception,
            )
            return database_unavailable_response(request)
        return None
