"""Importing an iCalendar file: every event created or updated by UID, all or nothing.

``ical/parse.py`` reads the file's content lines, ``ical/imported.py`` turns each
VEVENT into the fields it states; this writes them through the same validation
as admin.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from events.domain.ical.imported import parse_calendar
from events.domain.ical.parse import CalendarImportError
from events.domain.results import WriteResult
from events.models import Event, ExerciseSeries


def check_import_size(size: int) -> None:
    """Refuse a file over CSTOCAL_IMPORT_MAX_BYTES before anything reads it whole."""
    if size > settings.CSTOCAL_IMPORT_MAX_BYTES:
        raise CalendarImportError(
            [
                _("The file is %(size)s bytes; at most %(max)s can be imported.")
                % {"size": size, "max": settings.CSTOCAL_IMPORT_MAX_BYTES}
            ]
        )


def calendar_import(*, data: bytes, language: str = "en") -> WriteResult:
    """Create or update events by UID from an iCalendar file, all or nothing.

    Raises CalendarImportError naming every bad event (by UID) and writes
    nothing when any event is bad: its data cannot be read, or it breaks a rule
    of the calendar (an overlapping term, a clashing slug, an end before its
    start), checked by the same validation as admin. An event changes only in
    what the file states (``ImportedEvent.changes``): importing our own feed or
    export back changes nothing.
    """
    check_import_size(len(data))
    imported = parse_calendar(
        data, language=language, max_events=settings.CSTOCAL_IMPORT_MAX_EVENTS
    )
    result = WriteResult()
    problems: list[str] = []
    with transaction.atomic():
        existing = Event.objects.select_related("series").in_bulk(
            [item.uid for item in imported], field_name="uid"
        )
        series_cache: dict[str, ExerciseSeries] = {}
        for item in imported:
            event = existing.get(item.uid)
            fields = item.changes(event)
            if event is None:
                # A restored event keeps its SEQUENCE and creation time, so
                # subscribers never see either go backwards.
                event = Event(uid=item.uid, revision=item.sequence)
                if item.created is not None:
                    event.created_at = item.created
            adding = event._state.adding
            try:
                if item.series:
                    fields["series"] = _import_series(item.series, series_cache)
                # A savepoint per event: a database refusal (a race with another
                # writer, a value the database will not hold) is reported like a
                # validation error, not as a 500.
                with transaction.atomic():
                    for name, value in fields.items():
                        setattr(event, name, value)
                    # An event the file leaves as it is is neither validated
                    # again nor written: re-importing a feed costs reads only.
                    changed = adding or bool(event.changed_fields())
                    if changed:
                        event.full_clean()
                        changed = adding or bool(event.changed_fields())
                    if changed:
                        event.save()
            except ValidationError as exc:
                problems.append(f"UID {item.label}: {_flatten(exc)}")
                continue
            except DatabaseError:
                problems.append(
                    f"UID {item.label}: "
                    + _("the database refused the event (it clashes with another one).")
                )
                continue
            bucket = result.created if adding else result.updated if changed else result.unchanged
            bucket.append(event.slug)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise CalendarImportError(problems)
    return result


def _import_series(spec: dict[str, Any], known: dict[str, ExerciseSeries]) -> ExerciseSeries:
    """The series an imported exercise names, created from the file when new."""
    if spec["slug"] not in known:
        series = ExerciseSeries.objects.filter(slug=spec["slug"]).first()
        if series is None:
            series = ExerciseSeries(**spec)
            series.full_clean()
            with transaction.atomic():
                series.save()
        known[spec["slug"]] = series
    return known[spec["slug"]]


def _flatten(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
