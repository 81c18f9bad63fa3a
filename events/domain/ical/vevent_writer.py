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
import uuid
from typing import TYPE_CHECKING

from django.utils import translation
from icalendar import vDatetime
from icalendar.parser import _escape_char

from events.domain.ical.feed import (
    active_words,
    categories_in,
    clean_uri,
    escape_text,
    feed_text_in,
    in_feeds,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from events.domain.ical.feed import _Words
    from events.domain.ical.feed_events import FeedEvent
    from events.models import Event

# icalendar folds a line once it reaches this many octets (its _foldline limit).
FOLD_OCTETS = 75


def vevent_bytes_direct(event: Event | FeedEvent, *, base_url: str, language: str) -> bytes:
    """The event's VEVENT as it appears in a feed, or b"" when it is left out:
    the same bytes as ``feed.vevent_bytes``."""
    with translation.override(language):
        return _vevent(event, _clean_base(base_url), active_words())


def vevents_direct(
    events: Iterable[Event | FeedEvent], *, base_url: str, language: str
) -> list[bytes]:
    """``vevent_bytes_direct`` of each of ``events``, in order, under one language switch."""
    with translation.override(language):
        base, words = _clean_base(base_url), active_words()
        return [_vevent(event, base, words) for event in events]


def _vevent(event: Event | FeedEvent, base: str, words: _Words) -> bytes:
    """``vevent_bytes_direct`` in the language already active, whose words are
    ``words``; ``base`` is the base URL, cleaned."""
    if not in_feeds(event):
        return b""
    first, last = event.start_date, event.end_date
    if first is None or last is None:
        return b""
    # An address from reverse() is already a URI (it percent-encodes the rest),
    # and clean_uri encodes character by character: only the base needs it.
    url = base + event.get_absolute_url()
    summary, location, description, status = feed_text_in(event, url, words)
    categories = categories_in(event, words)
    stamp = _utc(event.updated_at)
    # Lines of a fixed form are always shorter than a fold; the others go through
    # _folded. In icalendar's order (see the module's docstring).
    lines = ["BEGIN:VEVENT", _folded("SUMMARY:" + escape_text(summary))]
    starts_at = event.starts_at
    if starts_at is not None:
        ends_at = event.ends_at
        if ends_at is None:
            raise TypeError("a timed event needs an end time")
        lines.append(_folded("DTSTART" + _datetime(starts_at)))
        lines.append(_folded("DTEND" + _datetime(ends_at)))
    else:
        lines.append("DTSTART;VALUE=DATE:" + _date(first))
        ical_end = event.ical_end
        if ical_end is not None:
            lines.append("DTEND;VALUE=DATE:" + _date(ical_end))
        else:
            lines.append(f"DURATION:P{(last - first).days + 1}D")
    lines.append("DTSTAMP:" + stamp)
    lines.append("UID:" + _uid(event.uid))
    lines.append(f"SEQUENCE:{int(event.revision)}")
    lines.append(_folded("CATEGORIES:" + ",".join(map(_text, categories))))
    lines.append("CREATED:" + _utc(event.created_at))
    # ExactText's escaping (feed_text gives the text cleaned; cleaning is idempotent).
    lines.append(_folded("DESCRIPTION:" + escape_text(description)))
    if event.latitude is not None and event.longitude is not None:
        lines.append(_folded(f"GEO:{float(event.latitude)};{float(event.longitude)}"))
    lines.append("LAST-MODIFIED:" + stamp)
    if location:
        lines.append(_folded("LOCATION:" + escape_text(location)))
    lines.append("STATUS:" + _text(status))
    if starts_at is None and last > first:
        lines.append("TRANSP:TRANSPARENT")
    lines.append(_folded("URL:" + url))
    lines.append("END:VEVENT\r\n")
    return "\r\n".join(lines).encode()


def _folded(line: str) -> str:
    """``line`` folded as icalendar folds it: only a line of FOLD_OCTETS octets or
    more is. An ASCII line has as many octets as characters, and no character
    has more than four."""
    length = len(line)
    if length >= FOLD_OCTETS:
        return fold(line)
    if length * 4 >= FOLD_OCTETS and not line.isascii():
        encoded = line.encode()
        if len(encoded) >= FOLD_OCTETS:
            return fold(line, encoded)
    return line


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


def _uid(value: uuid.UUID) -> str:
    """A UID as vText writes it: a UUID's canonical form holds nothing to escape."""
    return str(value)


def _date(value: dt.date) -> str:
    # isoformat is "YYYY-MM-DD", the year always in four digits.
    return value.isoformat().replace("-", "")


def _utc(value: dt.datetime) -> str:
    """An aware time in UTC with no microseconds (``utc_stamp``), as icalendar
    writes it."""
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return "%04d%02d%02dT%02d%02d%02dZ" % (  # noqa: UP031 (faster than an f-string here)
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
    )


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
