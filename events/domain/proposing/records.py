"""What proposing takes and gives: the series the calendar knows, and proposals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownSeries:
    """An exercise series already in the calendar, as proposing needs it."""

    slug: str
    name_en: str
    name_ru: str


@dataclass(frozen=True)
class Proposal:
    """One event a statement's text gives, for an editor to accept, amend or drop.

    Dates are stored as the model stores them: a month-precision start is the 1st,
    a month-precision end the last day, a year-precision span 1 January to
    31 December; an undated proposal has neither date.
    """

    kind: str
    series: str | None
    series_name_ru: str
    series_year: int | None
    country: str
    start_date: dt.date | None
    start_precision: str
    end_date: dt.date | None
    end_precision: str
    name_en: str
    name_ru: str
    place_en: str
    place_ru: str
    informal: bool
    quote: str
    quote_start: int
    match: str | None = None
    changes: tuple[tuple[str, str, str], ...] = ()
