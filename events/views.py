"""Calendar pages. Thin: parse the request, ask a queryset, lay out, render."""

from __future__ import annotations

import calendar
import datetime as dt
import logging

from babel import Locale
from babel.dates import format_date
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from events.calendar_grid import month_grid, visible_range
from events.dates import babel_locale
from events.models import Event

logger = logging.getLogger(__name__)


@require_safe
def current_month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return _month_page(request, today.year, today.month, is_home=True)


@require_safe
def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    return _month_page(request, year, month, is_home=False)


def _month_page(request: HttpRequest, year: int, month: int, *, is_home: bool) -> HttpResponse:
    locale = babel_locale()
    first_weekday = Locale.parse(locale).first_week_day
    today = timezone.localdate()
    try:
        start, end = visible_range(year, month, first_weekday=first_weekday)
    except ValueError as exc:
        raise Http404 from exc
    events = Event.objects.public().for_display().overlapping(start, end).chronological()
    grid = month_grid(year, month, events, today=today, first_weekday=first_weekday)

    earlier = later = None
    if grid.event_count == 0:
        month_start = dt.date(year, month, 1)
        month_end = month_start.replace(day=calendar.monthrange(year, month)[1])
        public = Event.objects.public().dated().for_display()
        earlier = public.filter(end_date__lt=month_start).order_by("-end_date", "slug").first()
        later = public.filter(start_date__gt=month_end).order_by("start_date", "slug").first()

    context = {
        "grid": grid,
        "is_home": is_home,
        "month_label": format_date(grid.first_day, "LLLL y", locale=locale),
        "weekday_names": [
            (format_date(day, "EEEE", locale=locale), format_date(day, "EEE", locale=locale))
            for day in grid.weekdays
        ],
        "earlier": earlier,
        "later": later,
        "this_month": (today.year, today.month),
    }
    return render(request, "events/event_month.html", context)


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.public().for_display(), slug=slug)
    return render(request, "events/event_detail.html", {"event": event})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers: 200, or 503 without a database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("healthz: database unreachable", exc_info=True)
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        response["Retry-After"] = "30"
        return response
    return JsonResponse({"status": "ok", "database": "ok"})
