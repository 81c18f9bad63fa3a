"""Human-readable dates and ranges in the active language, honest about precision.

Babel knows how each locale writes a range ("19–25 September 2013",
"19–25 сентября 2013 г."); a date known only to the year is written as the year,
never as a made-up day.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from babel.dates import format_date, format_interval, format_skeleton
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.enums import Precision


class Span(Protocol):
    """What a date range is written from: an event, or anything shaped like one."""

    start_date: dt.date | None
    end_date: dt.date | None
    start_precision: str
    end_precision: str
    time_zone: str

    @property
    def starts_at(self) -> dt.datetime | None: ...

    @property
    def ends_at(self) -> dt.datetime | None: ...

    @property
    def is_exact(self) -> bool: ...


# English dates are written the British way, as the organisation's own English texts do.
BABEL_LOCALES = {"en": "en_GB", "ru": "ru"}


def babel_locale(language: str | None = None) -> str:
    language = (language or get_language() or "en")[:2]
    return BABEL_LOCALES.get(language, "en_GB")


def format_day(
    value: dt.date, precision: str = Precision.DAY, *, language: str | None = None
) -> str:
    """One date at its precision: "20 September 2013", "December 2012", "2014"."""
    locale = babel_locale(language)
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        # "LLLL y": the stand-alone month name ("декабрь 2012", not "декабря").
        return format_date(value, "LLLL y", locale=locale)
    return format_skeleton("yMMMMd", value, locale=locale)


def _day_range(start: dt.date, end: dt.date, language: str | None) -> str:
    """ "19–25 September 2013", "19 September – 2 October 2013", "19—25 сентября 2013".

    CLDR has no interval format with full month names and a year, so the year is
    added to the day-and-month interval the way the locale adds it to one date.
    CLDR's thin spaces become plain ones, and a range inside one month is closed
    up as the style guides want.
    """
    locale = babel_locale(language)
    if start.year != end.year:
        return f"{format_day(start, language=language)} – {format_day(end, language=language)}"
    days = format_interval(start, end, "MMMMd", locale=locale)
    if start.month == end.month:
        days = days.replace("\u2009", "")
    days = days.replace("\u2009", " ")
    # The year as the locale writes it after a day and month (" 2013", " 2013 г.").
    full_end = format_skeleton("yMMMMd", end, locale=locale)
    day_month = format_skeleton("MMMMd", end, locale=locale)
    year = full_end.removeprefix(day_month) if full_end.startswith(day_month) else f" {end.year}"
    return f"{days}{year}"


def format_span(event: Span, *, language: str | None = None) -> str:
    """The event's dates as a reader expects them, or "Date to be announced"."""
    if event.start_date is None:
        return _("Date to be announced")
    locale = babel_locale(language)
    if event.starts_at is not None and event.ends_at is not None:
        start, end = event.starts_at, event.ends_at
        start_time = format_skeleton("Hm", start, locale=locale)
        end_time = format_skeleton("Hm", end, locale=locale)
        if start.date() == end.date():
            text = f"{format_day(start.date(), language=language)}, {start_time}–{end_time}"
        else:
            text = (
                f"{format_day(start.date(), language=language)}, {start_time} – "
                f"{format_day(end.date(), language=language)}, {end_time}"
            )
        return f"{text} ({event.time_zone})"
    if event.end_date is None:
        return format_day(event.start_date, event.start_precision, language=language)
    if event.is_exact:
        if event.start_date == event.end_date:
            return format_day(event.start_date, language=language)
        return _day_range(event.start_date, event.end_date, language)
    first = format_day(event.start_date, event.start_precision, language=language)
    last = format_day(event.end_date, event.end_precision, language=language)
    if first == last:
        return first
    return f"{first} – {last}"
