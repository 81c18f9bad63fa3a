"""What search engines and link previews read about an event: its schema.org
``Event`` document (JSON-LD) and the one-line summary a shared link shows.

Pure functions: no request and no query. The caller reads the event and the
statements it cites and gives the site's address; ``event_document`` builds the
same document for the event page's head and for /events/<slug>.jsonld.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from events.dates import format_day, format_span
from events.domain.changes import Dates
from events.enums import Precision, Status
from events.models import Event, Statement

SCHEMA = "https://schema.org"

# What django.utils.html.json_script escapes, and how (its table is private): the
# characters that could end a script element or start markup.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# schema.org has no "tentative": an event announced but not confirmed is still
# scheduled. A scheduled event whose dates were moved (not only made precise) is
# EventRescheduled, with the start it was moved from (event_document).
EVENT_STATUS: dict[str, str] = {
    Status.TENTATIVE: f"{SCHEMA}/EventScheduled",
    Status.CONFIRMED: f"{SCHEMA}/EventScheduled",
    Status.POSTPONED: f"{SCHEMA}/EventPostponed",
    Status.CANCELLED: f"{SCHEMA}/EventCancelled",
}


def schema_date(day: dt.date, precision: str) -> str:
    """A date at its precision, as ISO 8601 writes a reduced date: "2013-09-19",
    "2014-08", "2014". A date known to the month or year never gets a day."""
    if precision == Precision.YEAR:
        return f"{day.year:04d}"
    if precision == Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _location_text(event: Event, name: str) -> str:
    """ "Sochi, Russia", or "Belarus"; the place is left out when the name says it."""
    place = event.place if event.place and event.place not in name else ""
    return ", ".join(part for part in (place, event.country_name) if part)


def event_summary(event: Event, language: str) -> str:
    """The event in one line, for a link preview: "Interaction-2013 · 19–25
    September 2013 · Belarus", with its status when it is not going ahead as
    announced ("… · Cancelled")."""
    with translation.override(language):
        name = event.name_in(language)
        parts = [name, format_span(event, language=language), _location_text(event, name)]
        if event.status in (Status.POSTPONED, Status.CANCELLED):
            parts.append(event.get_status_display().capitalize())
    return " · ".join(part for part in parts if part)


def statement_summary(statement: Statement) -> str:
    """A statement in one line, for a link preview, in the active language: "23
    September 2013 · Sochi · President of Russia"."""
    parts = [format_day(statement.date), statement.place, statement.publisher]
    return " · ".join(part for part in parts if part)


def _location(event: Event) -> dict[str, Any]:
    """Where it happens, which Google requires of an Event: the place, else the
    host (or chair) country; an event with neither (the next summit, not yet
    placed; a budget year) is said to be at a place not announced, which is what
    the calendar knows."""
    place: dict[str, Any] = {
        "@type": "Place",
        "name": event.place or event.country_name or _("Place not announced"),
    }
    if event.country:
        place["address"] = {"@type": "PostalAddress", "addressCountry": str(event.country)}
    if event.latitude is not None and event.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(event.latitude),
            "longitude": float(event.longitude),
        }
    return place


def _citations(event: Event, statements: Iterable[Statement], base_url: str) -> list[dict]:
    cited = [
        {
            "@type": "CreativeWork",
            "name": statement.title,
            "datePublished": statement.date.isoformat(),
            "url": base_url + statement.get_absolute_url(),
        }
        for statement in statements
    ]
    if not cited and event.source_title:
        # A source kept on the event itself, from before statements were kept.
        source: dict[str, Any] = {"@type": "CreativeWork", "name": event.source_title}
        if event.source_date:
            source["datePublished"] = event.source_date.isoformat()
        if event.source_url:
            source["url"] = event.source_url
        cited.append(source)
    return cited


def event_document(
    event: Event,
    *,
    language: str,
    base_url: str,
    statements: Iterable[Statement] = (),
    moved_from: Dates | None = None,
) -> dict[str, Any] | None:
    """The schema.org Event for ``event`` in ``language``; ``statements``: those it
    cites, oldest first; ``base_url``: the site's address (feed_address.site_url);
    ``moved_from``: the dates it was last moved from (changes.moved_from), if any.

    None for an undated event: Google requires name, startDate and location of an
    Event, and an event whose date is not announced has no start to give (nor
    would inventing one be honest), so it gets no Event at all.
    """
    if event.start_date is None:
        return None
    with translation.override(language):
        name = event.name_in(language)
        document: dict[str, Any] = {
            "@context": SCHEMA,
            "@type": "Event",
            "@id": f"urn:uuid:{event.uid}",
            "name": name,
            "url": base_url + event.get_absolute_url(),
            "inLanguage": language,
        }
        starts_at, ends_at = event.starts_at, event.ends_at
        if starts_at is not None and ends_at is not None:
            document["startDate"] = starts_at.isoformat()
            document["endDate"] = ends_at.isoformat()
        else:
            document["startDate"] = schema_date(event.start_date, event.start_precision)
            if event.end_date is not None:
                document["endDate"] = schema_date(event.end_date, event.end_precision)
        document |= {
            "eventStatus": EVENT_STATUS.get(event.status, EVENT_STATUS[Status.CONFIRMED]),
            "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
            "location": _location(event),
            "organizer": {
                "@type": "Organization",
                "name": _("Collective Security Treaty Organization"),
                "url": base_url + reverse("home"),
            },
            "description": event.description or event_summary(event, language),
        }
        scheduled = document["eventStatus"] == EVENT_STATUS[Status.CONFIRMED]
        if scheduled and moved_from is not None and moved_from.start_date is not None:
            document["eventStatus"] = f"{SCHEMA}/EventRescheduled"
            previous = moved_from.starts_at
            document["previousStartDate"] = (
                previous.isoformat()
                if previous is not None
                else schema_date(moved_from.start_date, moved_from.start_precision)
            )
        cited = _citations(event, statements, base_url)
        if cited:
            document["citation"] = cited
    return document


def document_json(document: dict[str, Any]) -> str:
    """The document as served at /events/<slug>.jsonld: UTF-8, readable."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def json_ld_script(document: dict[str, Any]) -> SafeString:
    """The document as a ``<script type="application/ld+json">`` data block for a
    page's head. A data block is never run by a browser, so the page's CSP does
    not govern it. Escaped as Django's json_script escapes (``<``, ``>`` and ``&``
    as \\u escapes, which JSON reads back as the same characters), so no text in
    it ("</script>" in a title) can close the element."""
    escaped = json.dumps(document, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    # Safe: every character that could end the element or start markup is escaped.
    block = mark_safe(escaped)  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', block)
