"""iCalendar bytes to event data: pure functions, no query, no write.

``parse_calendar`` reads a file into ``ImportedEvent`` values or raises
``CalendarImportError`` whose ``problems`` name each bad event by its UID, so an
import can refuse the whole file in one clear message. It reads:
- our own export (``manage.py exportics``), whose X-CSTOCAL-* properties carry
  what plain iCalendar cannot: the kind, precisions, both languages, the series;
- our own feeds, whose SUMMARY, LOCATION, DESCRIPTION and derived STATUS are
  text generated from several fields, never written back into any one of them;
- any other calendar's events, as milestones with their text in one language,
  all-day or timed.

An event takes only what its file states: a file without X-CSTOCAL-KIND leaves
an event's kind alone, one without X-CSTOCAL-SLUG its address, one without
precisions its precisions (``ImportedEvent.changes``).

The file is read by ``events.domain.ical.parse``, which never lets icalendar build a
time zone from the file or expand its rules; recurring events (RRULE, RDATE,
EXRULE) are refused rather than expanded.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from icalendar import vDuration
from icalendar.parser import unescape_backslash

from events.domain.ical.export import EXPORT_PREFIX
from events.domain.ical.feed import feed_text
from events.domain.ical.parse import (
    CalendarImportError,
    Properties,
    VEventProperties,
    check_end,
    check_year,
    created_at,
    day,
    degrees,
    ends_too_late,
    geo,
    malformed,
    moment,
    property_name,
    quote,
    read_calendar,
    sequence,
    text_value,
    x_value,
)
from events.enums import TEXT_LANGUAGES, Kind, Precision, Status
from events.models import ExerciseSeries
from events.periods import EARLIEST_DATE, LATEST_DATE
from events.text import strip_controls

if TYPE_CHECKING:
    from events.models import Event

# Event fields by name, as an import sets them.
type Fields = dict[str, Any]
# A series our own export names: slug, name_en, name_ru.
type SeriesSpec = dict[str, str]

# UIDs that are not UUIDs (Google's "…@google.com") get a stable UUID of their own.
FOREIGN_UID_NAMESPACE = uuid.UUID("5d0f7b0e-2b7e-4f0c-9a51-3c8b3f1d2e77")

ICAL_TO_STATUS = {
    "TENTATIVE": Status.TENTATIVE,
    "CONFIRMED": Status.CONFIRMED,
    "CANCELLED": Status.CANCELLED,
}
# Our feeds and exports say who wrote them (PRODID); what such a file's
# SUMMARY, LOCATION and DESCRIPTION hold was generated from the database.
OWN_PRODID_PREFIX = "-//cstocal//"

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class ImportedEvent:
    """One VEVENT as its file states it.

    ``fields`` are the event's fields the file sets outright; ``written`` the
    SUMMARY, LOCATION, DESCRIPTION and STATUS as written, which ``changes``
    turns into fields unless they are what our own feed generates."""

    uid: uuid.UUID
    source_uid: str
    fields: Fields = field(default_factory=dict)
    series: SeriesSpec | None = None  # {"slug", "name_en", "name_ru"} from our own export
    sequence: int = 0
    created: dt.datetime | None = None
    language: str = TEXT_LANGUAGES[0]
    written: dict[str, str] = field(default_factory=dict)
    url: str = ""
    from_own_feed: bool = False

    @property
    def label(self) -> str:
        """The UID as a message repeats it."""
        return quote(self.source_uid)

    def changes(self, event: Event | None) -> Fields:
        """The fields to set on ``event``, the existing event of this UID (with
        its series loaded), or on a new event when ``event`` is None."""
        fields = dict(self.fields)
        generated: list[dict[str, str]] = []

        def ours(prop: str) -> set[str]:
            """``prop`` as our feeds in every language write it for ``event``."""
            if event is None:
                return set()
            if not generated:
                url = self.url or self.written.get("DESCRIPTION", "").rpartition("\n\n")[2]
                generated.extend(
                    feed_text(event, url=url, language=language) for language in TEXT_LANGUAGES
                )
            return {text[prop] for text in generated}

        status = self.written.get("STATUS")
        title, marked_status = _title_from_summary(self.written.get("SUMMARY"), status)
        stated = status is not None and "status" not in fields
        if status is not None and stated and status not in ours("STATUS"):
            fields["status"] = marked_status or ICAL_TO_STATUS[status]
        if event is None:
            fields.setdefault("kind", Kind.MILESTONE)
        texts = {
            "title": ("SUMMARY", title),
            "place": ("LOCATION", self.written.get("LOCATION")),
            "description": ("DESCRIPTION", self.written.get("DESCRIPTION")),
        }
        for name, (prop, value) in texts.items():
            if value is None or any(f"{name}_{code}" in fields for code in TEXT_LANGUAGES):
                continue
            value = value.strip()
            if event is None:
                # A new event needs a title even from our own feed; the feed's
                # place and description are made of several fields.
                if name == "title" or not self.from_own_feed:
                    fields[f"{name}_{self.language}"] = value
            elif not (
                self.from_own_feed
                or self.written[prop] in ours(prop)
                or (name == "title" and value == event.name_in(self.language))
            ):
                fields[f"{name}_{self.language}"] = value
        if event is not None and _same_moments(event, fields):
            for name in ("start_date", "end_date", "start_time", "end_time", "time_zone"):
                fields.pop(name, None)
        return fields


def parse_calendar(data: bytes, *, language: str, max_events: int) -> list[ImportedEvent]:
    """Every VEVENT of ``data`` as event data, or CalendarImportError naming what is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CalendarImportError([_("The file is not UTF-8 text.")]) from exc
    prodid, vevents = read_calendar(text)
    if len(vevents) > max_events:
        raise CalendarImportError(
            [
                _("The file has %(count)s events; at most %(max)s can be imported at once.")
                % {"count": len(vevents), "max": max_events}
            ]
        )
    own = prodid.startswith(OWN_PRODID_PREFIX)
    events, problems, seen = [], [], set()
    for index, vevent in enumerate(vevents, start=1):
        uids = vevent.properties.get("UID", [])
        source_uid = unescape_backslash(uids[0][1]).strip() if uids else ""
        label = (
            quote(source_uid) if source_uid else _("event %(number)s (no UID)") % {"number": index}
        )
        try:
            event = _parse_vevent(vevent, source_uid, language, own=own)
        except ValueError as exc:
            problems.append(f"UID {label}: {exc}")
            continue
        if event.uid in seen:
            problems.append(f"UID {label}: " + _("this UID appears twice in the file."))
            continue
        seen.add(event.uid)
        events.append(event)
    if problems:
        raise CalendarImportError(problems)
    return events


