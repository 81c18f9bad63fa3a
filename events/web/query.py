"""Addresses without empty parameters.

A filter form sent without JavaScript names every field, filled or not
(``?q=&kind=exercise&to=``). The page answers with a redirect to the same address
without the empty ones (``?kind=exercise``), so what a reader bookmarks, shares or
subscribes to is the short address the filters mean.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

# Only what a form leaves in an unfilled field: other code points (U+2028, U+0085)
# are values the page names and ignores, as it does any value it cannot read.
_BLANK = " \t\r\n"


def without_empty_parameters(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        pairs = list(request.GET.lists())
        kept = [(key, [value for value in values if value.strip(_BLANK)]) for key, values in pairs]
        kept = [(key, values) for key, values in kept if values]
        if kept == pairs:
            return view(request, *args, **kwargs)
        query = urlencode([(key, value) for key, values in kept for value in values])
        return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)

    return wrapper
