"""Calendar pages. Thin: parse the request, ask a queryset, lay out, render.

Every page reads the same filters (kind, country, series, q) and costs the same
small, constant number of queries: the series (for the filter form) and the
events of the period.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from dataclasses import dataclass

from babel import Locale
from django.conf import settings
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from events.dates import babel_locale, format_month_heading
from events.delivery.http import shared_publicly
from events.delivery.page_cache import FRAGMENT_HEADER, cached_calendar_page
from events.domain.changes import FEED_ENTRIES, describe, moved_from, public_changes
from events.domain.layout.agenda import agenda_groups, listed_counts, undated_by_kind
from events.domain.layout.month import month_grid, visible_range
from events.domain.layout.timeline import MAX_EVENTS, MAX_YEARS, build_timeline, year_range
from events.domain.layout.year import year_grid
from events.domain.statements import cited_sources
from events.enums import ChangeKind, Kind
from events.models import Change, Event, EventQuerySet, ExerciseSeries, Statement
from events.text import active_text_language
from events.web.feed_address import site_url
from events.web.feeds import MAX_AGE
from events.web.filters import EventFilter
from events.web.forms import AgendaPeriodForm, TimelinePeriodForm, ascii_number
from events.web.fragments import babel_date
from events.web.month_html import month_weeks_html
from events.web.query import without_empty_parameters
from events.web.structured_data import (
    document_json,
    event_document,
    event_summary,
    json_ld_script,
)
from events.web.subscribe import subscribe_links
from events.web.timeline_html import timeline_rows_html
from events.web.year_html import year_months_html

logger = logging.getLogger(__name__)

JSONLD_CONTENT_TYPE = "application/ld+json"

# Most events one agenda page lists; a link continues from where it stops.
AGENDA_LIMIT = 200


@dataclass(frozen=True)
class Selection:
    """What the reader asked to see: the filters, and the series they choose from."""

    filter: EventFilter
    series: tuple[ExerciseSeries, ...]

    @classmethod
    def from_request(cls, request: HttpRequest) -> Selection:
        series = tuple(ExerciseSeries.objects.order_by("name_en"))
        event_filter = EventFilter.from_query(request.GET, series_slugs={s.slug for s in series})
        return cls(event_filter, series)

    def events(self) -> EventQuerySet:
        return self.filter.apply(Event.objects.public().for_display())


def calendar_context(request: HttpRequest, selection: Selection, *, view: str, **extra) -> dict:
    language = (get_language() or "en")[:2]
    feed_query = selection.filter.query_string(lang="ru" if language == "ru" else "")
    feed_path = reverse("calendar-feed") + feed_query
    feed_url = request.build_absolute_uri(feed_path)
    return {
        "view": view,
        "filter": selection.filter,
        "filter_query": selection.filter.query_string(),
        "series_choices": selection.series,
        "kind_choices": Kind.choices,
        "country_choices": sorted(
            ((code, countries.name(code)) for code in settings.CSTOCAL_COUNTRIES),
            key=lambda pair: pair[1],
        ),
        "feed_path": feed_path,
        "feed_url": feed_url,
        "changes_path": reverse("changes-feed") + selection.filter.query_string(),
        "subscribe": subscribe_links(feed_url, name=_("CSTO calendar")),
        **extra,
    }


def _first_weekday() -> int:
    return Locale.parse(babel_locale()).first_week_day


def _events_label(count: int) -> str:
    return ngettext("%(count)s event", "%(count)s events", count) % {"count": count}


def _agenda_label(dated: int, undated: int) -> str:
    """ "13 events: 10 dated, 3 with dates not announced", or "10 events"."""
    total = _events_label(dated + undated)
    if not undated:
        return total
    return _("%(total)s: %(dated)s dated, %(undated)s with dates not announced") % {
        "total": total,
        "dated": dated,
        "undated": undated,
    }


def _nearest(selection: Selection, before: dt.date, after: dt.date) -> tuple:
    """The nearest matching events ending before ``before`` and starting after ``after``."""
    dated = selection.events().dated()
    earlier = dated.filter(end_date__lt=before).order_by("-end_date", "slug").first()
    later = dated.filter(start_date__gt=after).order_by("start_date", "slug").first()
    return earlier, later


# Month ---------------------------------------------------------------------


@require_safe
@without_empty_parameters
@cached_calendar_page
def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    return _month_page(request, year, month)


def _month_page(request: HttpRequest, year: int, month: int) -> HttpResponse:
    locale = babel_locale()
    first_weekday = _first_weekday()
    try:
        start, end = visible_range(year, month, first_weekday=first_weekday)
    except ValueError as exc:
        raise Http404 from exc
    selection = Selection.from_request(request)
    events = selection.events().overlapping(start, end).chronological()
    grid = month_grid(year, month, events, today=timezone.localdate(), first_weekday=first_weekday)

    earlier = later = None
    if grid.event_count == 0:
        month_end = grid.first_day.replace(day=calendar.monthrange(year, month)[1])
        earlier, later = _nearest(selection, grid.first_day, month_end)

    month_label = format_month_heading(grid.first_day)
    context = calendar_context(
        request,
        selection,
        view="month",
        grid=grid,
        weeks_html=month_weeks_html(grid, selection.filter),
        period_label=month_label,
        summary=f"{month_label}: {_events_label(grid.event_count)}",
        weekday_names=[
            (babel_date(day, "EEEE", locale=locale), babel_date(day, "EEE", locale=locale))
            for day in grid.weekdays
        ],
        earlier=earlier,
        later=later,
        picker_year=year,
        picker_month=month,
        month_names=[
            (number, babel_date(dt.date(2000, number, 1), "LLLL", locale=locale).capitalize())
            for number in range(1, 13)
        ],
    )
    template = "events/event_month.html"
    if request.headers.get(FRAGMENT_HEADER) == "month":
        template += "#month-body"
    response = render(request, template, context)
    patch_vary_headers(response, [FRAGMENT_HEADER])
    return response


# Year ----------------------------------------------------------------------


@require_safe
@without_empty_parameters
@cached_calendar_page
def year(request: HttpRequest, year: int) -> HttpResponse:
    locale = babel_locale()
    selection = Selection.from_request(request)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    events = selection.events().overlapping(first, last).chronological()
    grid = year_grid(year, events, today=timezone.localdate(), first_weekday=_first_weekday())
    earlier = later = None
    if grid.event_count == 0:
        earlier, later = _nearest(selection, first, last)
    weekday_names = [
        (babel_date(day, "EEEE", locale=locale), babel_date(day, "EEEEE", locale=locale))
        for day in grid.weekdays
    ]
    context = calendar_context(
        request,
        selection,
        view="year",
        grid=grid,
        period_label=str(year),
        summary=f"{year}: {_events_label(grid.event_count)}",
        weekday_names=weekday_names,
        months_html=year_months_html(grid, selection.filter.query_string(), weekday_names),
        month_labels={
            m: babel_date(dt.date(2000, m, 1), "LLLL", locale=locale).capitalize()
            for m in range(1, 13)
        },
        previous_year=year - 1 if year > dt.MINYEAR else None,
        next_year=year + 1 if year < dt.MAXYEAR else None,
        earlier=earlier,
        later=later,
        picker_year=year,
        picker_month=None,
    )
    return render(request, "events/event_year.html", context)


# Agenda --------------------------------------------------------------------


@require_safe
@without_empty_parameters
@cached_calendar_page
def agenda(request: HttpRequest) -> HttpResponse:
    selection = Selection.from_request(request)
    period = AgendaPeriodForm(request.GET)
    start, end = period.period()
    errors = period.notices()
    today = timezone.localdate()
    # A search with no period looks through every date; the agenda otherwise
    # starts today.
    searching = bool(selection.filter.q) and start is None and end is None
    if start is None and end is None and not searching:
        start = today

    events = selection.events()
    if start is not None:
        rows = events.in_order_from(start, end, AGENDA_LIMIT + 1)
    else:
        dated = events.dated()
        if end is not None:
            dated = dated.filter(start_date__lte=end)
        rows = list(dated.chronological()[: AGENDA_LIMIT + 1])
    continue_from = None
    if len(rows) > AGENDA_LIMIT:
        continue_from = rows[AGENDA_LIMIT].start_date
        shown = [e for e in rows[:AGENDA_LIMIT] if e.start_date < continue_from]
        if not shown:
            # A whole page starting on one day: continue from the next, if a date
            # can hold it (after 9999-12-31 there is nothing to continue to).
            shown = rows[:AGENDA_LIMIT]
            if continue_from < dt.date.max:
                continue_from += dt.timedelta(days=1)
            else:
                continue_from = None
        rows = shown
    undated = list(selection.events().undated().order_by("kind", "title_en", "slug"))

    earlier = later = None
    if not rows:
        earlier, later = _nearest(selection, start or dt.date.min, end or dt.date.max)

    more_query = ""
    if continue_from is not None:
        more_query = selection.filter.query_string(
            **{"from": continue_from.isoformat(), "to": end.isoformat() if end else ""}
        )
    groups = agenda_groups(rows, start=start)
    undated_groups = undated_by_kind(undated)
    context = calendar_context(
        request,
        selection,
        view="agenda",
        groups=groups,
        undated=undated_groups,
        start=start,
        end=end,
        is_upcoming=start == today and end is None,
        searching=searching,
        more_query=more_query,
        page_errors=errors,
        earlier=earlier,
        later=later,
        summary=_agenda_label(*listed_counts(groups, undated_groups)),
    )
    return render(request, "events/event_agenda.html", context)


# Timeline ------------------------------------------------------------------


@require_safe
@without_empty_parameters
@cached_calendar_page
def timeline(request: HttpRequest) -> HttpResponse:
    selection = Selection.from_request(request)
    period = TimelinePeriodForm(request.GET)
    first, last = period.period()
    errors = period.notices()

    events = selection.events()
    bounded = events.dated()
    if first:
        bounded = bounded.filter(end_date__gte=dt.date(first, 1, 1))
    if last:
        bounded = bounded.filter(start_date__lte=dt.date(last, 12, 31))
    if first is None or last is None:
        # The default period comes from the extremes alone, never from every event.
        bounds = bounded.aggregate(first=Min("start_date"), last=Max("end_date"))
        default_first, default_last = year_range(
            bounds["first"], bounds["last"], today=timezone.localdate()
        )
        first = first or default_first
        last = last or max(default_last, first)
    if last - first + 1 > MAX_YEARS:
        errors.append(
            _("The timeline shows at most %(max)s years; it ends in %(year)s.")
            % {"max": MAX_YEARS, "year": first + MAX_YEARS - 1}
        )
        last = first + MAX_YEARS - 1

    shown = events.in_order_from(dt.date(first, 1, 1), dt.date(last, 12, 31), MAX_EVENTS + 1)
    if len(shown) > MAX_EVENTS:
        # More than a reader can take in: whole years up to the cap, at least one.
        last = max(first, shown[MAX_EVENTS].start_date.year - 1)
        shown = [e for e in shown[:MAX_EVENTS] if e.start_date.year <= last]
        errors.append(
            _("The timeline shows at most %(max)s events at once; it ends in %(year)s.")
            % {"max": MAX_EVENTS, "year": last}
        )
    charted = [*shown, *events.undated().chronological()[:MAX_EVENTS]]
    chart = build_timeline(charted, series=selection.series, first_year=first, last_year=last)
    context = calendar_context(
        request,
        selection,
        view="timeline",
        chart=chart,
        rows_html=timeline_rows_html(chart),
        period_label=f"{first}–{last}" if first != last else str(first),
        page_errors=errors,
        summary=_events_label(chart.event_count),
    )
    return render(request, "events/event_timeline.html", context)


# Picker --------------------------------------------------------------------


@require_safe
def go(request: HttpRequest) -> HttpResponse:
    """The month/year picker's target: a form that works without JavaScript."""
    selection = Selection.from_request(request)
    raw_year, raw_month = request.GET.get("year", "").strip(), request.GET.get("month", "").strip()
    picked_year = ascii_number(raw_year, dt.MINYEAR, dt.MAXYEAR)
    picked_month = ascii_number(raw_month, 1, 12)
    if picked_year is None:
        message = _("Choose a year from 1 to 9999.")
    elif raw_month and picked_month is None:
        message = _("Choose a month from the list.")
    else:
        if picked_month is not None:
            target = reverse("month", kwargs={"year": picked_year, "month": picked_month})
        else:
            target = reverse("year", kwargs={"year": picked_year})
        return redirect(target + selection.filter.query_string())
    context = calendar_context(request, selection, view="go", message=message)
    return render(request, "events/bad_request.html", context, status=400)


