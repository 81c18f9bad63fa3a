"""Events to iCalendar bytes: pure functions, no request, no query.

The caller shapes the query (``Event.objects.for_display()``), passes the site's
base URL and the feed's own URL, and wraps the bytes in a response. Everything
that goes into the bytes comes from the rows and the arguments, so the same data
always gives the same bytes: a subscriber's client sees a change only when
something changed, and an unchanged feed can be answered with 304.

Feed policy for dates that are not known to the day (README, "Feed policy for uncertain dates"):
- undated events are left out of feeds; they are listed on the site;
- a start or end known only to the month or year becomes an all-day span over
  the whole period it may fall in ("2014" → 1 January to 31 December 2014) with
  STATUS:TENTATIVE, and the description says the exact day is not known yet;
- a cancelled event stays in the feed with STATUS:CANCELLED and a marked title.

Dates at the edge of what a date can hold (rows written around Event.clean):
- an all-day event ending on 9999-12-31 has no writable exclusive DTEND (it
  would be 10000-01-01), so it carries DURATION:P<days>D instead, which RFC 5545
  (3.6.1) allows in place of DTEND and which means the same days; the event
  stays in the feed;
- a timed event is written in its own zone's wall-clock time (TZID), never
  converted to UTC, so 23:30 on 9999-12-31 west of Greenwich is written as is;
- a timed event whose stored zone is not a calendar zone (events/zones.py)
  is left out of feeds, with a warning logged: its times mean nothing certain,
  and a wrong hour in a subscriber's calendar is worse than a missing entry.
  Its page still shows it. The export writes it in UTC.

What the bytes promise every client (tests/domain/test_feed_conformance.py checks):
CRLF line ends, lines folded at 75 octets without splitting a character, UTF-8
without a byte-order mark, text stripped of control characters and escaped as
RFC 5545 TEXT (``ExactText``), URIs percent-encoded, and no user text in X-
properties.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from django_countries import countries
from icalendar import Calendar, Timezone, vDuration, vText
from icalendar import Event as VEvent

from events.dates import format_span
from events.enums import Kind, Status
from events.text import active_text_language, localized_in, strip_controls
from events.zones import calendar_zone

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from events.domain.ical.feed_events import FeedEvent
    from events.models import Event

    # What a feed's text is written from: a model instance, or the plain row a
    # cold feed reads (feed_events.py).
    type FeedSource = Event | FeedEvent

logger = logging.getLogger(__name__)

# PRODID must stay stable: clients use it to recognise the publisher.
PRODID = "-//cstocal//cstocal calendar 1.0//EN"
# Namespace of the calendars' own UIDs (RFC 7986): one per feed URL, forever.
CALENDAR_NAMESPACE = uuid.UUID("0b8f2d4e-6c1a-4f5b-8e3d-7a9c1b2e4f60")
# How often clients should poll. Google ignores it and polls about once a day.
REFRESH_INTERVAL = dt.timedelta(hours=6)
# RFC 5545 wants at least one component in a calendar, and some clients refuse
# a calendar without one. A calendar with no event (a filter
# that matches nothing, a calendar not yet filled) carries the VTIMEZONE of the
# secretariat's zone: a real definition every client knows and none shows, where
# a placeholder VEVENT would appear in subscribers' calendars and a VTODO or
# VJOURNAL would land in their task lists or be refused by event-only clients
# (Google, Outlook).
EMPTY_CALENDAR_ZONE = "Europe/Moscow"

ICAL_STATUS: dict[str, str] = {
    Status.TENTATIVE: "TENTATIVE",
    Status.CONFIRMED: "CONFIRMED",
    # Postponed: the event will happen, at a time not yet fixed.
    Status.POSTPONED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}


def clean_uri(value: str) -> str:
    """A URI value with nothing a reader could take for a line end: URIs are
    written unescaped, so controls and non-ASCII characters are percent-encoded."""
    return iri_to_uri(value)


def escape_text(value: str) -> str:
    """RFC 5545 TEXT escaping and nothing more. icalendar's vText also reads a
    backslash followed by "N" as a line break, which changes "C:\\New" on its
    way through an export and back."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


