"""What changed, for readers: the changes page and its Atom feeds.

``/changes/`` lists each change a reader would care about, newest first, and
``/changes.atom`` carries the newest of them as Atom 1.0 (Django's syndication
framework), both under the calendar's filters (``?series=interaction``);
``/events/<slug>/changes.atom`` follows one event. ``/ru/…`` says them in Russian.

Feeds are cached under the calendar change stamp like pages, with its time as
Last-Modified: a reader polling with If-None-Match or If-Modified-Since is
answered 304 from the cache, without a database query, until something changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from events.delivery.http import shared_publicly
from events.delivery.page_cache import cached_calendar_page, cached_feed
from events.delivery.stamp import current_stamp
from events.domain.changes import FEED_ENTRIES, ChangeEntry, describe, public_changes
from events.enums import KIND_PLURALS, Kind
from events.models import Event
from events.text import active_text_language
from events.web.feed_address import site_url
from events.web.feeds import plain_400
from events.web.filters import EventFilter
from events.web.query import without_empty_parameters
from events.web.views import Selection, calendar_context

CONTENT_TYPE = "application/atom+xml; charset=utf-8"
# Feed readers may reuse a feed this long without asking again.
FEED_MAX_AGE = 300


@dataclass(frozen=True)
class ChangesView:
    """One feed of changes: what it is called, where it and its page are, and its entries."""

    title: str
    page_url: str
    feed_url: str
    entries: list[ChangeEntry]
    since: dt.datetime


class ChangesAtom(Atom1Feed):
    """Atom 1.0 whose feed-level ``updated`` is the newest entry's time, or, with
    no entry yet, when the calendar last changed (never the time of the request)."""

    def latest_post_date(self) -> dt.datetime:
        if self.items:
            return super().latest_post_date()
        since: dt.datetime = self.feed["quiet_since"]
        return since


class ChangesFeed(Feed):
    feed_type = ChangesAtom

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def title(self, obj: ChangesView) -> str:
        return obj.title

    def link(self, obj: ChangesView) -> str:
        return obj.page_url

    def feed_url(self, obj: ChangesView) -> str:
        return obj.feed_url

    def feed_guid(self, obj: ChangesView) -> str:
        # The feed's id: its own address, which never changes.
        return obj.feed_url

    def subtitle(self, obj: ChangesView) -> str:
        return _(
            "New events, dates announced, moved or made precise, status and place "
            "changes, and new statements."
        )

    def author_name(self) -> str:
        return _("CSTO calendar")

    def author_link(self) -> str:
        return self.base + reverse("home")

    def feed_extra_kwargs(self, obj: ChangesView) -> dict:
        return {"quiet_since": obj.since}

    def items(self, obj: ChangesView) -> list[ChangeEntry]:
        return obj.entries

    def item_title(self, entry: ChangeEntry) -> str:
        return entry.title

    def item_link(self, entry: ChangeEntry) -> str:
        return self.base + entry_path(entry)

    def item_guid(self, entry: ChangeEntry) -> str:
        return f"urn:uuid:{entry.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry: ChangeEntry) -> dt.datetime:
        return entry.at

    def item_updateddate(self, entry: ChangeEntry) -> dt.datetime:
        return entry.at

    def item_categories(self, entry: ChangeEntry) -> list[str]:
        return [entry.kind]

    def item_description(self, entry: ChangeEntry) -> str:
        lines = []
        if entry.before:
            lines.append((_("Before:"), entry.before))
        if entry.after:
            lines.append((_("Now:") if entry.before else _("Dates:"), entry.after))
        body = format_html_join("", "<p>{} {}</p>", lines)
        links = []
        if entry.event is not None:
            links.append((self.base + entry.event.get_absolute_url(), entry.name))
        if entry.statement is not None:
            links.append((self.base + entry.statement.get_absolute_url(), entry.statement.title))
        if links:
            body += format_html("<p>{}</p>", format_html_join(" · ", '<a href="{}">{}</a>', links))
        return body


def entry_path(entry: ChangeEntry) -> str:
    """Where an entry leads: its event, else its statement, else its place on the changes page."""
    if entry.event is not None:
        return entry.event.get_absolute_url()
    if entry.statement is not None:
        return entry.statement.get_absolute_url()
    return reverse("changes") + f"#change-{entry.uid}"


def filter_words(event_filter: EventFilter) -> str:
    """The filters in words: "exercises · Belarus · Interaction · “grom”"."""
    parts = [str(KIND_PLURALS[Kind(kind)]) for kind in event_filter.kinds]
    parts += [countries.name(code) for code in event_filter.countries]
    parts += list(event_filter.series)
    if event_filter.q:
        parts.append(f"“{event_filter.q}”")
    return " · ".join(parts)


def _feed_response(request: HttpRequest, view: ChangesView) -> HttpResponse:
    generated = ChangesFeed(site_url(request)).get_feed(view, request)
    response = HttpResponse(content_type=CONTENT_TYPE)
    generated.write(response, "utf-8")
    return response


@require_safe
@shared_publicly(FEED_MAX_AGE)
@cached_feed
def changes_feed(request: HttpRequest) -> HttpResponse:
    """The calendar's changes, or those of the events the filters select."""
    selection = Selection.from_request(request)
    if selection.filter.errors:
        return plain_400(selection.filter.errors)
    base = site_url(request)
    query = selection.filter.query_string()
    events = selection.filter.apply(Event.objects.all()) if selection.filter.is_active else None
    changes = list(public_changes(events)[:FEED_ENTRIES])
    title = _("Changes to the CSTO calendar")
    if selection.filter.is_active:
        title = f"{title}: {filter_words(selection.filter)}"
    view = ChangesView(
        title=title,
        page_url=base + reverse("changes") + query,
        feed_url=base + reverse("changes-feed") + query,
        entries=describe(changes, active_text_language()),
        since=current_stamp().changed_at,
    )
    return _feed_response(request, view)


@require_safe
@shared_publicly(FEED_MAX_AGE)
@cached_feed
def event_changes_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The changes of one event, and the statements that cite it."""
    event = get_object_or_404(Event.objects.public().select_related("series"), slug=slug)
    base = site_url(request)
    language = active_text_language()
    changes = list(public_changes(Event.objects.filter(pk=event.pk))[:FEED_ENTRIES])
    view = ChangesView(
        title=_("Changes to %(name)s") % {"name": event.name_in(language)},
        page_url=base + event.get_absolute_url(),
        feed_url=base + reverse("event-changes-feed", kwargs={"slug": event.slug}),
        entries=describe(changes, language),
        since=current_stamp().changed_at,
    )
    return _feed_response(request, view)


@require_safe
@without_empty_parameters
@cached_calendar_page
def changes(request: HttpRequest) -> HttpResponse:
    """The changes page: every change a reader would care about, newest first."""
    selection = Selection.from_request(request)
    event_filter = selection.filter
    events = event_filter.apply(Event.objects.all()) if event_filter.is_active else None
    paginator = Paginator(public_changes(events), FEED_ENTRIES)
    page_errors = []
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page_errors.append(_("There is no such page of changes; this is the first."))
        page = paginator.page(1)
    entries = describe(list(page.object_list), active_text_language())
    days: list[tuple[dt.date, list[ChangeEntry]]] = []
    for entry in entries:
        if not days or days[-1][0] != entry.day:
            days.append((entry.day, []))
        days[-1][1].append(entry)
    context = calendar_context(
        request,
        selection,
        view="changes",
        days=days,
        page=page,
        page_errors=page_errors,
        filter_words=filter_words(event_filter),
    )
    return render(request, "events/changes.html", context)
