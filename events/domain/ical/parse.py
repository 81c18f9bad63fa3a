"""An iCalendar file read safely: content lines into each event's properties,
and their values (text, dates in IANA zones, numbers) into Python values.

icalendar unfolds and splits the lines; its component parser is not used. That
parser builds a time zone from every VTIMEZONE as it reads it, expanding the
file's own rules (RRULE:FREQ=SECONDLY takes minutes and gigabytes), keeps
those zones for the whole process, looks a TZID up as a file path, and decodes
properties no import reads, each with errors of its own. Here only the
properties in READ are kept, every other component (VTIMEZONE, VALARM) is
skipped unread, and a TZID is looked up in the IANA database alone.

Every function raises ValueError with a message for the editor, or
CalendarImportError for the file as a whole; nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from icalendar.parser import Contentline, Contentlines, unescape_backslash

from events.domain.ical.export import EXPORT_PREFIX
from events.periods import EARLIEST_DATE, LATEST_DATE
from events.text import strip_controls
from events.zones import calendar_zone

# The VEVENT properties an import reads (and X-CSTOCAL-*); every other property,
# and every component but the calendar's own events, is skipped unread.
READ = frozenset(
    {
        "UID",
        "DTSTART",
        "DTEND",
        "DURATION",
        "SUMMARY",
        "LOCATION",
        "DESCRIPTION",
        "STATUS",
        "GEO",
        "SEQUENCE",
        "CREATED",
        "URL",
        "RRULE",
        "RDATE",
        "EXRULE",
    }
)
MAX_SEQUENCE = 2**31 - 1
# How much of a file's own text an error message repeats.
QUOTE_LENGTH = 80

_NAME = re.compile(r"[A-Za-z0-9-]+")
# A line whose parameters need no unquoting (most lines), split without
# icalendar's character-by-character reading.
_SIMPLE_LINE = re.compile(r"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=[^\"^;:,]*)*):(.*)", re.DOTALL)
_SIMPLE_PARAMETER = re.compile(r";([A-Za-z0-9-]+)=([^;]*)")
_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_DATE_TIME = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})(Z?)")
_INTEGER = re.compile(r"\+?([0-9]{1,12})")


class CalendarImportError(ValueError):
    """The file cannot be imported; ``problems`` says why, event by event."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


# A property's parameters, by upper-case name: a value, or a list of values.
type Parameters = dict[str, str | list[str]]
# A VEVENT's properties as written: name → [(parameters, raw value)].
type Properties = dict[str, list[tuple[Parameters, str]]]


@dataclass
class VEventProperties:
    """One VEVENT's properties as written: name → [(parameters, raw value)]."""

    properties: Properties = field(default_factory=dict)
    broken_line: str = ""


def _not_icalendar(error: str) -> CalendarImportError:
    return CalendarImportError(
        [_("The file is not an iCalendar file: %(error)s") % {"error": error}]
    )


def read_calendar(text: str) -> tuple[str, list[VEventProperties]]:
    """The calendar's PRODID and its VEVENTs, from unfolded content lines."""
    try:
        lines = [line for line in Contentlines.from_ical(text) if line]
    except ValueError as exc:
        raise _not_icalendar(str(exc)[:QUOTE_LENGTH]) from exc
    if not lines:
        raise _not_icalendar(_("the file is empty."))
    first = _begin_or_end(lines[0])
    if first is None or first[0] != "BEGIN":
        raise _not_icalendar(
            _("it starts with %(line)s, not BEGIN:VCALENDAR.") % {"line": quote(lines[0])}
        )
    if first[1] != "VCALENDAR":
        raise CalendarImportError([_("The file does not start with BEGIN:VCALENDAR.")])

    prodid, vevents, stack = "", [], list[str]()
    vevent: VEventProperties | None = None
    for number, line in enumerate(lines, start=1):
        if not stack and number > 1:
            raise _not_icalendar(_("there is more after END:VCALENDAR."))
        boundary = _begin_or_end(line)
        if boundary is not None:
            keyword, component = boundary
            if keyword == "BEGIN":
                stack.append(component)
                if stack == ["VCALENDAR", "VEVENT"]:
                    vevent = VEventProperties()
                    vevents.append(vevent)
                continue
            if stack[-1] != component:
                raise _not_icalendar(
                    _("END:%(component)s closes BEGIN:%(opened)s.")
                    % {"component": quote(component), "opened": stack[-1]}
                )
            stack.pop()
            if len(stack) < 2:
                vevent = None
            continue
        if len(stack) == 1 and property_name(line) == "PRODID":
            prodid = _prodid(line)
        elif vevent is not None and len(stack) == 2:
            _keep(vevent, line)
    if stack:
        raise _not_icalendar(_("END:%(component)s is missing.") % {"component": quote(stack[-1])})
    return prodid, vevents


def _begin_or_end(line: str) -> tuple[str, str] | None:
    name = property_name(line)
    if name not in ("BEGIN", "END"):
        return None
    rest = line[len(name) :]
    if not rest.startswith(":"):
        return None
    return name, rest[1:].strip().upper()


def property_name(line: str) -> str:
    match = _NAME.match(line)
    return match.group().upper() if match else ""


def _keep(vevent: VEventProperties, line: str) -> None:
    """Keep ``line`` if it is a property this import reads."""
    name = property_name(line)
    if name not in READ and not name.startswith(EXPORT_PREFIX):
        return
    try:
        name, params, value = _split(line)
    except ValueError:
        vevent.broken_line = vevent.broken_line or line
        return
    vevent.properties.setdefault(name, []).append((params, value))


