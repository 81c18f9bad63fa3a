"""iCalendar bytes to event data: pure functions, no query, no write.

``parse_calendar`` reads a file into ``ImportedEvent`` values or raises
``CalendarImportError`` whose ``problems`` name each bad event by its UID, so an
import can refuse the whole file in one clear message. It reads:
- our own export (``manage.py exportics``), whose X-CSTOCAL-* properties carry
  what plain iCalendar cannot: the kind, precisions, both languages, the series;
- any other calendar's events, as milestones with their text in one language,
  all-day or timed.

Recurring events (RRULE, RDATE) are refused rather than expanded: a rule such as
FREQ=SECONDLY;COUNT=1000000000 must never be able to hang the server.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _
from icalendar import Calendar

from events.models import (
    EARLIEST_DATE,
    LATEST_DATE,
    TEXT_LANGUAGES,
    Kind,
    Precision,
    Status,
    strip_controls,
)

# UIDs that are not UUIDs (Google's "…@google.com") get a stable UUID of their own.
FOREIGN_UID_NAMESPACE = uuid.UUID("5d0f7b0e-2b7e-4f0c-9a51-3c8b3f1d2e77")

ICAL_TO_STATUS = {
    "TENTATIVE": Status.TENTATIVE,
    "CONFIRMED": Status.CONFIRMED,
    "CANCELLED": Status.CANCELLED,
}
X = "X-CSTOCAL-"


class CalendarImportError(ValueError):
    """The file cannot be imported; ``problems`` says why, event by event."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportedEvent:
    uid: uuid.UUID
    source_uid: str
    fields: dict = field(default_factory=dict)
    series: dict | None = None  # {"slug", "name_en", "name_ru"} from our own export
    sequence: int = 0
    created: dt.datetime | None = None