def _parse_vevent(
    vevent: VEventProperties, source_uid: str, language: str, *, own: bool
) -> ImportedEvent:
    if not source_uid:
        raise ValueError(_("every event needs a UID."))
    if vevent.broken_line:
        raise ValueError(malformed(property_name(vevent.broken_line), vevent.broken_line))
    properties = vevent.properties
    if any(name in properties for name in ("RRULE", "RDATE", "EXRULE")):
        raise ValueError(_("recurring events are not supported; list each occurrence."))
    for name, values in properties.items():
        if len(values) > 1:
            raise ValueError(_("%(property)s appears more than once.") % {"property": name})
    try:
        uid = uuid.UUID(source_uid)
    except ValueError:
        uid = uuid.uuid5(FOREIGN_UID_NAMESPACE, source_uid)

    # What our export states in X-CSTOCAL-* properties, by name without the prefix.
    exported = {
        name.removeprefix(EXPORT_PREFIX): x_value(*values[0])
        for name, values in properties.items()
        if name.startswith(EXPORT_PREFIX)
    }
    fields: Fields = {}
    fields.update(_dates(properties, exported))
    written = {}
    for name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
        text = text_value(properties, name)
        if text is not None:
            written[name] = text
    status = text_value(properties, "STATUS")
    if status is not None:
        written["STATUS"] = status.strip().upper()
        if written["STATUS"] not in ICAL_TO_STATUS:
            raise ValueError(_("STATUS must be TENTATIVE, CONFIRMED or CANCELLED."))
    if "GEO" in properties:
        fields["latitude"], fields["longitude"] = geo(properties["GEO"][0][1])
    series = None
    if exported:
        own_fields, series = _own_fields(exported)
        fields.update(own_fields)
    if not exported and "SUMMARY" not in written and not own:
        raise ValueError(_("SUMMARY is missing."))
    return ImportedEvent(
        uid=uid,
        source_uid=source_uid,
        fields=fields,
        series=series,
        sequence=sequence(properties),
        created=created_at(properties),
        language=language,
        written=written,
        url=properties["URL"][0][1] if "URL" in properties else "",
        from_own_feed=own,
    )


