"""iCal feeds: the whole calendar and single events. Thin: query, build, wrap."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.http import require_safe

from events.filters import EventFilter
from events.ical import build_calendar, serialize_calendar
from events.models import TEXT_LANGUAGES, Event

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _base_url(request: HttpRequest) -> str:
    return settings.CSTOCAL_SITE_URL or f"{request.scheme}://{request.get_host()}"


def _feed_language(request: HttpRequest) -> str | None:
    language = request.GET.get("lang", TEXT_LANGUAGES[0])
    return language if language in TEXT_LANGUAGES else None


def _bad_language() -> HttpResponse:
    return HttpResponseBadRequest(
        f"lang must be one of: {', '.join(TEXT_LANGUAGES)}.\n",
        content_type="text/plain; charset=utf-8",
    )


def _ics_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _bad_filter(errors) -> HttpResponse:
    return HttpResponseBadRequest(
        "".join(f"{error}\n" for error in errors), content_type="text/plain; charset=utf-8"
    )


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The whole calendar, or the events the page filters select (kind, country, series, q)."""
    language = _feed_language(request)
    if language is None:
        return _bad_language()
    with translation.override(language):
        event_filter = EventFilter.from_query(request.GET)
    if event_filter.errors:
        return _bad_filter(event_filter.errors)
    events = event_filter.apply(Event.objects.public().dated().for_display()).chronological()
    cal = build_calendar(events, base_url=_base_url(request), language=language)
    return _ics_response(serialize_calendar(cal), filename="cstocal.ics")


@require_safe
def event_feed(request: HttpRequest, slug: str) -> HttpResponse:
    language = _feed_language(request)
    if language is None:
        return _bad_language()
    event = get_object_or_404(Event.objects.public().for_display(), slug=slug)
    cal = build_calendar([event], base_url=_base_url(request), language=language)
    return _ics_response(serialize_calendar(cal), filename=f"{event.slug}.ics")
