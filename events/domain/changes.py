"""What changed on the calendar, told to a reader: "Interaction-2014: dates made
precise, 2014 → 18–22 August 2014".

The rows are kept by events/models/change.py as plain values; this writes them
in the reader's language, with the event and the statement each one concerns.
No HTTP and no cache: the changes page and the Atom feeds build on it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from events.dates import format_day, format_span
from events.enums import ChangeKind, Kind, Precision, Status
from events.models import Change, Citation, Event, EventQuerySet, Statement

# The newest changes a feed carries, and a page lists at a time.
FEED_ENTRIES = 50
PRECISION_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


@dataclass
class Dates:
    """An event's dates as a change kept them, shaped for format_span."""

    start_date: dt.date | None
    end_date: dt.date | None
    start_precision: str
    end_precision: str
    time_zone: str
    start_time: dt.time | None
    end_time: dt.time | None

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> Dates:
        def day(name: str) -> dt.date | None:
            value = values.get(name)
            return dt.date.fromisoformat(value) if value else None

        def time(name: str) -> dt.time | None:
            value = values.get(name)
            return dt.time.fromisoformat(value) if value else None

        return cls(
            start_date=day("start_date"),
            end_date=day("end_date"),
            start_precision=values.get("start_precision") or Precision.DAY,
            end_precision=values.get("end_precision") or Precision.DAY,
            time_zone=values.get("time_zone") or "",
            start_time=time("start_time"),
            end_time=time("end_time"),
        )

    def _at(self, day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
        if day is None or time is None or not self.time_zone:
            return None
        try:
            zone = zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        return dt.datetime.combine(day, time, tzinfo=zone)

    @property
    def starts_at(self) -> dt.datetime | None:
        return self._at(self.start_date, self.start_time)

    @property
    def ends_at(self) -> dt.datetime | None:
        return self._at(self.end_date, self.end_time)

    @property
    def is_exact(self) -> bool:
        return self.start_precision == Precision.DAY and self.end_precision == Precision.DAY

    def narrows(self, earlier: Dates) -> bool:
        """Whether these dates say more precisely what ``earlier`` said: inside
        its range, each end known at least as well, one better."""
        start, end = self.start_date, self.end_date
        was_start, was_end = earlier.start_date, earlier.end_date
        if start is None or end is None or was_start is None or was_end is None:
            return False
        inside = was_start <= start and end <= was_end
        ranks = [
            (PRECISION_RANK[Precision(new)], PRECISION_RANK[Precision(old)])
            for new, old in (
                (self.start_precision, earlier.start_precision),
                (self.end_precision, earlier.end_precision),
            )
        ]
        return inside and all(new >= old for new, old in ranks) and any(n > o for n, o in ranks)


@dataclass(frozen=True)
class ChangeEntry:
    """One change as a reader is told it, in one language."""

    uid: str
    at: dt.datetime
    day: dt.date  # of ``at``, in the site's time zone
    kind: str
    name: str
    title: str  # "Interaction-2014: dates made precise"
    what: str  # the title without the name, for the event's own page: "Dates made precise"
    before: str
    after: str
    # The event's page exists (it is on the calendar now); the statement is the
    # one the change is about, or the newest the event cites.
    event: Event | None
    statement: Statement | None


def public_changes(events: EventQuerySet[Event] | None = None) -> QuerySet[Change]:
    """Changes newest first: all of them, or those of ``events`` and the statements
    that cite any of them."""
    changes = Change.objects.select_related("event__series", "statement")
    if events is not None:
        cited = Statement.objects.filter(sentences__citations__event__in=events)
        changes = changes.filter(Q(event__in=events) | Q(statement__in=cited))
    return changes.order_by("-at", "-id")


def moved_from(changes: list[Change]) -> Dates | None:
    """The dates an event was moved from, as its newest move says (``changes``
    newest first): a change of dates that did not only make them more precise.
    None when its dates were only ever announced or made precise."""
    for change in changes:
        if change.kind != ChangeKind.DATES:
            continue
        earlier, later = Dates.from_values(change.before), Dates.from_values(change.after)
        dated = earlier.start_date is not None and later.start_date is not None
        if dated and not later.narrows(earlier):
            return earlier
    return None


def describe(
    changes: list[Change], language: str, *, sources: dict[int, Statement] | None = None
) -> list[ChangeEntry]:
    """The changes as a reader of ``language`` is told them. ``sources``, the newest
    statement each event cites, is read here unless the caller already knows it."""
    if sources is None:
        sources = _newest_sources([c.event_id for c in changes if c.event_id is not None])
    with translation.override(language):
        return [_entry(change, language, sources) for change in changes]


def _newest_sources(event_ids: list[int]) -> dict[int, Statement]:
    """The newest statement each event cites, in one query."""
    newest: dict[int, Statement] = {}
    citations = (
        Citation.objects.filter(event_id__in=set(event_ids))
        .select_related("sentence__statement")
        .order_by("sentence__statement__date", "sentence__statement_id")
    )
    for citation in citations:
        newest[citation.event_id] = citation.sentence.statement
    return newest


def _entry(change: Change, language: str, sources: dict[int, Statement]) -> ChangeEntry:
    event = change.event
    name = event.name_in(language) if event is not None else change.name_in(language)
    statement = change.statement
    if statement is None and change.event_id is not None:
        statement = sources.get(change.event_id)
    if statement is not None and change.kind == ChangeKind.STATEMENT:
        name = statement.title
    title, what, before, after = _told(change, name, event)
    public = event if event is not None and event.published else None
    return ChangeEntry(
        uid=str(change.uid),
        at=change.at,
        day=timezone.localtime(change.at).date(),
        kind=change.kind,
        name=name,
        title=title,
        what=what,
        before=before,
        after=after,
        event=public,
        statement=statement,
    )


def _told(change: Change, name: str, event: Event | None) -> tuple[str, str, str, str]:
    """The entry's title, the same without the name, and what was before and what
    is now, in words."""
    kind, old, new = change.kind, change.before, change.after
    if kind == ChangeKind.ADDED:
        title = _("%(name)s added to the calendar") % {"name": name}
        return title, _("Added to the calendar"), "", _summary(new)
    if kind == ChangeKind.REMOVED:
        title = _("%(name)s removed from the calendar") % {"name": name}
        return title, _("Removed from the calendar"), _summary(old), ""
    if kind == ChangeKind.STATEMENT:
        day = new.get("date")
        when = format_day(dt.date.fromisoformat(day)) if day else ""
        title = _("New statement: %(title)s") % {"title": name}
        return title, title, "", when
    if kind == ChangeKind.STATUS:
        what = _status(new)
        before, after = _status(old).capitalize(), _status(new).capitalize()
    elif kind == ChangeKind.PLACE:
        term = event is not None and event.kind == Kind.TERM
        what = _("chair changed") if term else _("place changed")
        before, after = _where(old), _where(new)
    else:
        earlier, later = Dates.from_values(old), Dates.from_values(new)
        if earlier.start_date is None:
            what = _("dates announced")
        elif later.start_date is None:
            what = _("dates no longer known")
        elif later.narrows(earlier):
            what = _("dates made precise")
        else:
            what = _("dates changed")
        before, after = format_span(earlier), format_span(later)
    title = _("%(name)s: %(what)s") % {"name": name, "what": what}
    return title, what[:1].upper() + what[1:], before, after


def _status(values: dict[str, Any]) -> str:
    code = values.get("status") or Status.CONFIRMED
    return str(Status(code).label) if code in Status.values else str(code)


def _where(values: dict[str, Any]) -> str:
    language = translation.get_language() or "en"
    place = values.get(f"place_{language[:2]}") or values.get("place_en") or ""
    country = countries.name(values["country"]) if values.get("country") else ""
    return ", ".join(part for part in (place, country) if part) or _("not given")


def _summary(values: dict[str, Any]) -> str:
    """ "18–22 August 2014 · Chebarkul, Russia · tentative" for an added or removed event."""
    if not values:
        return ""
    parts = [format_span(Dates.from_values(values))]
    where = _where(values)
    if values.get("country") or values.get("place_en") or values.get("place_ru"):
        parts.append(where)
    if values.get("status") and values["status"] != Status.CONFIRMED:
        parts.append(_status(values))
    return " · ".join(parts)