def _title_from_summary(summary: str | None, status: str | None) -> tuple[str | None, str | None]:
    """The title in a SUMMARY, without the mark our feeds put before a cancelled
    or postponed event's name, and the status that mark stands for."""
    if summary is None:
        return None, None
    marks = {"CANCELLED": Status.CANCELLED, "TENTATIVE": Status.POSTPONED}
    if status not in marks:
        return summary, None
    for language in TEXT_LANGUAGES:
        with translation.override(language):
            template = (
                _("Cancelled: %(name)s") if status == "CANCELLED" else _("Postponed: %(name)s")
            )
        before, _name, after = template.partition("%(name)s")
        if summary.startswith(before) and summary.endswith(after):
            title = summary[len(before) : len(summary) - len(after)]
            if title.strip():
                return title, marks[status]
    return summary, None


def _dates(properties: Properties, exported: dict[str, str]) -> Fields:
    if "DTSTART" not in properties:
        if exported.get("UNDATED") == "TRUE":
            return {
                "start_date": None,
                "end_date": None,
                "start_time": None,
                "end_time": None,
                "time_zone": "",
            }
        raise ValueError(_("DTSTART is missing."))
    start = moment("DTSTART", *properties["DTSTART"][0])
    end = moment("DTEND", *properties["DTEND"][0]) if "DTEND" in properties else None
    check_year(day(start))
    if end is not None:
        check_end(end)
    elif "DURATION" in properties:
        raw = properties["DURATION"][0][1]
        try:
            end = start + vDuration.from_ical(raw)
        except OverflowError as exc:
            raise ends_too_late() from exc
        except ValueError as exc:
            raise ValueError(malformed("DURATION", raw)) from exc
        check_end(end)
    else:
        end = start + dt.timedelta(days=1) if not isinstance(start, dt.datetime) else start
    if type(start) is not type(end):
        raise ValueError(_("DTSTART and DTEND must both be dates or both be times."))

    fields: Fields = {}
    for side in ("START", "END"):
        if f"{side}-PRECISION" in exported:
            fields[f"{side.lower()}_precision"] = _choice(
                f"{EXPORT_PREFIX}{side}-PRECISION", exported[f"{side}-PRECISION"], Precision
            )

    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError(_("times must name their time zone (TZID) or be in UTC."))
        end = end.astimezone(start.tzinfo)
        check_year(end.date())
        if end < start:
            raise ValueError(_("the event ends before it starts."))
        zone = "UTC" if start.tzinfo is dt.UTC else str(getattr(start.tzinfo, "key", "UTC"))
        return fields | {
            "start_date": start.date(),
            "start_time": start.time(),
            "end_date": end.date(),
            "end_time": end.time(),
            "time_zone": zone,
        }

    if end <= start:
        raise ValueError(_("DTEND must be after DTSTART (it is the day after the last day)."))
    return fields | {
        "start_date": start,
        "end_date": end - dt.timedelta(days=1),
        "start_time": None,
        "end_time": None,
        "time_zone": "",
    }


def _same_moments(event: Event, fields: Fields) -> bool:
    """Whether ``fields`` give the timed ``event`` the instants it has, perhaps
    in another zone (a calendar that rewrote them in UTC): then its own zone and
    wall-clock times stay."""
    if event.starts_at is None or not fields.get("time_zone"):
        return False
    zone = dt.UTC if fields["time_zone"] == "UTC" else zoneinfo.ZoneInfo(fields["time_zone"])
    start = dt.datetime.combine(fields["start_date"], fields["start_time"], tzinfo=zone)
    end = dt.datetime.combine(fields["end_date"], fields["end_time"], tzinfo=zone)
    return (start, end) == (event.starts_at, event.ends_at)


def _choice(name: str, value: str, choices: type[models.TextChoices]) -> str:
    if value not in choices.values:
        raise ValueError(
            _("%(property)s must be one of: %(values)s.")
            % {"property": name, "values": ", ".join(choices.values)}
        )
    return value


def _flag(name: str, value: str) -> bool:
    if value.upper() not in ("TRUE", "FALSE", ""):
        raise ValueError(_("%(property)s must be TRUE or FALSE.") % {"property": name})
    return value.upper() == "TRUE"