# Event ---------------------------------------------------------------------


@require_safe
@cached_calendar_page
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.public().for_display(), slug=slug)
    template = "events/event_detail.html"
    if request.headers.get(FRAGMENT_HEADER) == "event":
        template += "#event-body"
    language = active_text_language()
    quotes, date_steps = cited_sources(event, language)
    changes = list(public_changes(Event.objects.filter(pk=event.pk))[:FEED_ENTRIES])
    cited = sorted((quote.statement for quote in quotes), key=lambda s: (s.date, s.pk))
    newest = {event.pk: cited[-1]} if cited else {}
    document = event_document(
        event,
        language=language,
        base_url=site_url(request),
        statements=[quote.statement for quote in quotes],
        moved_from=moved_from(changes),
    )
    context = {
        "view": "event",
        "event": event,
        "quotes": quotes,
        "date_steps": date_steps,
        "history": describe(changes, language, sources=newest),
        "changes_path": reverse("event-changes-feed", kwargs={"slug": event.slug}),
        "summary": event_summary(event, language),
        "structured_data": json_ld_script(document) if document else "",
    }
    response = render(request, template, context)
    patch_vary_headers(response, [FRAGMENT_HEADER])
    return response


@require_safe
@shared_publicly(MAX_AGE)
@cached_calendar_page
def event_jsonld(request: HttpRequest, slug: str) -> HttpResponse:
    """The event page's schema.org Event (JSON-LD) on its own, for integrators:
    /events/<slug>.jsonld in English, /ru/events/<slug>.jsonld in Russian. An
    undated event has none (structured_data.event_document), so 404."""
    event = get_object_or_404(Event.objects.public().for_display(), slug=slug)
    statements = (
        Statement.objects.filter(sentences__citations__event=event)
        .distinct()
        .order_by("date", "id")
    )
    moves = Change.objects.filter(event=event, kind=ChangeKind.DATES).order_by("-at", "-id")
    document = event_document(
        event,
        language=active_text_language(),
        base_url=site_url(request),
        statements=statements,
        moved_from=moved_from(list(moves)),
    )
    if document is None:
        raise Http404("An event without a date has no schema.org Event.")
    return HttpResponse(document_json(document), content_type=JSONLD_CONTENT_TYPE)
