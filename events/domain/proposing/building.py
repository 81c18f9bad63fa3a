"""Making a proposal from what a finder read: the fields every kind shares."""

from __future__ import annotations

import datetime as dt

from events.domain.proposing.context import Sentence
from events.domain.proposing.dates import Dates
from events.domain.proposing.places import City
from events.domain.proposing.records import Proposal
from events.enums import Precision


def proposal(
    sentence: Sentence,
    *,
    kind: str,
    name_en: str,
    name_ru: str,
    dates: Dates | None = None,
    country: str = "",
    city: City | None = None,
    series: str | None = None,
    series_name_ru: str = "",
    series_year: int | None = None,
    informal: bool = False,
) -> Proposal:
    return Proposal(
        kind=kind,
        series=series,
        series_name_ru=series_name_ru,
        series_year=series_year,
        country=country,
        start_date=dates.start if dates else None,
        start_precision=dates.start_precision if dates else Precision.DAY,
        end_date=dates.end if dates else None,
        end_precision=dates.end_precision if dates else Precision.DAY,
        name_en=name_en,
        name_ru=name_ru,
        place_en=city.name_en if city else "",
        place_ru=city.name_ru if city else "",
        informal=informal,
        quote=sentence.text,
        quote_start=sentence.start,
    )


def day(value: dt.date) -> Dates:
    """One day, known to the day: the statement's own date."""
    return Dates(value, Precision.DAY, value, Precision.DAY)


def year_of(year: int) -> Dates:
    return Dates(dt.date(year, 1, 1), Precision.YEAR, dt.date(year, 12, 31), Precision.YEAR)