def _country(name: str, code: str) -> str:
    if code and countries.alpha2(code) != code:
        raise ValueError(
            _("%(property)s: %(code)s is not a country code (ISO 3166 alpha-2).")
            % {"property": name, "code": quote(code)}
        )
    return code


def _year(name: str, value: str) -> int | None:
    if not value:
        return None
    if (
        not value.isascii()
        or not value.isdigit()
        or not (EARLIEST_DATE.year <= int(value) <= LATEST_DATE.year)
    ):
        raise ValueError(
            _("%(property)s must be a year from %(min)s to %(max)s.")
            % {"property": name, "min": EARLIEST_DATE.year, "max": LATEST_DATE.year}
        )
    return int(value)


def _iso_date(name: str, value: str) -> dt.date | None:
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        date = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(
            _("%(property)s must be a date such as 2013-09-23.") % {"property": name}
        ) from exc
    check_year(date)
    return date


def _limited(name: str, value: str, limit: int) -> str:
    if len(value) > limit:
        raise ValueError(
            _("%(property)s is longer than %(max)s characters.") % {"property": name, "max": limit}
        )
    return value


def _own_fields(exported: dict[str, str]) -> tuple[Fields, SeriesSpec | None]:
    """The fields our own export carries in X-CSTOCAL-* properties: each one
    only when its property is there."""
    fields: Fields = {}
    if "KIND" in exported:
        fields["kind"] = _choice(EXPORT_PREFIX + "KIND", exported["KIND"], Kind)
    if "STATUS" in exported:
        fields["status"] = _choice(EXPORT_PREFIX + "STATUS", exported["STATUS"], Status)
    if exported.get("SLUG"):
        fields["slug"] = exported["SLUG"]
    for name in ("TITLE", "PLACE", "DESCRIPTION", "FORCES"):
        for language in TEXT_LANGUAGES:
            if f"{name}-{language.upper()}" in exported:
                fields[f"{name.lower()}_{language}"] = exported[f"{name}-{language.upper()}"]
    if "COUNTRY" in exported:
        fields["country"] = _country(EXPORT_PREFIX + "COUNTRY", exported["COUNTRY"])
    if "PARTICIPANTS" in exported:
        codes = [code for code in exported["PARTICIPANTS"].split(",") if code]
        fields["participants"] = [_country(EXPORT_PREFIX + "PARTICIPANTS", code) for code in codes]
    for name in ("INFORMAL", "PUBLISHED"):
        if name in exported:
            fields[name.lower()] = _flag(EXPORT_PREFIX + name, exported[name])
    if "SERIES-YEAR" in exported:
        fields["series_year"] = _year(EXPORT_PREFIX + "SERIES-YEAR", exported["SERIES-YEAR"])
    for name in ("SOURCE-TITLE", "SOURCE-URL", "SOURCE-QUOTE"):
        if name in exported:
            fields[name.lower().replace("-", "_")] = exported[name]
    if "SOURCE-DATE" in exported:
        fields["source_date"] = _iso_date(EXPORT_PREFIX + "SOURCE-DATE", exported["SOURCE-DATE"])
    for name, limit in (("LATITUDE", 90), ("LONGITUDE", 180)):
        if name in exported:
            fields[name.lower()] = (
                degrees(EXPORT_PREFIX + name, exported[name], limit) if exported[name] else None
            )

    series = None
    if "SERIES" in exported and not exported["SERIES"]:
        fields["series"] = None
    elif exported.get("SERIES"):
        series = _series(exported)
    return fields, series


def _series(exported: dict[str, str]) -> SeriesSpec:
    slug = exported["SERIES"]
    try:
        validate_slug(slug)
    except ValidationError as exc:
        raise ValueError(_("the series must be a slug such as “interaction”.")) from exc
    limits = {
        f.name: f.max_length or 0
        for f in ExerciseSeries._meta.get_fields()
        if isinstance(f, models.Field)
    }
    series = {
        "slug": _limited(EXPORT_PREFIX + "SERIES", slug, limits["slug"]),
        "name_en": strip_controls(exported.get("SERIES-NAME-EN") or slug),
        "name_ru": strip_controls(exported.get("SERIES-NAME-RU", "")),
    }
    for language in TEXT_LANGUAGES:
        name = f"name_{language}"
        _limited(f"{EXPORT_PREFIX}SERIES-NAME-{language.upper()}", series[name], limits[name])
    return series
