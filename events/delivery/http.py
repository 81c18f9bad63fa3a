"""HTTP details shared by the views that send stored bytes (pages and feeds)."""

from django.http import HttpRequest


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
