"""jCal (RFC 7265): a feed's iCalendar bytes as JSON.

The jCal form of a feed is written from the feed's own bytes, so the two say
exactly the same thing (the same events, dates, time zones and SEQUENCEs), and
the policy for dates known to the month or year, or not at all, is the feed's.
"""

from __future__ import annotations

import json

from icalendar import Calendar


def jcal_bytes(ics: bytes) -> bytes:
    """The calendar ``ics`` (one VCALENDAR) as jCal, UTF-8 JSON: the same input
    always gives the same bytes, so a digest of them is a strong ETag."""
    calendar = Calendar.from_ical(ics)
    if not isinstance(calendar, Calendar):
        raise ValueError("expected one VCALENDAR")
    return json.dumps(calendar.to_jcal(), ensure_ascii=False, separators=(",", ":")).encode()
