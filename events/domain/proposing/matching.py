"""Which proposals the calendar already holds, and what the text would change.

An exercise is the same one when its series and year are; a chairmanship term when
its chair is and the terms overlap; a summit when its dates are, or its place and
dates overlap, or the calendar holds only the year of the session ("the next
session, in 2014") and the proposal falls in it; an operation when it fights the
same thing; a milestone when its horizon is the same. A matched proposal names the
event and lists, field by field, what differs as a reader sees it ("2014" →
"23 December 2014"). A proposal never makes a known date vaguer: a side the text
gives less precisely than the calendar is left as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from events.dates import format_span
from events.domain.proposing.operations import operation_key
from events.domain.proposing.places import country_names
from events.domain.proposing.records import Proposal
from events.enums import Kind, Precision
from events.models import Event

_FINENESS: dict[str, int] = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


@dataclass
class DateSpan:
    """Dates shaped as format_span() reads them (all-day: no times, no zone)."""

    start_date: dt.date | None
    end_date: dt.date | None
    start_precision: str
    end_precision: str
    time_zone: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None

    @property
    def is_exact(self) -> bool:
        return self.start_precision == Precision.DAY and self.end_precision == Precision.DAY


def span_of(proposal: Proposal) -> DateSpan:
    """The proposal's dates, for format_span()."""
    return DateSpan(
        proposal.start_date, proposal.end_date, proposal.start_precision, proposal.end_precision
    )


def match_existing(proposals: Iterable[Proposal], events: Iterable[Event]) -> list[Proposal]:
    """``proposals`` with ``match`` and ``changes`` set for those the calendar holds."""
    known = list(events)
    matched = []
    for proposal in proposals:
        event = _best_match(proposal, known)
        if event is None:
            matched.append(proposal)
        else:
            matched.append(replace(proposal, match=event.slug, changes=_changes(proposal, event)))
    return matched


def _best_match(proposal: Proposal, events: list[Event]) -> Event | None:
    """The event the proposal is about; of several, the one whose dates agree most."""
    candidates = [event for event in events if _same(proposal, event)]
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda event: (
            event.start_date == proposal.start_date and event.end_date == proposal.end_date,
            bool(proposal.place_en) and event.place_en == proposal.place_en,
        ),
    )


def _same(proposal: Proposal, event: Event) -> bool:
    if event.kind != proposal.kind:
        return False
    if proposal.kind == Kind.EXERCISE:
        series = event.series
        names = {series.slug, series.name_en.lower()} if series else set()
        return str(proposal.series).lower() in names and event.series_year == proposal.series_year
    if proposal.kind == Kind.TERM:
        return event.country == proposal.country and _overlap(proposal, event)
    if proposal.kind == Kind.SUMMIT:
        return _same_summit(proposal, event)
    if proposal.kind == Kind.OPERATION:
        key = operation_key(proposal.name_en)
        titles = (event.title_en, event.title_ru)
        return proposal.name_en.lower() == event.title_en.lower() or (
            key is not None and any(operation_key(title) == key for title in titles)
        )
    return proposal.name_en.lower() == event.title_en.lower() or (
        proposal.end_date is not None
        and (proposal.end_date, proposal.end_precision) == (event.end_date, event.end_precision)
        and proposal.start_date is not None
        and event.start_date is not None
        and proposal.start_date.year == event.start_date.year
    )


def _same_summit(proposal: Proposal, event: Event) -> bool:
    if proposal.informal != event.informal or proposal.start_date is None:
        return False
    if (proposal.start_date, proposal.end_date) == (event.start_date, event.end_date):
        return True
    if proposal.place_en and proposal.place_en == event.place_en and _overlap(proposal, event):
        return True
    # A session the calendar knows only to the year ("the next session, in 2014"),
    # or one the text gives only so: the session of that year, wherever it was.
    yearly = Precision.YEAR in (event.start_precision, proposal.start_precision)
    same_year = event.start_date is not None and event.start_date.year == proposal.start_date.year
    places_agree = not (proposal.place_en and event.place_en) or (
        proposal.place_en == event.place_en
    )
    return yearly and same_year and places_agree


def _overlap(proposal: Proposal, event: Event) -> bool:
    """Whether the two spans share a day; an unknown side is open."""
    start = proposal.start_date or dt.date.min
    end = proposal.end_date or dt.date.max
    event_start = event.start_date or dt.date.min
    event_end = event.end_date or dt.date.max
    return start <= event_end and event_start <= end


def _changes(proposal: Proposal, event: Event) -> tuple[tuple[str, str, str], ...]:
    changes = []
    old = DateSpan(event.start_date, event.end_date, event.start_precision, event.end_precision)
    new = _merged(proposal, old)
    if new != old:
        changes.append(("dates", format_span(old, language="en"), format_span(new, language="en")))
    if proposal.country and proposal.country != event.country:
        old_country = country_names(event.country)[0] if event.country else ""
        changes.append(("country", old_country, country_names(proposal.country)[0]))
    if proposal.place_en and proposal.place_en != event.place_en:
        changes.append(("place", event.place_en, proposal.place_en))
    return tuple(changes)


def dates_after(proposal: Proposal, event: Event) -> DateSpan:
    """The event's dates once the proposal is taken in: each side as the text gives
    it when that is at least as precise as the calendar's, else the calendar's."""
    old = DateSpan(event.start_date, event.end_date, event.start_precision, event.end_precision)
    return _merged(proposal, old)


def _merged(proposal: Proposal, old: DateSpan) -> DateSpan:
    """The event's dates with each side the text gives at least as precisely."""
    start, start_precision = _side(
        proposal.start_date, proposal.start_precision, old.start_date, old.start_precision
    )
    end, end_precision = _side(
        proposal.end_date, proposal.end_precision, old.end_date, old.end_precision
    )
    return DateSpan(start, end, start_precision, end_precision)


def _side(
    new: dt.date | None, new_precision: str, old: dt.date | None, old_precision: str
) -> tuple[dt.date | None, str]:
    if new is None:
        return old, old_precision
    if old is not None and _FINENESS.get(new_precision, 2) < _FINENESS.get(old_precision, 2):
        return old, old_precision
    return new, new_precision
