"""The backup and interchange file (``manage.py exportics``): every event, dated or
not, with what plain iCalendar cannot say in X-CSTOCAL-* properties, so that
``importics`` rebuilds the same events."""

from __future__ import annotations

from collections.abc import Iterable

from icalendar import Calendar
from icalendar import Event as VEvent

from events.domain.ical.feed import PRODID, ExactText, add_timezones, event_to_vevent, utc_stamp
from events.enums import TEXT_LANGUAGES
from events.models import Event

# What our own properties are called: X-CSTOCAL-KIND, X-CSTOCAL-SLUG, …
EXPORT_PREFIX = "X-CSTOCAL-"


def build_export(events: Iterable[Event], *, base_url: str) -> Calendar:
    """Every event, dated or not, with what plain iCalendar cannot say (kind,
    precisions, both languages, series, source) in X-CSTOCAL-* properties, so
    that ``importics`` rebuilds the same events. A backup and interchange file,
    not a feed: feeds carry no user text in X- properties.

    Every X-CSTOCAL-* property is written, empty or not, as an escaped TEXT
    value (VALUE=TEXT): a restore then states every field, so it puts back an
    emptied field too, and any text (line breaks, commas, backslashes) comes
    back exactly as it was stored.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    # With a METHOD, RFC 5545 lets an event have no DTSTART: the undated ones.
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "cstocal export")
    for event in events:
        vevent = event_to_vevent(event, base_url=base_url, language="en")
        if vevent is None:
            vevent = VEvent()
            vevent.add("uid", str(event.uid))
            vevent.add("dtstamp", utc_stamp(event.updated_at))
            vevent.add("summary", ExactText(event.name_in("en")))
            vevent.add(EXPORT_PREFIX + "undated", ExactText("TRUE"), parameters={"VALUE": "TEXT"})
        for name, value in export_properties(event).items():
            vevent.add(EXPORT_PREFIX + name, ExactText(value), parameters={"VALUE": "TEXT"})
        cal.add_component(vevent)
    add_timezones(cal)
    return cal


def export_properties(event: Event) -> dict[str, str]:
    """The X-CSTOCAL-* properties of ``event`` (without the prefix), as text."""
    series = event.series if event.series_id else None
    properties = {
        "kind": event.kind,
        "status": event.status,
        "slug": event.slug,
        "start-precision": event.start_precision,
        "end-precision": event.end_precision,
        "country": str(event.country or ""),
        "participants": ",".join(str(country) for country in event.participants),
        "informal": "TRUE" if event.informal else "FALSE",
        "published": "TRUE" if event.published else "FALSE",
        "series": series.slug if series else "",
        "series-name-en": series.name_en if series else "",
        "series-name-ru": series.name_ru if series else "",
        "series-year": str(event.series_year or ""),
        "latitude": str(event.latitude) if event.latitude is not None else "",
        "longitude": str(event.longitude) if event.longitude is not None else "",
        "source-title": event.source_title,
        "source-date": event.source_date.isoformat() if event.source_date else "",
        "source-url": event.source_url,
        "source-quote": event.source_quote,
    }
    for name in ("title", "place", "description", "forces"):
        for language in TEXT_LANGUAGES:
            properties[f"{name}-{language}"] = getattr(event, f"{name}_{language}")
    return properties


def export_bytes(events: Iterable[Event], *, base_url: str) -> bytes:
    """``build_export`` written out."""
    return bytes(build_export(events, base_url=base_url).to_ical())
