"""What the home page tells a new reader: what the calendar covers, who chairs, the
summits either side of today, the exercises ahead (or the latest ones, when none is
announced), the newest statements and when the data last changed.

A handful of small queries, each on an index (kind, dates); no request, no cache.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Max, Min, Q

from events.enums import Kind, Status
from events.models import CalendarStamp, Event, Statement
from events.models.stamp import NEVER_CHANGED

if TYPE_CHECKING:
    from events.models.queryset import EventQuerySet

EXERCISE_CARDS = 4
NEWEST_STATEMENTS = 3


@dataclass(frozen=True)
class Briefing:
    event_count: int
    # The years the dated events span, or None when nothing is dated.
    first_year: int | None
    last_year: int | None
    # The chair whose term covers today or, when none does, the latest term.
    chair: Event | None
    chair_is_current: bool
    next_summit: Event | None
    latest_summit: Event | None
    # Upcoming exercises or, when none is announced after today, the latest ones.
    exercises: tuple[Event, ...]
    exercises_upcoming: bool
    statements: tuple[Statement, ...]
    # When the calendar last changed, or None before its first change.
    changed_at: dt.datetime | None


def _public() -> EventQuerySet[Event]:
    return Event.objects.public().for_display()


def _chair(today: dt.date) -> tuple[Event | None, bool]:
    terms = _public().filter(kind=Kind.TERM).dated()
    current = terms.filter(start_date__lte=today, end_date__gte=today).order_by("-start_date")
    chair = current.first()
    if chair is not None:
        return chair, True
    return terms.filter(start_date__lte=today).order_by("-start_date", "-id").first(), False


def build_briefing(today: dt.date) -> Briefing:
    events = _public()
    span = events.dated().aggregate(first=Min("start_date"), last=Max("end_date"))
    summits = events.filter(kind=Kind.SUMMIT).dated().exclude(status=Status.CANCELLED)
    next_summit = summits.filter(end_date__gte=today).order_by("start_date", "id").first()
    # The latest summit known to have been held; a tentative one is named only when
    # no summit is confirmed.
    past = summits.filter(end_date__lt=today).order_by("-end_date", "-id")
    latest_summit = past.filter(status=Status.CONFIRMED).first() or past.first()

    exercises = events.filter(kind=Kind.EXERCISE).dated()
    upcoming = list(exercises.filter(end_date__gte=today).chronological()[:EXERCISE_CARDS])
    if upcoming:
        shown, are_upcoming = upcoming, True
    else:
        latest = exercises.filter(~Q(end_date__gte=today)).order_by("-start_date", "-id")
        shown, are_upcoming = list(latest[:EXERCISE_CARDS]), False

    chair, chair_is_current = _chair(today)
    stamp = CalendarStamp.read()
    return Briefing(
        event_count=events.count(),
        first_year=span["first"].year if span["first"] else None,
        last_year=span["last"].year if span["last"] else None,
        chair=chair,
        chair_is_current=chair_is_current,
        next_summit=next_summit,
        latest_summit=latest_summit,
        exercises=tuple(shown),
        exercises_upcoming=are_upcoming,
        statements=tuple(Statement.objects.order_by("-date", "-id")[:NEWEST_STATEMENTS]),
        changed_at=None if stamp.changed_at == NEVER_CHANGED else stamp.changed_at,
    )
