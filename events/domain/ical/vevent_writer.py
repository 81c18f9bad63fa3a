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
from icalendar.parser import _escape_char, _foldline

from events.domain.ical.feed import (
    clean_uri,
    escape_text,
    feed_categories,
    feed_text_in_active_language,
    in_feeds,
    utc_stamp,
)
from events.text import strip_controls

if TYPE_CHECKING:
    from events.models import Event

# icalendar folds a line once it reaches this many octets (its _foldline limit).
FOLD_OCTETS = 75


def vevent_bytes_direct(event: Event, *, base_url: str, language: str) -> bytes:
    """The event's VEVENT as it appears in a feed, or b"" when it is left out:
    the same bytes as ``feed.vevent_bytes``."""
    if not in_feeds(event):
        return b""
    first, last = event.start_date, event.end_date
    if first is None or last is None:
        return b""
    with translation.override(language):
        url = clean_uri(f"{base_url}{event.get_absolute_url()}")
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
    lines.append("UID:" + _text(str(event.uid)))
    lines.append(f"SEQUENCE:{int(event.revision)}")
    lines.append("CATEGORIES:" + ",".join(_text(category) for category in categories))
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
    return b"".join(map(_content_line, lines))


def _content_line(line: str) -> bytes:
    encoded = line.encode()
    if len(encoded) < FOLD_OCTETS:
        return encoded + b"\r\n"
    return _foldline(line).encode() + b"\r\n"


def _text(value: str) -> str:
    """A value of icalendar's vText, escaped as ``vText.to_ical`` escapes it."""
    return _escape_char(value)


def _exact_text(value: str) -> str:
    """A value of our ExactText, escaped as ``ExactText.to_ical`` escapes it."""
    return escape_text(strip_controls(value))


def _date(value: dt.date) -> str:
    return f"{value.year:04}{value.month:02}{value.day:02}"


def _utc(value: dt.datetime) -> str:
    return (
        f"{value.year:04}{value.month:02}{value.day:02}"
        f"T{value.hour:02}{value.minute:02}{value.second:02}Z"
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
