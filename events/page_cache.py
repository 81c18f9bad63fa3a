"""Calendar pages cached under the calendar change stamp.

A page is the same for every reader with the same address, language and day,
until something on the calendar changes; each entry holds the stamp's token it
was built under and is read in the same round trip as the current stamp, so a
change anywhere retires every cached page on every app server at once, a page
is rewritten in place, and no cache entry is ever invalidated by hand.
Pages carry no per-user content.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from events.models import CalendarStamp

PAGE_SECONDS = 3600
# The request header the month script sends to get only the month's fragment;
# pages vary on it.
FRAGMENT_HEADER = "X-Fragment"


def cached_calendar_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        parts = (
            timezone.localdate().isoformat(),
            get_language() or "",
            request.get_host(),
            request.get_full_path(),
            request.headers.get(FRAGMENT_HEADER, ""),
        )
        key = "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
        stamp, cached = CalendarStamp.current_with(key)
        if cached is not None and cached[0] == stamp.token:
            _, content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            patch_vary_headers(response, [FRAGMENT_HEADER])
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            entry = (stamp.token, response.content, response["Content-Type"])
            cache.set(key, entry, PAGE_SECONDS)
        return response

    return wrapper