class ExactText(vText):
    """A TEXT value written cleaned (``strip_controls``) and escaped (``escape_text``),
    so that reading it back (``parse.text_value``) gives the same text.

    Stored text is already clean (Event.save), but not all text comes through
    save: rows written with ``QuerySet.update()``, series names, translations and
    country names all reach a feed, and a reader that splits lines on NEL or
    U+2028 would read a BEGIN:VEVENT hidden in any of them; so every value is
    cleaned as it is written."""

    def to_ical(self) -> bytes:
        return escape_text(strip_controls(str(self))).encode()


def utc_stamp(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(microsecond=0)


def calendar_uid(feed_url: str) -> str:
    """A stable UID for the calendar at ``feed_url`` (RFC 7986)."""
    return str(uuid.uuid5(CALENDAR_NAMESPACE, feed_url))


def event_to_vevent(event: Event, *, base_url: str, language: str) -> VEvent | None:
    """The VEVENT for ``event`` in ``language``, or None when it has no date yet."""
    first, last = event.start_date, event.end_date
    if first is None or last is None:
        return None
    with translation.override(language):
        vevent = VEvent()
        vevent.add("uid", str(event.uid))
        stamp = utc_stamp(event.updated_at)
        vevent.add("dtstamp", stamp)
        vevent.add("created", utc_stamp(event.created_at))
        vevent.add("last-modified", stamp)
        vevent.add("sequence", event.revision)
        url = clean_uri(f"{base_url}{event.get_absolute_url()}")
        text = feed_text_in_active_language(event, url)
        vevent.add("summary", ExactText(text["SUMMARY"]))
        if event.starts_at is not None:
            vevent.add("dtstart", event.starts_at)
            vevent.add("dtend", event.ends_at)
        else:
            vevent.add("dtstart", first)
            if event.ical_end is not None:
                vevent.add("dtend", event.ical_end)
            else:
                vevent.add("duration", dt.timedelta(days=(last - first).days + 1))
        vevent.add("status", text["STATUS"])
        if event.starts_at is None and last > first:
            # A multi-day event or term is context, not a busy block in the day.
            vevent.add("transp", "TRANSPARENT")
        if text["LOCATION"]:
            vevent.add("location", ExactText(text["LOCATION"]))
        if event.latitude is not None and event.longitude is not None:
            vevent.add("geo", (float(event.latitude), float(event.longitude)))
        vevent.add("categories", feed_categories(event))
        vevent.add("url", url)
        vevent.add("description", ExactText(text["DESCRIPTION"]))
    return vevent


def feed_text(event: Event, *, url: str, language: str) -> dict[str, str]:
    """SUMMARY, LOCATION, DESCRIPTION and STATUS as the feed in ``language``
    writes them for ``event`` (``url`` is the event's URL in that feed).

    They are made from several fields ("Cancelled: " and the name; the place and
    the country; when, the description, participants, forces and the URL; a
    tentative status for an imprecise date), so an import that meets them again
    recognises them here and does not write them back into any one field."""
    with translation.override(language):
        return feed_text_in_active_language(event, url)


def feed_text_in_active_language(event: FeedSource, url: str) -> dict[str, str]:
    """``feed_text`` in the language already active (the caller overrides it once
    for everything an event's VEVENT holds)."""
    summary, location, description, status = feed_text_in(event, url, active_words())
    return {"SUMMARY": summary, "LOCATION": location, "DESCRIPTION": description, "STATUS": status}


def feed_text_in(event: FeedSource, url: str, words: _Words) -> tuple[str, str, str, str]:
    """SUMMARY, LOCATION, DESCRIPTION and STATUS of ``feed_text``, in the language
    of ``words`` (``active_words()``, asked once for many events)."""
    return (
        strip_controls(_summary(event, words)),
        strip_controls(_location(event, words)),
        strip_controls(_description(event, url, words)),
        _status(event),
    )


def feed_categories(event: FeedSource) -> list[str]:
    """CATEGORIES in the active language: the kind, then the country's name."""
    return categories_in(event, active_words())


def categories_in(event: FeedSource, words: _Words) -> list[str]:
    """``feed_categories`` in the language of ``words``."""
    categories = [words.kinds[event.kind]]
    if event.country:
        categories.append(words.country(str(event.country)))
    return categories


def active_words() -> _Words:
    """The feed's words in the active language."""
    return _words(translation.get_language())


class _Words:
    """What a feed writes in one language besides the events' own text: its
    phrases, kinds, country names and dates, each translated or formatted once
    per process rather than once per event (a cold feed writes thousands)."""

    # Dates formatted, by everything format_span reads; bounded, as feeds span
    # any number of distinct dates.
    MAX_SPANS = 20_000

    def __init__(self) -> None:
        self.language = active_text_language()
        self.cancelled = _("Cancelled: %(name)s")
        self.postponed = _("Postponed: %(name)s")
        self.when = _("When: %(span)s. The exact day is not known yet.")
        self.local_time = _("Local time: %(span)s")
        self.participants = _("Participants: %(countries)s")
        self.forces = _("Forces: %(forces)s")
        # Cleaned once here, as every value is as it is written (see ExactText).
        self.kinds = {kind.value: strip_controls(str(kind.label)) for kind in Kind}
        self.countries: dict[str, str] = {}
        self.spans: dict[tuple[object, ...], str] = {}

    def country(self, code: str) -> str:
        name = self.countries.get(code)
        if name is None:
            name = self.countries[code] = strip_controls(str(countries.name(code)))
        return name

    def span(self, event: FeedSource) -> str:
        key = (
            event.start_date,
            event.start_precision,
            event.start_time,
            event.end_date,
            event.end_precision,
            event.end_time,
            event.time_zone,
        )
        text = self.spans.get(key)
        if text is None:
            if len(self.spans) >= self.MAX_SPANS:
                self.spans.clear()
            text = self.spans[key] = format_span(event)
        return text


@functools.cache
def _words(language: str | None) -> _Words:
    """The feed's words in ``language``, which must be the active language."""
    return _Words()


def calendar_head(
    *,
    base_url: str,
    language: str,
    feed_url: str,
    page_url: str | None = None,
    name: str | None = None,
) -> Calendar:
    """The VCALENDAR's own properties, with no components yet.

    ``feed_url`` is the address the calendar is served at (its SOURCE, and the
    seed of its UID); ``page_url`` the web page that shows the same events.
    """
    with translation.override(language):
        calendar_name = strip_controls(name or _("CSTO calendar"))
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        # No METHOD: PUBLISH would oblige an ORGANIZER on every event (RFC 5546),
        # and the secretariat publishes no address; a subscribed feed needs neither.
        cal.add("uid", calendar_uid(feed_url))
        cal.add("name", ExactText(calendar_name))
        cal.add("x-wr-calname", ExactText(calendar_name))
        cal.add(
            "description",
            ExactText(
                _(
                    "Joint exercises, chairmanship terms, summits, operations and milestones "
                    "of the CSTO, with the source of each date."
                )
            ),
        )
        cal.add("url", clean_uri(page_url or f"{base_url}/"))
        cal.add("source", clean_uri(feed_url), parameters={"VALUE": "URI"})
        # icalendar writes a bare timedelta as "6:00:00" and omits VALUE=DURATION:
        # both must be explicit for clients to honour them.
        cal.add("refresh-interval", vDuration(REFRESH_INTERVAL), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    return cal


def vevent_bytes(event: Event, *, base_url: str, language: str) -> bytes:
    """The event's VEVENT as it appears in a feed, or b"" when it is left out."""
    if not in_feeds(event):
        return b""
    vevent = event_to_vevent(event, base_url=base_url, language=language)
    return vevent.to_ical() if vevent is not None else b""


def in_feeds(event: FeedSource) -> bool:
    """False for an event the feeds leave out because its time zone is not a
    calendar zone (see the module's docstring); that is logged."""
    if event.has_calendar_zone:
        return True
    logger.warning(
        "event %s left out of the feed: %r is not a calendar time zone",
        event.slug,
        event.time_zone,
    )
    return False


END_CALENDAR = b"END:VCALENDAR\r\n"


def calendar_chunks(
    head: Calendar, tzids: Iterable[str], vevents: Iterable[bytes]
) -> Iterator[bytes]:
    """The bytes of ``head`` holding the VTIMEZONEs of ``tzids`` and the VEVENTs
    ``vevents`` (each one event's ``vevent_bytes``), piece by piece: a calendar
    of any size is written without holding it whole. (A calendar that would
    hold no component gets the EMPTY_CALENDAR_ZONE's VTIMEZONE before its end:
    the caller knows that only once it has written the events.)"""
    head_bytes = head.to_ical()
    yield head_bytes.removesuffix(END_CALENDAR)
    for tzid in sorted(tzids):
        yield timezone_bytes(tzid)
    yield from vevents
    yield END_CALENDAR


@functools.cache
def timezone_bytes(tzid: str) -> bytes:
    """The VTIMEZONE of an IANA zone, with its history, or b"" for an unknown zone
    or one that is not a calendar zone (whose events the feeds leave out)."""
    if calendar_zone(tzid) is None:
        return b""
    try:
        zone = Timezone.from_tzid(tzid)
    except ValueError:
        return b""
    # icalendar notes the range it covers in a COMMENT, which RFC 5545 does not
    # allow on VTIMEZONE itself (libical rejects it).
    zone.pop("COMMENT", None)
    return bytes(zone.to_ical())


def add_timezones(cal: Calendar) -> None:
    """VTIMEZONE definitions, with their history, for the zones timed events use,
    in a fixed order (by TZID), so the same events always give the same bytes."""
    cal.add_missing_timezones()
    zones = sorted(cal.walk("VTIMEZONE"), key=lambda zone: str(zone["TZID"]))
    others = [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    for zone in zones:
        zone.pop("COMMENT", None)
    cal.subcomponents[:] = [*zones, *others]
    if not cal.subcomponents:
        zone = Timezone.from_tzid(EMPTY_CALENDAR_ZONE)
        zone.pop("COMMENT", None)
        cal.add_component(zone)


def _summary(event: FeedSource, words: _Words) -> str:
    name = event.name_in(words.language)
    if event.status == Status.CANCELLED:
        return words.cancelled % {"name": name}
    if event.status == Status.POSTPONED:
        return words.postponed % {"name": name}
    return name


def _status(event: FeedSource) -> str:
    if event.status == Status.CONFIRMED and not event.is_exact:
        return "TENTATIVE"
    return ICAL_STATUS[event.status]


def _location(event: FeedSource, words: _Words) -> str:
    place = localized_in(event, "place", words.language)
    country = words.country(str(event.country)) if event.country else ""
    if place and country:
        return f"{place}, {country}"
    return place or country


def _description(event: FeedSource, url: str, words: _Words) -> str:
    lines = []
    if not event.is_exact:
        lines.append(words.when % {"span": words.span(event)})
    if event.starts_at is not None:
        lines.append(words.local_time % {"span": words.span(event)})
    if description := localized_in(event, "description", words.language):
        lines.append(description)
    if event.participants:
        names = ", ".join(words.country(str(country)) for country in event.participants)
        lines.append(words.participants % {"countries": names})
    if forces := localized_in(event, "forces", words.language):
        lines.append(words.forces % {"forces": forces})
    lines.append(url)
    return "\n\n".join(lines)


# Full-fidelity export -----------------------------------------------------------