def _split(line: str) -> tuple[str, Parameters, str]:
    """Name, parameters and the value as written (still escaped)."""
    match = _SIMPLE_LINE.fullmatch(line)
    if match:
        name, params, value = match.groups()
        return (
            name.upper(),
            {key.upper(): text for key, text in _SIMPLE_PARAMETER.findall(params)},
            value,
        )
    name, params, value = Contentline(line).raw_parts()
    return name.upper(), {key.upper(): text for key, text in params.items()}, value


def _prodid(line: str) -> str:
    try:
        return str(unescape_backslash(_split(line)[2]))
    except ValueError:
        return ""


def text_value(properties: Properties, name: str) -> str | None:
    if name not in properties:
        return None
    return str(unescape_backslash(properties[name][0][1]))


def x_value(params: Parameters, raw: str) -> str:
    """An X-CSTOCAL-* value: escaped TEXT when it says VALUE=TEXT (our exports
    do), else as written (exports before the escaping, which held no line breaks)."""
    if str(params.get("VALUE", "")).upper() == "TEXT":
        return str(unescape_backslash(raw))
    return raw


def quote(value: str) -> str:
    """A file's own text, safe to repeat in a message: on one line, without
    controls (a terminal would obey an escape sequence), and short."""
    value = " ".join(strip_controls(value).split())
    return value if len(value) <= QUOTE_LENGTH else value[: QUOTE_LENGTH - 1] + "…"


def malformed(name: str, value: str) -> str:
    return _("%(property)s is malformed (%(error)s).") % {
        "property": name or quote(value),
        "error": quote(value),
    }


def check_year(value: dt.date) -> None:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(
            _("the date %(date)s is outside the years this calendar accepts (%(min)s–%(max)s).")
            % {"date": value.isoformat(), "min": EARLIEST_DATE.year, "max": LATEST_DATE.year}
        )


def check_end(end: dt.date | dt.datetime) -> None:
    """An all-day DTEND is the day after the last: it may be one past LATEST_DATE."""
    if isinstance(end, dt.datetime):
        check_year(end.date())
    elif end == dt.date.min:
        check_year(end)
    else:
        check_year(end - dt.timedelta(days=1))


def ends_too_late() -> ValueError:
    return ValueError(
        _("the event ends after the years this calendar accepts (%(min)s–%(max)s).")
        % {"min": EARLIEST_DATE.year, "max": LATEST_DATE.year}
    )


def moment(name: str, params: Parameters, raw: str) -> dt.date | dt.datetime:
    """A DATE or DATE-TIME value; a time with a TZID in that IANA zone."""
    kind = str(params.get("VALUE", "")).upper()
    if kind not in ("", "DATE", "DATE-TIME"):
        raise ValueError(_("%(property)s must be a date or a date-time.") % {"property": name})
    date_time = _DATE_TIME.fullmatch(raw) if kind != "DATE" else None
    date = _DATE.fullmatch(raw) if kind != "DATE-TIME" else None
    if date_time is None and date is None:
        raise ValueError(malformed(name, raw))
    try:
        if date_time is None:
            year, month, day_of_month = map(int, date.groups()) if date else (0, 0, 0)
            return dt.date(year, month, day_of_month)
        *parts, utc = date_time.groups()
        year, month, day_of_month, hour, minute, second = map(int, parts)
        value = dt.datetime(year, month, day_of_month, hour, minute, second)  # noqa: DTZ001 - the zone is set below
    except ValueError as exc:  # 20130231, 20130919T250000
        raise ValueError(malformed(name, raw)) from exc
    tzid = params.get("TZID")
    if utc:
        if tzid is not None:
            raise ValueError(malformed(name, raw))
        return value.replace(tzinfo=dt.UTC)
    if tzid is None:
        return value
    zone = calendar_zone(tzid) if isinstance(tzid, str) else None
    if zone is None:
        raise ValueError(
            _("unknown time zone '%(zone)s'; use an IANA zone such as Europe/Moscow.")
            % {"zone": quote(str(tzid))}
        )
    return value.replace(tzinfo=zone)


def day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def sequence(properties: Properties) -> int:
    if "SEQUENCE" not in properties:
        return 0
    match = _INTEGER.fullmatch(properties["SEQUENCE"][0][1].strip())
    if not match or int(match.group(1)) > MAX_SEQUENCE:
        raise ValueError(
            _("%(property)s must be a whole number from 0 to %(max)s.")
            % {"property": "SEQUENCE", "max": MAX_SEQUENCE}
        )
    return int(match.group(1))


def created_at(properties: Properties) -> dt.datetime | None:
    if "CREATED" not in properties:
        return None
    params, raw = properties["CREATED"][0]
    if "TZID" in params or not _DATE_TIME.fullmatch(raw):
        raise ValueError(malformed("CREATED", raw))
    # RFC 5545 writes CREATED in UTC; a time without the Z is read as UTC too.
    created = moment("CREATED", {}, raw.removesuffix("Z") + "Z")
    if not isinstance(created, dt.datetime):
        raise ValueError(malformed("CREATED", raw))
    check_year(created.date())
    return created


def degrees(name: str, text: str, limit: int) -> Decimal:
    """A latitude or longitude as the model keeps it: five decimal places."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not -limit <= value <= limit:
        raise ValueError(
            _("%(property)s must be a number of degrees from %(min)s to %(max)s.")
            % {"property": name, "min": -limit, "max": limit}
        )
    return value.quantize(Decimal("0.00001"), rounding=ROUND_HALF_EVEN)


def geo(raw: str) -> tuple[Decimal, Decimal]:
    parts = raw.split(";")
    if len(parts) != 2:
        raise ValueError(malformed("GEO", raw))
    return degrees("GEO", parts[0], 90), degrees("GEO", parts[1], 180)
