"""An event's VEVENT written directly as bytes, byte for byte what icalendar writes.

``event_to_vevent`` (feed.py) builds an icalendar component tree and serialises
it; that tree costs several times what the bytes themselves need, and a cold
feed of every event pays it once per event. ``vevent_bytes_direct`` writes the
same content lines as strings, in the order icalendar sorts them (its VEVENT
canonical order, then the other properties alphabetically), and leaves every
rule that decides a byte to icalendar itself:

- TEXT values of icalendar's own type (UID, STATUS, each category) are escaped
  by the function ``vText.to_ical`` calls (``icalendar.parser._escape_char``;
  the public ``escape_char`` only adds a deprecation warning to every call), and
  our ``ExactText`` values by the two functions ``ExactText.to_ical`` calls;
- the TZID parameter and the "Z" of a UTC time come from icalendar's
  ``vDatetime`` for the event's zone (computed once per zone);
- a line that could need folding goes through the function icalendar's
  ``Contentline.to_ical`` calls (``icalendar.parser._foldline``), which folds at
  75 octets without splitting a character or an escape. It folds only a line of
  75 octets or more, so a shorter one is written as it is.

The contract is equality: ``vevent_bytes_direct(e) == vevent_bytes(e)`` for every
event, which tests/domain/test_vevent_writer.py checks over generated events.
Dates and durations are written in the formats of icalendar's ``vDate``,
``vDatetime`` and ``vDuration`` (whole days only: a feed's DURATION is always
a number of days).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from django.utils import translation
from icalendar import vDatetime
from icalendar.parser import _escape_char

from events.domain.ical.feed import (
    clean_uri,
    escape_text,
    feed_categories,
    feed_text_in_active_language,
    in_feeds,
    utc_stamp,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from events.domain.ical.feed_events import FeedEvent
    from events.models import Event

# icalendar folds a line once it reaches this many octets (its _foldline limit).
FOLD_OCTETS = 75


def vevent_bytes_direct(event: Event | FeedEvent, *, base_url: str, language: str) -> bytes:
    """The event's VEVENT as it appears in a feed, or b"" when it is left out:
    the same bytes as ``feed.vevent_bytes``."""
    with translation.override(language):
        return _vevent(event, base_url)


def vevents_direct(
    events: Iterable[Event | FeedEvent], *, base_url: str, language: str
) -> list[bytes]:
    """``vevent_bytes_direct`` of each of ``events``, in order, under one language switch."""
    with translation.override(language):
        return [_vevent(event, base_url) for event in events]


def _vevent(event: Event | FeedEvent, base_url: str) -> bytes:
    """``vevent_bytes_direct`` in the language already active."""
    if not in_feeds(event):
        return b""
    first, last = event.start_date, event.end_date
    if first is None or last is None:
        return b""
    # An address from reverse() is already a URI (it percent-encodes the rest),
    # and clean_uri encodes character by character: only the base needs it.
    url = _clean_base(base_url) + event.get_absolute_url()
    text = feed_text_in_active_language(event, url)
    categories = feed_categories(event)
    stamp = _utc(utc_stamp(event.updated_at))
    lines = ["BEGIN:VEVENT", "SUMMARY:" + _exact_text(text["SUMMARY"])]
    starts_at = event.starts_at
    if starts_at is not None:
        ends_at = event.ends_at
        if ends_at is None:
            raise TypeError("a timed event needs an end time")
        lines.append("DTSTART" + _datetime(starts_at))
        lines.append("DTEND" + _datetime(ends_at))
    else:
        lines.append("DTSTART;VALUE=DATE:" + _date(first))
        ical_end = event.ical_end
        if ical_end is not None:
            lines.append("DTEND;VALUE=DATE:" + _date(ical_end))
        else:
            lines.append(f"DURATION:P{(last - first).days + 1}D")
    lines.append("DTSTAMP:" + stamp)
    lines.append("UID:" + _escape_char(str(event.uid)))
    lines.append(f"SEQUENCE:{int(event.revision)}")
    lines.append("CATEGORIES:" + ",".join(map(_text, categories)))
    lines.append("CREATED:" + _utc(utc_stamp(event.created_at)))
    lines.append("DESCRIPTION:" + _exact_text(text["DESCRIPTION"]))
    if event.latitude is not None and event.longitude is not None:
        lines.append(f"GEO:{float(event.latitude)};{float(event.longitude)}")
    lines.append("LAST-MODIFIED:" + stamp)
    if text["LOCATION"]:
        lines.append("LOCATION:" + _exact_text(text["LOCATION"]))
    lines.append("STATUS:" + _text(text["STATUS"]))
    if starts_at is None and last > first:
        lines.append("TRANSP:TRANSPARENT")
    lines.append("URL:" + url)
    lines.append("END:VEVENT")
    return _content_lines(lines)


def _content_lines(lines: list[str]) -> bytes:
    """The content lines ``lines``, each folded as icalendar folds it, as bytes."""
    for index, line in enumerate(lines):
        # Only a line of FOLD_OCTETS octets or more is folded; a character is at
        # most four octets, so a short line needs no counting.
        if len(line) * 4 >= FOLD_OCTETS:
            encoded = line.encode()
            if len(encoded) >= FOLD_OCTETS:
                lines[index] = fold(line, encoded)
    lines.append("")
    return "\r\n".join(lines).encode()


def fold(line: str, encoded: bytes | None = None) -> str:
    """``line`` folded exactly as icalendar's ``_foldline`` folds it, a piece at a
    time rather than a character at a time (a third of a cold feed's time went
    to that loop). Its rules: each piece holds fewer than FOLD_OCTETS octets and
    whole characters; a piece ends before a backslash or caret that would end it,
    so an escape is never split (a piece of one character excepted). The
    property test in tests/domain/test_vevent_writer.py holds the two equal."""
    if encoded is None:
        encoded = line.encode()
    limit = FOLD_OCTETS - 1
    pieces = []
    if len(encoded) == len(line):
        # ASCII: a character is an octet.
        start, end = 0, len(line)
        while end - start > limit:
            cut = start + limit
            if line[cut - 1] in "\\^" and limit > 1:
                cut -= 1
            pieces.append(line[start:cut])
            start = cut
        pieces.append(line[start:])
        return "\r\n ".join(pieces)
    rest = encoded
    while len(rest) > limit:
        # The longest run of whole characters that fits; "ignore" drops only the
        # character cut at its end.
        piece = rest[:limit].decode("utf-8", "ignore")
        if len(piece) > 1 and piece[-1] in "\\^":
            piece = piece[:-1]
        pieces.append(piece)
        rest = rest[len(piece.encode()) :]
    pieces.append(rest.decode())
    return "\r\n ".join(pieces)


@functools.lru_cache(maxsize=1024)
def _text(value: str) -> str:
    """A value of icalendar's vText, escaped as ``vText.to_ical`` escapes it (a
    status, a kind or a country: few values, each escaped once)."""
    return _escape_char(value)


@functools.lru_cache(maxsize=64)
def _clean_base(base_url: str) -> str:
    return clean_uri(base_url)


def _exact_text(value: str) -> str:
    """A value of our ExactText, escaped as ``ExactText.to_ical`` escapes it.
    (ExactText also cleans it; feed_text gives it cleaned, and cleaning is
    idempotent.)"""
    return escape_text(value)


def _date(value: dt.date) -> str:
    # isoformat is "YYYY-MM-DD", the year always in four digits.
    return value.isoformat().replace("-", "")


def _utc(value: dt.datetime) -> str:
    """A UTC time with no microseconds (utc_stamp), as icalendar writes it."""
    return value.isoformat()[:19].replace("-", "").replace(":", "") + "Z"


def _datetime(value: dt.datetime) -> str:
    """ ";TZID=…:" and the wall-clock time, as icalendar writes a DTSTART or DTEND."""
    parameters, suffix = _zone_parts(value.tzinfo)
    return (
        f"{parameters}:{value.year:04}{value.month:02}{value.day:02}"
        f"T{value.hour:02}{value.minute:02}{value.second:02}{suffix}"
    )


@functools.cache
def _zone_parts(zone: dt.tzinfo | None) -> tuple[str, str]:
    """The parameters (";TZID=…", or "" for UTC and floating times) and the value's
    suffix ("Z" for UTC) icalendar writes for a time in ``zone``: both depend only
    on the zone, so icalendar is asked once per zone."""
    sample = vDatetime(dt.datetime(2000, 1, 1, tzinfo=zone))
    parameters = sample.params.to_ical().decode()
    suffix = "Z" if sample.to_ical().endswith(b"Z") else ""
    return (f";{parameters}" if parameters else "", suffix)
