"""HTTP details shared by the views that send stored bytes (pages and feeds)."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether Accept-Encoding allows gzip (a q of 0 refuses it)."""
    for item in request.headers.get("Accept-Encoding", "").split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            quality = params.strip().lower().removeprefix("q=")
            try:
                return not params or float(quality) > 0
            except ValueError:
                return False
    return False


def shared_publicly(
    max_age: int,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view whose 200 answers (from a cache or not) any client may keep
    ``max_age`` seconds, and any web page may read (CORS): feeds and documents
    for other sites."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                response["Cache-Control"] = f"public, max-age={max_age}"
                response["Access-Control-Allow-Origin"] = "*"
            return response

        return wrapper

    return decorator
