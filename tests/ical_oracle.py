"""The test oracle for feeds: a feed built the plain way, as one icalendar object.

The app never builds a feed like this (it assembles cached VEVENT bytes, see
events/delivery/feed_store.py); tests compare its bytes with what the app serves.
"""

from __future__ import annotations

from collections.abc import Iterable

from icalendar import Calendar

from events.domain.ical.feed import add_timezones, calendar_head, event_to_vevent, in_feeds
from events.models import Event


def build_calendar(
    events: Iterable[Event],
    *,
    base_url: str,
    language: str,
    feed_url: str,
    page_url: str | None = None,
    name: str | None = None,
) -> Calendar:
    """A VCALENDAR of every dated event in ``events``, as one object.

    The feeds are assembled from cached bytes instead (``calendar_chunks``); the
    tests hold them to the bytes this gives for the same events.
    """
    cal = calendar_head(
        base_url=base_url, language=language, feed_url=feed_url, page_url=page_url, name=name
    )
    for event in events:
        if not in_feeds(event):
            continue
        vevent = event_to_vevent(event, base_url=base_url, language=language)
        if vevent is not None:
            cal.add_component(vevent)
    add_timezones(cal)
    return cal


def ical_bytes(calendar: Calendar) -> bytes:
    return bytes(calendar.to_ical())
