"""Pieces of calendar pages that are costly to make and shared by many events.

Writing a date range takes Babel a few hundred microseconds, and a month or an
agenda writes dozens; yet most events share their dates' shape with others, and
a text depends on nothing but the values it is written from. So each text is
kept per process, keyed by every value it is made of (never by an event's
identity, which could outlive its dates): an edited event asks for a new key, so
nothing kept can go stale. The tables are bounded, and emptied when full.

An event's address is its slug between two ends reversed once per language and
URL configuration, rather than the URL pattern reversed for every event; and its
link (``event_link``) is written in Python, as ``events/_event_link.html`` wrote
it, since pages draw hundreds.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import TYPE_CHECKING

from babel.dates import format_date
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from events.dates import format_day, format_span
from events.enums import Kind, Status
from events.text import text_language

if TYPE_CHECKING:
    from events.dates import Span
    from events.models import Event

# Most texts kept per table: a few years of distinct dates in two languages.
MAX_KEPT = 20_000

_spans: dict[tuple[object, ...], str] = {}
_days: dict[tuple[dt.date, str, str | None], str] = {}


def span_text(event: Span, language: str | None = None) -> str:
    """``format_span(event)`` in the active language, made once per distinct dates.
    A caller writing many passes ``language``, the active one, as ``get_language``
    gave it: asking the translation machinery each time costs more than the rest."""
    key = (
        event.start_date,
        event.end_date,
        event.start_precision,
        event.end_precision,
        event.starts_at,
        event.ends_at,
        event.time_zone,
        language or get_language(),
    )
    text = _spans.get(key)
    if text is None:
        if len(_spans) >= MAX_KEPT:
            _spans.clear()
        text = _spans[key] = format_span(event)
    return text


def day_text(day: dt.date, precision: str = "day", language: str | None = None) -> str:
    """``format_day(day, precision)`` in the active language (``language``, when
    the caller knows it), made once per day."""
    key = (day, precision, language or get_language())
    text = _days.get(key)
    if text is None:
        if len(_days) >= MAX_KEPT:
            _days.clear()
        text = _days[key] = format_day(day, precision)
    return text


_babel_dates: dict[tuple[dt.date, str, str], str] = {}


def babel_date(day: dt.date, pattern: str, locale: str) -> str:
    """``babel.dates.format_date(day, pattern, locale=locale)``, made once per
    process: the names of weekdays and months a calendar heads its columns with."""
    key = (day, pattern, locale)
    text = _babel_dates.get(key)
    if text is None:
        if len(_babel_dates) >= MAX_KEPT:
            _babel_dates.clear()
        text = _babel_dates[key] = format_date(day, pattern, locale=locale)
    return text


_country_names: dict[tuple[str, str | None], str] = {}


def country_name(code: str, language: str | None = None) -> str:
    """``countries.name(code)`` in the active language (``language``, when the
    caller knows it), looked up once per process: django-countries translates
    and searches its table on every call."""
    key = (code, language or get_language())
    name = _country_names.get(key)
    if name is None:
        if len(_country_names) >= MAX_KEPT:
            _country_names.clear()
        name = _country_names[key] = str(countries.name(code))
    return name


# A shape for each kind, so that kinds are told apart without colour (the legend
# names them in words).
KIND_MARKS = {
    Kind.EXERCISE: "▲",
    Kind.TERM: "⚑",
    Kind.SUMMIT: "◆",
    Kind.OPERATION: "●",
    Kind.MILESTONE: "■",
}


# Kind.values builds a new list on every call; pages ask for a mark per day.
_KIND_VALUES = frozenset(Kind.values)
_MARKS_BY_VALUE = {str(kind.value): mark for kind, mark in KIND_MARKS.items()}


def kind_mark(kind: str) -> str:
    return _MARKS_BY_VALUE.get(kind, "•") if kind in _KIND_VALUES else "•"


def kind_label(kind: str) -> str:
    return str(Kind(kind).label) if kind in _KIND_VALUES else kind


# A slug no event has, reversed to learn where a slug goes in the address; what
# the slug converter takes, which needs no quoting in a path.
_SLUG_MARK = "slug-mark"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_path_ends: dict[tuple[object, ...], tuple[str, str]] = {}


def event_path(slug: str, language: str | None = None) -> str:
    """``Event.get_absolute_url``: the event page's path, in the active language
    (``language``, when the caller knows it)."""
    if _SLUG.fullmatch(slug) is None:
        return reverse("event-detail", kwargs={"slug": slug})
    key = (language or get_language(), get_script_prefix(), get_urlconf())
    ends = _path_ends.get(key)
    if ends is None:
        path = reverse("event-detail", kwargs={"slug": _SLUG_MARK})
        before, _mark, after = path.partition(_SLUG_MARK)
        ends = _path_ends[key] = (before, after)
    return f"{ends[0]}{slug}{ends[1]}"


# Per language: each kind's class, mark and name, escaped, and the word
# "cancelled"; the catalogues do not change while the process runs.
_link_words: dict[str | None, tuple[dict[str, tuple[str, str, str]], str]] = {}


def _words(language: str | None) -> tuple[dict[str, tuple[str, str, str]], str]:
    words = _link_words.get(language)
    if words is None:
        kinds = {
            kind: (escape(kind), escape(kind_mark(kind)), escape(kind_label(kind)))
            for kind in Kind.values
        }
        words = _link_words[language] = (kinds, escape(_("cancelled")))
    return words


def event_link(event: Event, language: str | None = None) -> str:
    """The event's kind mark and name, linked to its page: the HTML that
    ``events/_event_link.html`` wrote, its closing line break included. In the
    active language (``language``, when the caller knows it)."""
    language = language or get_language()
    kinds, cancelled_word = _words(language)
    kind, mark, label = kinds.get(event.kind) or (
        escape(event.kind),
        escape(kind_mark(event.kind)),
        escape(kind_label(event.kind)),
    )
    name = escape(event.name_in(text_language(language)))
    cancelled = event.status == Status.CANCELLED
    if cancelled:
        name = f'<del>{name}</del> <span class="status">({cancelled_word})</span>'
    return (
        f'<a class="event event--{kind}{" event--cancelled" if cancelled else ""}" '
        f'href="{escape(event_path(event.slug, language))}">'
        f'<span class="kind-mark kind-mark--{kind}" aria-hidden="true">{mark}</span>'
        f'<span class="visually-hidden">{label}: </span>{name}</a>\n'
    )
