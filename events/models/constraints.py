"""The events table's indexes and the constraints the database enforces.

``Event.clean`` (events/models/rules.py) explains each constraint field by field
before a save reaches the database; these are the last word, for every writer.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from events.enums import Kind, Precision, Status

EVENT_INDEXES = [
    models.Index(fields=["start_date", "end_date"], name="event_dates_idx"),
    # Calendar order (events.periods.CALENDAR_ORDER): its first keys straight from
    # the index for feeds and long lists, instead of sorting the table on every build.
    models.Index(
        fields=["start_date", "start_time", "end_date", "slug"],
        name="event_chronological_idx",
    ),
    # A feed build reads every event's version (feed_store._vevents_of) and
    # its time zones; on PostgreSQL both come from these indexes alone.
    models.Index(
        fields=["id"],
        include=["revision", "updated_at", "series", "published", "start_date"],
        name="event_versions_idx",
    ),
    models.Index(fields=["time_zone"], condition=~Q(time_zone=""), name="event_timed_zone_idx"),
    # The timeline's default end (MAX) and "the nearest earlier event".
    models.Index(fields=["end_date"], name="event_end_idx"),
    models.Index(fields=["kind", "start_date"], name="event_kind_start_idx"),
]
EVENT_CONSTRAINTS = [
    models.CheckConstraint(
        condition=Q(kind__in=Kind.values),
        name="event_kind_valid",
        violation_error_message=_("Choose a kind from the list."),
    ),
    models.CheckConstraint(
        condition=Q(status__in=Status.values),
        name="event_status_valid",
        violation_error_message=_("Choose a status from the list."),
    ),
    models.CheckConstraint(
        condition=Q(start_precision__in=Precision.values) & Q(end_precision__in=Precision.values),
        name="event_precision_valid",
        violation_error_message=_("Choose a precision from the list."),
    ),
    models.CheckConstraint(
        condition=Q(start_date__isnull=True, end_date__isnull=True)
        | Q(start_date__isnull=False, end_date__isnull=False),
        name="event_dates_together",
        violation_error_message=_("Give both a start and an end date, or neither."),
    ),
    models.CheckConstraint(
        condition=Q(start_date__isnull=True)
        | Q(end_date__gt=F("start_date"))
        | Q(end_date=F("start_date"), end_time__isnull=True)
        | Q(end_date=F("start_date"), end_time__gte=F("start_time")),
        name="event_end_not_before_start",
        violation_error_message=_("The end cannot be before the start."),
    ),
    models.CheckConstraint(
        condition=Q(start_time__isnull=True, end_time__isnull=True, time_zone="")
        | (
            Q(
                start_time__isnull=False,
                end_time__isnull=False,
                start_date__isnull=False,
                start_precision=Precision.DAY,
                end_precision=Precision.DAY,
            )
            & ~Q(time_zone="")
        ),
        name="event_timed_fields_together",
        violation_error_message=_(
            "A timed event needs a start time, an end time, a time zone and exact days."
        ),
    ),
    models.CheckConstraint(
        condition=~Q(kind=Kind.EXERCISE) | Q(series__isnull=False, series_year__isnull=False),
        name="event_exercise_has_series",
        violation_error_message=_("An exercise needs a series and a year."),
    ),
    models.CheckConstraint(
        condition=~Q(kind=Kind.TERM)
        | (~Q(country="") & Q(start_date__isnull=False) & Q(end_date__gt=F("start_date"))),
        name="event_term_has_chair_and_dates",
        violation_error_message=_(
            "A chairmanship term needs a chair country, and a start and an end on different days."
        ),
    ),
    models.CheckConstraint(
        condition=Q(latitude__isnull=True, longitude__isnull=True)
        | Q(
            latitude__gte=-90,
            latitude__lte=90,
            longitude__gte=-180,
            longitude__lte=180,
        ),
        name="event_geo_valid",
        violation_error_message=_(
            "Give both latitude (−90 to 90) and longitude (−180 to 180), or neither."
        ),
    ),
    models.UniqueConstraint(
        fields=["series", "series_year"],
        condition=Q(kind=Kind.EXERCISE),
        name="event_unique_exercise_per_series_year",
        violation_error_message=_("This series already has an exercise in that year."),
    ),
    # Chairmanship terms never overlap: on PostgreSQL an exclusion
    # constraint, on SQLite a trigger (migration 0002); clean() explains.
]