def parse_calendar(data: bytes, *, language: str, max_events: int) -> list[ImportedEvent]:
    """Every VEVENT of ``data`` as event data, or CalendarImportError naming what is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CalendarImportError([_("The file is not UTF-8 text.")]) from exc
    try:
        calendar = Calendar.from_ical(text)
    except ValueError as exc:
        raise CalendarImportError(
            [_("The file is not an iCalendar file: %(error)s") % {"error": str(exc)[:200]}]
        ) from exc
    if calendar.name != "VCALENDAR":
        raise CalendarImportError([_("The file does not start with BEGIN:VCALENDAR.")])

    vevents = calendar.walk("VEVENT")
    if len(vevents) > max_events:
        raise CalendarImportError(
            [
                _("The file has %(count)s events; at most %(max)s can be imported at once.")
                % {"count": len(vevents), "max": max_events}
            ]
        )
    events, problems, seen = [], [], set()
    for index, vevent in enumerate(vevents, start=1):
        source_uid = str(vevent.get("UID", "")).strip()
        label = source_uid or _("event %(number)s (no UID)") % {"number": index}
        try:
            event = _parse_vevent(vevent, source_uid, language)
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


def _parse_vevent(vevent, source_uid: str, language: str) -> ImportedEvent:
    if not source_uid:
        raise ValueError(_("every event needs a UID."))
    if vevent.errors:
        name, message = vevent.errors[0]
        raise ValueError(_("%(property)s is malformed (%(error)s).") % {
            "property": name,
            "error": str(message)[:120],
        })  # fmt: skip
    if any(name in vevent for name in ("RRULE", "RDATE", "EXRULE")):
        raise ValueError(_("recurring events are not supported; list each occurrence."))
    try:
        uid = uuid.UUID(source_uid)
    except ValueError:
        uid = uuid.uuid5(FOREIGN_UID_NAMESPACE, source_uid)

    fields: dict = {}
    x = {name[len(X) :]: str(value) for name, value in vevent.items() if name.startswith(X)}
    fields.update(_dates(vevent, x))
    fields["status"] = ICAL_TO_STATUS.get(str(vevent.get("STATUS", "CONFIRMED")).upper())
    if fields["status"] is None:
        raise ValueError(_("STATUS must be TENTATIVE, CONFIRMED or CANCELLED."))
    if x.get("STATUS") in Status.values:
        fields["status"] = x["STATUS"]

    if x:
        fields.update(_own_fields(x))
    else:
        fields["kind"] = Kind.MILESTONE
        fields[f"title_{language}"] = _strip_marks(str(vevent.get("SUMMARY", "")).strip())
        fields[f"place_{language}"] = str(vevent.get("LOCATION", "")).strip()
        fields[f"description_{language}"] = str(vevent.get("DESCRIPTION", "")).strip()
        if not fields[f"title_{language}"]:
            raise ValueError(_("SUMMARY is missing."))
        if "GEO" in vevent:
            geo = vevent["GEO"]
            fields["latitude"] = Decimal(str(geo.latitude)).quantize(Decimal("0.00001"))
            fields["longitude"] = Decimal(str(geo.longitude)).quantize(Decimal("0.00001"))

    series = None
    if x.get("SERIES"):
        try:
            validate_slug(x["SERIES"])
        except ValidationError as exc:
            raise ValueError(_("the series must be a slug such as “interaction”.")) from exc
        series = {
            "slug": x["SERIES"],
            "name_en": strip_controls(x.get("SERIES-NAME-EN", x["SERIES"]))[:120],
            "name_ru": strip_controls(x.get("SERIES-NAME-RU", ""))[:120],
        }
    created = vevent.decoded("CREATED") if "CREATED" in vevent else None
    return ImportedEvent(
        uid=uid,
        source_uid=source_uid,
        fields=fields,
        series=series,
        sequence=int(vevent.get("SEQUENCE", 0)),
        created=created if isinstance(created, dt.datetime) else None,
    )


def _check_year(value: dt.date) -> None:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(
            _("the date %(date)s is outside the years this calendar accepts (%(min)s–%(max)s).")
            % {"date": value.isoformat(), "min": EARLIEST_DATE.year, "max": LATEST_DATE.year}
        )


def _dates(vevent, x: dict[str, str]) -> dict:
    if "DTSTART" not in vevent:
        if x.get("UNDATED") == "TRUE":
            return {"start_date": None, "end_date": None}
        raise ValueError(_("DTSTART is missing."))
    start = vevent.decoded("DTSTART")
    if "DTEND" in vevent:
        end = vevent.decoded("DTEND")
    elif "DURATION" in vevent:
        end = start + vevent.decoded("DURATION")
    else:
        end = start + dt.timedelta(days=1) if not isinstance(start, dt.datetime) else start
    if type(start) is not type(end):
        raise ValueError(_("DTSTART and DTEND must both be dates or both be times."))

    if isinstance(start, dt.datetime):
        if start.tzinfo is None:
            raise ValueError(_("times must name their time zone (TZID) or be in UTC."))
        zone = getattr(start.tzinfo, "key", None)
        if zone is None and start.utcoffset() == dt.timedelta(0):
            zone = "UTC"
        if zone is None:
            raise ValueError(_("the time zone must be an IANA zone such as Europe/Moscow."))
        end = end.astimezone(start.tzinfo)
        for value in (start, end):
            _check_year(value.date())
        if end < start:
            raise ValueError(_("the event ends before it starts."))
        return {
            "start_date": start.date(),
            "start_time": start.time().replace(tzinfo=None),
            "end_date": end.date(),
            "end_time": end.time().replace(tzinfo=None),
            "time_zone": zone,
            "start_precision": Precision.DAY,
            "end_precision": Precision.DAY,
        }

    for value in (start, end):
        _check_year(value)
    if end <= start:
        raise ValueError(_("DTEND must be after DTSTART (it is the day after the last day)."))
    return {
        "start_date": start,
        "end_date": end - dt.timedelta(days=1),
        "start_time": None,
        "end_time": None,
        "time_zone": "",
        "start_precision": x.get("START-PRECISION", Precision.DAY),
        "end_precision": x.get("END-PRECISION", Precision.DAY),
    }


def _own_fields(x: dict[str, str]) -> dict:
    """The fields our own export carries in X-CSTOCAL-* properties."""
    fields = {"kind": x.get("KIND", Kind.MILESTONE), "slug": x.get("SLUG", "")}
    for name in ("TITLE", "PLACE", "DESCRIPTION", "FORCES"):
        for language in TEXT_LANGUAGES:
            fields[f"{name.lower()}_{language}"] = x.get(f"{name}-{language.upper()}", "")
    fields["country"] = x.get("COUNTRY", "")
    fields["participants"] = [c for c in x.get("PARTICIPANTS", "").split(",") if c]
    fields["informal"] = x.get("INFORMAL") == "TRUE"
    fields["published"] = x.get("PUBLISHED", "TRUE") == "TRUE"
    if x.get("SERIES-YEAR"):
        fields["series_year"] = int(x["SERIES-YEAR"])
    for name in ("SOURCE-TITLE", "SOURCE-URL", "SOURCE-QUOTE"):
        fields[name.lower().replace("-", "_")] = x.get(name, "")
    if x.get("SOURCE-DATE"):
        fields["source_date"] = dt.date.fromisoformat(x["SOURCE-DATE"])
    try:
        for name in ("LATITUDE", "LONGITUDE"):
            if x.get(name):
                fields[name.lower()] = Decimal(x[name])
    except InvalidOperation as exc:
        raise ValueError(_("the map point is not a number.")) from exc
    return fields


def _strip_marks(summary: str) -> str:
    """Our feeds prefix cancelled and postponed titles; the status says it already."""
    for prefix in ("Cancelled: ", "Postponed: ", "Отменено: ", "Перенесено: "):
        if summary.startswith(prefix):
            return summary.removeprefix(prefix)
    return summary
