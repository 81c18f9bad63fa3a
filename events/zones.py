"""Which time zone names a timed event may carry, and what its wall-clock times mean.

An event's zone must mean the same on every server: an IANA name such as
Europe/Moscow, UTC or Etc/GMT-3, as ``zoneinfo.available_timezones()`` lists
them. The system's own files that are not zones of the world are refused:
``localtime`` (whatever the server's clock is set to), ``posixrules``,
``Factory``, and the ``posix/`` and ``right/`` copies of the database (the
latter count leap seconds, so their clocks differ from civil time).

Local times are read PEP 495's way: a time that occurs twice when the clocks go
back is its first occurrence (``fold=0``, the earlier instant); a time that
never occurs when they go forward is refused by ``Event.clean`` with the gap
named (``skipped_time_message``).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from django.utils.translation import gettext as _

# Names in the zone database that describe the server, not a place.
SERVER_ZONES = frozenset({"localtime", "posixrules", "Factory"})
SERVER_ZONE_PREFIXES = ("posix/", "right/")


@functools.cache
def calendar_zone_names() -> frozenset[str]:
    """Every name an event's time zone may be (read once per process: the scan
    of the zone database takes milliseconds)."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name not in SERVER_ZONES and not name.startswith(SERVER_ZONE_PREFIXES)
    )


def calendar_zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone called ``name``, or None when it is not a calendar zone."""
    if name not in calendar_zone_names():
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def skipped_span(
    day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo
) -> tuple[dt.datetime, dt.datetime] | None:
    """When ``time`` on ``day`` never happens in ``zone`` because the clocks jump
    over it, the local wall-clock times they jump from and to (naive: 02:00 and
    03:00 on a spring-forward night in Europe/Berlin); None when it happens.

    In such a gap PEP 495 gives the offset from before the jump to ``fold=0`` and
    the one from after it to ``fold=1``; the jump's instant lies between the two
    readings and is found to the second (a few zones moved by seconds, from local
    mean time, after 1900).
    """
    local = dt.datetime.combine(day, time.replace(microsecond=0))
    before = local.replace(tzinfo=zone, fold=0).utcoffset()
    after = local.replace(tzinfo=zone, fold=1).utcoffset()
    if before is None or after is None or before >= after:
        return None
    earliest = (local - after).replace(tzinfo=dt.UTC)
    latest = (local - before).replace(tzinfo=dt.UTC)
    while (seconds := int((latest - earliest).total_seconds())) > 1:
        middle = earliest + dt.timedelta(seconds=seconds // 2)
        if middle.astimezone(zone).utcoffset() == before:
            earliest = middle
        else:
            latest = middle
    jump = latest.replace(tzinfo=None)
    return jump + before, jump + after


def skipped_time_message(day: dt.date, time: dt.time, zone_name: str) -> str | None:
    """Why ``time`` on ``day`` cannot be an event's time in ``zone_name`` (the
    clocks jump over it, and by how much), or None when it can."""
    zone = calendar_zone(zone_name)
    gap = skipped_span(day, time, zone) if zone is not None else None
    if gap is None:
        return None
    jump_from, jump_to = gap
    spec = "%H:%M:%S" if jump_from.second or jump_to.second else "%H:%M"
    if jump_from.date() != jump_to.date():
        spec = f"%Y-%m-%d {spec}"
    return _(
        "%(time)s on %(date)s does not exist in %(zone)s: the clocks jump "
        "from %(from)s straight to %(to)s. Give a time outside that gap."
    ) % {
        "time": time.strftime("%H:%M:%S" if time.second else "%H:%M"),
        "date": day.isoformat(),
        "zone": zone_name,
        "from": jump_from.strftime(spec),
        "to": jump_to.strftime(spec),
    }
