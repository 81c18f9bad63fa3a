"""Proposing against this calendar: its series known, its events matched, and
each proposal as the record the command and the API give."""

from __future__ import annotations

import datetime as dt
from typing import Any

from events.domain.proposing.engine import propose
from events.domain.proposing.matching import match_existing
from events.domain.proposing.records import KnownSeries, Proposal
from events.models import Event, ExerciseSeries

# What a proposal is, for integrators (manage.py proposeevents --json and the API),
# in this order.
RECORD_FIELDS = (
    "kind",
    "series",
    "series_year",
    "country",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "name_en",
    "name_ru",
    "quote",
    "match",
)


def known_series() -> list[KnownSeries]:
    return [
        KnownSeries(series.slug, series.name_en, series.name_ru)
        for series in ExerciseSeries.objects.order_by("name_en")
    ]


def propose_for_calendar(text: str, *, date: dt.date, language: str) -> list[Proposal]:
    """The events ``text`` gives, each matched against the calendar's events."""
    found = propose(text, date=date, language=language, series=known_series())
    return match_existing(found, Event.objects.select_related("series"))


def as_record(proposal: Proposal) -> dict[str, Any]:
    """The proposal as JSON-ready data: RECORD_FIELDS, dates as YYYY-MM-DD or None."""
    record = {field: getattr(proposal, field) for field in RECORD_FIELDS}
    for field in ("start_date", "end_date"):
        record[field] = record[field].isoformat() if record[field] else None
    for field in ("kind", "start_precision", "end_precision"):
        record[field] = str(record[field])
    return record
