"""Human-readable dates and ranges in the active language, honest about precision.

Babel knows how each locale writes a range ("19–25 September 2013",
"19–25 сентября 2013 г."); a date known only to the year is written as the year,
never as a made-up day.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Protocol

from babel import Locale
from babel.dates import match_skeleton, parse_pattern
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.enums import Precision

if TYPE_CHECKING:
    from babel.dates import DateTimePattern


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


# How ranges are written (one rule for pages, feeds and the API):
# - Between numbers, an en dash without spaces, in both languages: "19–25 September
#   2013", «19–25 сентября 2013 г.», «2013–2014 гг.», "10:00–12:00".
# - Between dates written with words: English a spaced en dash ("19 September –
#   2 October 2013"), as British style writes it; Russian a spaced em dash
#   («30 сентября — 2 октября 2014 г.», «декабрь 2012 г. — 23 сентября 2013 г.»),
#   the dash Russian typography puts between words.
# - A Russian date with a year ends in «г.» (two years: «гг.»), after the narrow
#   no-break space CLDR puts there; headings do not. A no-break space also keeps
#   the Russian dash off the start of a line.
NUMBER_DASH = "\u2013"
YEAR_MARK = "\u202fг."
YEARS_MARK = "\u202fгг."
WORD_DASHES = {"en_GB": " \u2013 ", "ru": "\u00a0\u2014 "}


def format_date(value: dt.date, pattern: str, *, locale: str) -> str:
    """``babel.dates.format_date(value, pattern, locale=locale)`` for a date and a
    pattern: the same text, with the pattern parsed and the locale's data found
    once per process rather than on every call (ranges are many; patterns and
    locales few). tests/test_dates.py holds the two equal."""
    if isinstance(value, dt.datetime):
        value = value.date()
    parsed, data = _pattern(pattern, locale)
    return parsed.apply(value, data)


def format_skeleton(skeleton: str, value: dt.date, *, locale: str) -> str:
    """``babel.dates.format_skeleton(skeleton, value, locale=locale)``, its best
    pattern for the skeleton chosen once per process, as format_date."""
    parsed, data = _skeleton_pattern(skeleton, locale)
    # As Babel formats a date or a naive time: as a datetime, in UTC.
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return parsed.apply(value, data)


@functools.cache
def _pattern(pattern: str, locale: str) -> tuple[DateTimePattern, Locale]:
    return parse_pattern(pattern), Locale.parse(locale)


@functools.cache
def _skeleton_pattern(skeleton: str, locale: str) -> tuple[DateTimePattern, Locale]:
    data = Locale.parse(locale)
    skeletons = data.datetime_skeletons
    if skeleton not in skeletons:
        skeleton = match_skeleton(skeleton, skeletons) or skeleton
    return parse_pattern(skeletons[skeleton]), data


def babel_locale(language: str | None = None) -> str:
    language = (language or get_language() or "en")[:2]
    return BABEL_LOCALES.get(language, "en_GB")


def format_day(
    value: dt.date, precision: str = Precision.DAY, *, language: str | None = None
) -> str:
    """One date at its precision: "20 September 2013", "December 2012", "2014";
    in Russian «20 сентября 2013 г.», «декабрь 2012 г.», «2014 г.»."""
    locale = babel_locale(language)
    russian = locale == "ru"
    if precision == Precision.YEAR:
        return f"{value.year}{YEAR_MARK}" if russian else str(value.year)
    if precision == Precision.MONTH:
        # "LLLL y": the stand-alone month name ("декабрь 2012", not "декабря").
        month = format_date(value, "LLLL y", locale=locale)
        return f"{month}{YEAR_MARK}" if russian else month
    return format_skeleton("yMMMMd", value, locale=locale)


def format_month_heading(
    value: dt.date, precision: str = Precision.MONTH, *, language: str | None = None
) -> str:
    """A heading over a month or a year of the calendar: "September 2013",
    «Сентябрь 2013», "2014". A heading names the period, so it is capitalised and
    carries no «г.»; dates in running text keep both rules of format_day()."""
    if precision == Precision.YEAR:
        return str(value.year)
    return format_date(value, "LLLL y", locale=babel_locale(language)).capitalize()


def _word_dash(language: str | None) -> str:
    return WORD_DASHES[babel_locale(language)]


def _day_range(start: dt.date, end: dt.date, language: str | None) -> str:
    """ "19–25 September 2013", "19 September – 2 October 2013",
    «19–25 сентября 2013 г.», «30 сентября — 2 октября 2014 г.».

    CLDR has no interval format with full month names and a year, so the year is
    added to the day-and-month interval the way the locale adds it to one date.
    """
    locale = babel_locale(language)
    dash = _word_dash(language)
    if start.year != end.year:
        return f"{format_day(start, language=language)}{dash}{format_day(end, language=language)}"
    end_day_month = format_skeleton("MMMMd", end, locale=locale)
    if start.month == end.month:
        # «25 сентября» → «19–25 сентября»; "25 September" → "19–25 September".
        days = f"{start.day}{NUMBER_DASH}{end_day_month}"
    else:
        days = f"{format_skeleton('MMMMd', start, locale=locale)}{dash}{end_day_month}"
    # The year as the locale writes it after a day and month (" 2013", " 2013 г.").
    full_end = format_skeleton("yMMMMd", end, locale=locale)
    year = (
        full_end.removeprefix(end_day_month)
        if full_end.startswith(end_day_month)
        else f" {end.year}"
    )
    return f"{days}{year}"


def _inexact_range(
    start: dt.date, end: dt.date, start_precision: str, end_precision: str, language: str | None
) -> str:
    """A range with a side known only to the month or the year: "December 2012 –
    23 September 2013", «2013–2014 гг.», «май — июнь 2013 г.»."""
    russian = babel_locale(language) == "ru"
    if start_precision == end_precision == Precision.YEAR:
        if start.year == end.year:
            return format_day(start, Precision.YEAR, language=language)
        years = f"{start.year}{NUMBER_DASH}{end.year}"
        return f"{years}{YEARS_MARK}" if russian else years
    first = format_day(start, start_precision, language=language)
    last = format_day(end, end_precision, language=language)
    if first == last:
        return first
    if russian and start_precision == end_precision == Precision.MONTH and start.year == end.year:
        # «май 2013 г. — июнь 2013 г.» says the year twice: «май — июнь 2013 г.».
        first = format_date(start, "LLLL", locale="ru")
    return f"{first}{_word_dash(language)}{last}"


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
            day = format_day(start.date(), language=language)
            text = f"{day}, {start_time}{NUMBER_DASH}{end_time}"
        else:
            text = (
                f"{format_day(start.date(), language=language)}, {start_time}{_word_dash(language)}"
                f"{format_day(end.date(), language=language)}, {end_time}"
            )
        return f"{text} ({event.time_zone})"
    if event.end_date is None:
        return format_day(event.start_date, event.start_precision, language=language)
    if event.is_exact:
        if event.start_date == event.end_date:
            return format_day(event.start_date, language=language)
        return _day_range(event.start_date, event.end_date, language)
    return _inexact_range(
        event.start_date, event.end_date, event.start_precision, event.end_precision, language
    )
