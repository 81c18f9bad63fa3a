"""The calendar's data: one events table, exercise series, and their rules.

Every calendar, feed and API query is a range scan over ``Event``; kind-specific
behaviour is a matter of which fields a kind uses, not of separate tables.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
import re
import time
import uuid
import zoneinfo
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from events.zones import calendar_zone, skipped_span

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)

# The languages event text is kept in; the first is the fallback.
TEXT_LANGUAGES = ("en", "ru")


def localized(obj: object, field: str) -> str:
    """The active language's text of ``field`` (``title`` → ``title_ru``), else English."""
    language = (get_language() or TEXT_LANGUAGES[0])[:2]
    if language in TEXT_LANGUAGES:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, f"{field}_{TEXT_LANGUAGES[0]}", "")


# Characters no text field keeps: C0 controls but tab and newline, DEL, C1
# controls and lone surrogates. PostgreSQL refuses NUL outright, iCalendar
# forbids the controls, and a surrogate cannot be written as UTF-8 at all.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Line ends of every kind, read as \n: CR LF, CR, NEL, and the Unicode line and
# paragraph separators (which some readers split on, so a value holding one
# would look like several lines of a feed).
_LINE_ENDS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def strip_controls(text: str) -> str:
    """``text`` with every kind of line end made \\n and control characters gone."""
    return _CONTROL_CHARACTERS.sub("", _LINE_ENDS.sub("\n", text))


# The days the calendar accepts. Admin, the API and imports share this rule
# (Event.clean); pages, feeds and exports still survive any date the database
# holds, for rows written before it or around it.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)


def search_key(text: str) -> str:
    """Text folded for matching the same way on every database: case-folded (SQLite's
    LIKE folds only ASCII), ё read as е, whitespace collapsed."""
    return " ".join(text.casefold().replace("ё", "е").split())


class Kind(models.TextChoices):
    EXERCISE = "exercise", _("exercise")
    TERM = "term", _("chairmanship term")
    SUMMIT = "summit", _("summit")
    OPERATION = "operation", _("operation")
    MILESTONE = "milestone", _("milestone")


KIND_PLURALS = {
    Kind.EXERCISE: _("exercises"),
    Kind.TERM: _("chairmanship terms"),
    Kind.SUMMIT: _("summits"),
    Kind.OPERATION: _("operations"),
    Kind.MILESTONE: _("milestones"),
}


class Status(models.TextChoices):
    TENTATIVE = "tentative", _("tentative")
    CONFIRMED = "confirmed", _("confirmed")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class Precision(models.TextChoices):
    """How much of a stored date is known.

    A date known to the month is stored as the whole month (the 1st for a start,
    the last day for an end), a date known to the year as the whole year: range
    queries then find the event wherever it may fall, and nothing invents a day.
    """

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def period_start(value: dt.date, precision: str) -> dt.date:
    """The first day of the period ``value`` stands for at ``precision``."""
    if precision == Precision.MONTH:
        return value.replace(day=1)
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    return value


def period_end(value: dt.date, precision: str) -> dt.date:
    """The last day of the period ``value`` stands for at ``precision``."""
    if precision == Precision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    if precision == Precision.YEAR:
        return value.replace(month=12, day=31)
    return value


class ExerciseSeries(models.Model):
    """A recurring exercise, e.g. Interaction («Взаимодействие»), held in many years."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)

    class Meta:
        ordering: ClassVar = ["name_en"]
        verbose_name = _("exercise series")
        verbose_name_plural = _("exercise series")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # Exercise names derive from the series name: a rename changes the calendar.
        CalendarStamp.touch()

    @property
    def name(self) -> str:
        return localized(self, "name")

    def edition_name(self, year: int, language: str | None = None) -> str:
        """The name of one year's exercise: "Interaction-2013", "Взаимодействие-2013"."""
        name = getattr(self, f"name_{language}", "") if language else self.name
        return f"{name or self.name_en}-{year}"


class DateRange(models.Func):
    """PostgreSQL's ``daterange(first, last, '[]')``: the days from first to last."""

    function = "daterange"
    template = "%(function)s(%(expressions)s, '[]')"
    output_field = models.Field()


class Overlaps(models.Func):
    """``a && b`` for two PostgreSQL ranges."""

    template = "%(expressions)s"
    arg_joiner = " && "
    output_field = models.BooleanField()


def calendar_order(event: Event) -> tuple:
    """Sort key: by start day, all-day before timed, then by time, end and slug."""
    return (
        event.start_date,
        event.start_time is not None,
        event.start_time or dt.time.min,
        event.end_date,
        event.slug,
    )


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> EventQuerySet:
        return self.filter(published=True)

    def dated(self) -> EventQuerySet:
        return self.filter(start_date__isnull=False)

    def undated(self) -> EventQuerySet:
        return self.filter(start_date__isnull=True)

    def overlapping(self, start: dt.date, end: dt.date) -> EventQuerySet:
        """Events with at least one day in ``start``..``end`` (both inclusive).

        Month- and year-precise dates are stored as their whole period, so an
        event "in 2014" overlaps every window in 2014.

        On PostgreSQL the test is the range overlap that the GiST index
        event_days_gist (migration 0005) answers, so finding a month's events
        costs the same in a table of a thousand events as of a million; two
        plain comparisons could use a B-tree for only one of the two bounds.
        """
        if connections[self.db].vendor == "postgresql":
            days = DateRange(F("start_date"), F("end_date"))
            window = DateRange(models.Value(start), models.Value(end))
            return self.filter(Overlaps(days, window), start_date__isnull=False)
        return self.filter(start_date__lte=end, end_date__gte=start)

    def in_order_from(self, start: dt.date, end: dt.date | None, limit: int) -> list[Event]:
        """At most ``limit`` events with a day in ``start``..``end`` (open-ended
        when ``end`` is None), in calendar order.

        Asked as one overlap query with ORDER BY and LIMIT, PostgreSQL walks the
        start-date index from the calendar's first day, filtering as it goes: at
        a million events, seconds. Instead: the events already on at ``start``
        (few, found through the days index and ordered here), then those
        starting from it, read in order from the B-tree until ``limit``.
        """
        ongoing = sorted(
            self.overlapping(start, start).filter(start_date__lt=start), key=calendar_order
        )
        later = self.dated().filter(start_date__gte=start)
        if end is not None:
            later = later.filter(start_date__lte=end)
        return [*ongoing, *later.chronological()[: max(0, limit - len(ongoing))]][:limit]

    def chronological(self) -> EventQuerySet:
        return self.order_by(F("start_date").asc(nulls_last=True), "start_time", "end_date", "slug")

    def for_display(self) -> EventQuerySet:
        """Everything a page or feed reads from an event in one query."""
        return self.select_related("series")


# Fields whose change a subscriber's calendar must see: a change to any of them
# raises the revision (iCal SEQUENCE). Provenance and bookkeeping do not.
SUBSCRIBER_FIELDS = frozenset(
    {
        "slug",
        "kind",
        "status",
        "published",
        "title_en",
        "title_ru",
        "series_id",
        "series_year",
        "informal",
        "country",
        "participants",
        "forces_en",
        "forces_ru",
        "place_en",
        "place_ru",
        "description_en",
        "description_ru",
        "start_date",
        "start_precision",
        "start_time",
        "end_date",
        "end_precision",
        "end_time",
        "time_zone",
        "latitude",
        "longitude",
    }
)
# Fields whose change moves ``updated_at`` (and so the feed's LAST-MODIFIED).
TRACKED_FIELDS = SUBSCRIBER_FIELDS | {"source_title", "source_date", "source_url", "source_quote"}


class Event(models.Model):
    """Anything on the calendar: an exercise, a chairmanship term, a summit, an
    operation or a milestone.

    All-day events keep an inclusive ``end_date`` (19–25 September is stored as
    the 19th and the 25th); the iCal feed turns it into the exclusive DTEND.
    Timed events keep local wall-clock times and the IANA zone they happen in,
    so a change of a zone's rules moves them correctly. An event with no date
    yet has neither date.
    """

    uid = models.UUIDField(
        _("UID"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The event's iCal UID. It never changes."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The event's address: /events/<slug>/. Derived from the name when left empty."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished events are seen only in admin.")
    )

    title_en = models.CharField(
        _("title (English)"),
        max_length=200,
        blank=True,
        help_text=_("Exercises and chairmanship terms are named from their series or chair."),
    )
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)

    series = models.ForeignKey(
        ExerciseSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="exercises",
        null=True,
        blank=True,
    )
    series_year = models.PositiveSmallIntegerField(
        _("series year"),
        null=True,
        blank=True,
        help_text=_('The year in the exercise\'s name: 2013 in "Interaction-2013".'),
    )
    informal = models.BooleanField(
        _("informal"), default=False, help_text=_("An informal summit of the Council.")
    )
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("Host country of an exercise or summit; chair country of a term."),
    )
    participants = CountryField(_("participants"), multiple=True, blank=True)
    forces_en = models.TextField(_("forces (English)"), blank=True)
    forces_ru = models.TextField(_("forces (Russian)"), blank=True)
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    place_ru = models.CharField(_("place (Russian)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)

    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_precision = models.CharField(
        _("start known to"), max_length=8, choices=Precision.choices, default=Precision.DAY
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("The last day, inclusive.")
    )
    end_precision = models.CharField(
        _("end known to"), max_length=8, choices=Precision.choices, default=Precision.DAY
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_("IANA zone of a timed event, e.g. Europe/Moscow. Empty for all-day events."),
    )

    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Of the place, in degrees north; with the longitude it gives the map point."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("In degrees east."),
    )

    source_title = models.CharField(_("source document"), max_length=300, blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    source_quote = models.TextField(_("quote from the source"), blank=True)

    # Names, places and countries in both languages, folded by search_key(): the
    # free-text filter matches here, identically on SQLite and PostgreSQL.
    search_text = models.TextField(editable=False, blank=True, default="")

    revision = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_("Rises on every change a subscriber would care about (iCal SEQUENCE)."),
    )
    created_at = models.DateTimeField(_("created"), editable=False)
    updated_at = models.DateTimeField(_("updated"), editable=False)

    objects = EventQuerySet.as_manager()
    # Who changed what and when (django-simple-history); the folded search column
    # is derived, so it is not kept.
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering: ClassVar = [
            F("start_date").asc(nulls_last=True),
            F("start_time").asc(nulls_first=True),
            "slug",
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes: ClassVar = [
            models.Index(fields=["start_date", "end_date"], name="event_dates_idx"),
            # Calendar order (chronological()), read straight from the index by
            # feeds and long lists instead of sorting the table on every build.
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
            models.Index(
                fields=["time_zone"], condition=~Q(time_zone=""), name="event_timed_zone_idx"
            ),
            # The timeline's default end (MAX) and "the nearest earlier event".
            models.Index(fields=["end_date"], name="event_end_idx"),
            models.Index(fields=["kind", "start_date"], name="event_kind_start_idx"),
        ]
        constraints: ClassVar = [
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
                condition=Q(start_precision__in=Precision.values)
                & Q(end_precision__in=Precision.values),
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
                condition=~Q(kind=Kind.EXERCISE)
                | Q(series__isnull=False, series_year__isnull=False),
                name="event_exercise_has_series",
                violation_error_message=_("An exercise needs a series and a year."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.TERM)
                | (~Q(country="") & Q(start_date__isnull=False) & Q(end_date__gt=F("start_date"))),
                name="event_term_has_chair_and_dates",
                violation_error_message=_(
                    "A chairmanship term needs a chair country, and a start and an end "
                    "on different days."
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

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        now = timezone.now()
        self.strip_control_characters()
        if not self.slug:
            self.slug = self.default_slug()
        self.search_text = self.build_search_text()
        if self._state.adding:
            self.created_at = self.created_at or now
            self.updated_at = now
        else:
            changed = self.changed_fields()
            if changed:
                self.updated_at = now
            if changed & SUBSCRIBER_FIELDS:
                self.revision += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "updated_at",
                    "revision",
                    "search_text",
                }
        changed = self._state.adding or bool(self.changed_fields())
        super().save(*args, **kwargs)
        self._loaded_values = self._tracked_values()
        if changed:
            CalendarStamp.touch()

    def get_absolute_url(self) -> str:
        return reverse("event-detail", kwargs={"slug": self.slug})

    def strip_control_characters(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, strip_controls(value))

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._loaded_values = instance._tracked_values()
        return instance

    def _tracked_values(self) -> dict[str, object]:
        deferred = self.get_deferred_fields()
        return {
            name: getattr(self, name)
            for name in TRACKED_FIELDS
            if name not in deferred and name.removesuffix("_id") not in deferred
        }

    def changed_fields(self) -> set[str]:
        """Tracked fields that differ from what was loaded from the database."""
        loaded = getattr(self, "_loaded_values", None)
        if loaded is None:
            return set(TRACKED_FIELDS)
        return {name for name, value in self._tracked_values().items() if loaded.get(name) != value}

    @property
    def etag(self) -> str:
        """A validator for optimistic concurrency: changes whenever a field changes."""
        stamp = self.updated_at.isoformat() if self.updated_at else ""
        digest = hashlib.sha256(f"{self.uid}|{self.revision}|{stamp}".encode()).hexdigest()
        return f'"{digest[:32]}"'

    # Names -----------------------------------------------------------------

    def name_in(self, language: str) -> str:
        """The event's name in ``language``, falling back to English."""
        if self.kind == Kind.EXERCISE and self.series_id and self.series_year:
            return self.series.edition_name(self.series_year, language)
        title = getattr(self, f"title_{language}", "") or self.title_en
        if title:
            return title
        if self.kind == Kind.TERM and self.country:
            from django.utils import translation

            with translation.override(language):
                return str(_("Chairmanship: %(country)s") % {"country": self.country.name})
        return ""

    @property
    def display_name(self) -> str:
        """ "Interaction-2013", "Chairmanship: Russia" or the title, in the active language."""
        language = (get_language() or TEXT_LANGUAGES[0])[:2]
        return self.name_in(language if language in TEXT_LANGUAGES else TEXT_LANGUAGES[0])

    @property
    def place(self) -> str:
        return localized(self, "place")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def forces(self) -> str:
        return localized(self, "forces")

    def build_search_text(self) -> str:
        from django.utils import translation

        parts = [self.slug]
        for language in TEXT_LANGUAGES:
            parts += [
                self.name_in(language),
                getattr(self, f"place_{language}"),
                getattr(self, f"title_{language}"),
            ]
            with translation.override(language):
                if self.country:
                    parts.append(self.country.name)
                parts += [country.name for country in self.participants]
        return search_key(" ".join(part for part in parts if part))

    def default_slug(self) -> str:
        name = self.name_in("en")
        if self.kind == Kind.TERM and self.start_date:
            name = f"{name} {self.start_date.year}"
        # A name with no letters or digits ("!!!") still needs an address.
        return slugify(name)[:100] or f"event-{self.uid.hex[:12]}"

    # Dates -----------------------------------------------------------------

    @property
    def is_exact(self) -> bool:
        """Both ends known to the day."""
        return self.start_precision == Precision.DAY and self.end_precision == Precision.DAY

    @property
    def ical_end(self) -> dt.date | None:
        """The exclusive end date iCal's DTEND wants for an all-day event; None when
        undated, or when the end is the last day a date can hold (9999-12-31), whose
        next day cannot be written (events/ical.py says how the feed copes)."""
        if self.end_date is None or self.end_date == dt.date.max:
            return None
        return self.end_date + dt.timedelta(days=1)

    @property
    def zone(self) -> zoneinfo.ZoneInfo | None:
        """The zone of a timed event. A row written around ``clean`` may name one
        that is not a calendar zone (events/zones.py): it reads as UTC, with a
        warning, so that its pages and exports still show its wall-clock times;
        feeds leave such an event out (``has_calendar_zone``)."""
        if not self.time_zone:
            return None
        zone = calendar_zone(self.time_zone)
        if zone is None:
            logger.warning(
                "event %s: time zone %r is not a calendar zone; read as UTC",
                self.slug,
                self.time_zone,
            )
            return zoneinfo.ZoneInfo("UTC")
        return zone

    @property
    def has_calendar_zone(self) -> bool:
        """All-day, or timed in a zone that means the same on every server."""
        return not self.time_zone or calendar_zone(self.time_zone) is not None

    @property
    def starts_at(self) -> dt.datetime | None:
        """The aware start of a timed event."""
        if self.start_time is None or self.start_date is None:
            return None
        return dt.datetime.combine(self.start_date, self.start_time, tzinfo=self.zone)

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.end_time is None or self.end_date is None:
            return None
        return dt.datetime.combine(self.end_date, self.end_time, tzinfo=self.zone)

    # Validation ------------------------------------------------------------

    def clean(self) -> None:
        """Explain, field by field, what the database constraints would refuse."""
        self.strip_control_characters()
        if not self.slug:
            # Derived here, not only in save(), so a clash is reported, not a crash.
            self.slug = self.default_slug()
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        if self.kind == Kind.EXERCISE:
            if not self.series_id:
                add("series", _("An exercise belongs to a series."))
            if not self.series_year:
                add("series_year", _("Give the year in the exercise's name, e.g. 2013."))
        elif self.kind == Kind.TERM:
            if not self.country:
                add("country", _("A chairmanship term needs its chair country."))
        elif not self.title_en:
            add("title_en", _("Give the event an English title."))
        if self.kind != Kind.EXERCISE and (self.series_id or self.series_year):
            add("series", _("Only exercises belong to a series."))
        if self.informal and self.kind != Kind.SUMMIT:
            add("informal", _("Only a summit can be informal."))
        if self.series_year and not EARLIEST_DATE.year <= self.series_year <= LATEST_DATE.year:
            add("series_year", year_range_message())
        if self.source_date is not None and not EARLIEST_DATE <= self.source_date <= LATEST_DATE:
            add("source_date", date_range_message())

        self._clean_dates(add)
        if not errors and self.kind == Kind.TERM:
            self._clean_term_overlap(add)
        if errors:
            raise ValidationError(errors)

    def _clean_dates(self, add) -> None:
        if (self.start_date is None) != (self.end_date is None):
            field = "end_date" if self.end_date is None else "start_date"
            add(field, _("Give both a start and an end date, or neither for an undated event."))
            return
        if self.kind == Kind.TERM and self.start_date is None:
            add("start_date", _("A chairmanship term needs its start and end."))
            return
        if self.start_date is None:
            if self.start_time or self.end_time or self.time_zone:
                add("start_date", _("An undated event cannot have times."))
            return

        outside = [
            name
            for name, value in (("start_date", self.start_date), ("end_date", self.end_date))
            if not EARLIEST_DATE <= value <= LATEST_DATE
        ]
        for name in outside:
            add(name, date_range_message())
        if outside:
            return

        for side, value, precision in (
            ("start", self.start_date, self.start_precision),
            ("end", self.end_date, self.end_precision),
        ):
            fit = (period_start if side == "start" else period_end)(value, precision)
            if fit != value:
                add(
                    f"{side}_date",
                    _(
                        "A %(side)s known only to the %(precision)s is stored as %(fit)s; "
                        "%(value)s does not fit that precision."
                    )
                    % {
                        "side": _("start") if side == "start" else _("end"),
                        "precision": Precision(precision).label,
                        "fit": fit.isoformat(),
                        "value": value.isoformat(),
                    },
                )

        timed = self.start_time is not None or self.end_time is not None or bool(self.time_zone)
        if timed:
            if self.start_time is None or self.end_time is None:
                add("end_time", _("A timed event needs both a start and an end time."))
            if not self.is_exact:
                add("start_precision", _("A timed event must be known to the day."))
            if not self.time_zone:
                add("time_zone", _("A timed event needs a time zone, e.g. Europe/Moscow."))
            elif calendar_zone(self.time_zone) is None:
                add("time_zone", _("%(zone)s is not an IANA time zone.") % {"zone": self.time_zone})
            else:
                self._clean_local_times(add)

        if self.end_date < self.start_date:
            add("end_date", _("The end cannot be before the start."))
        elif (
            self.end_date == self.start_date
            and self.start_time is not None
            and self.end_time is not None
            and self.end_time < self.start_time
        ):
            add("end_time", _("The end cannot be before the start."))
        elif self.kind == Kind.TERM and self.end_date == self.start_date:
            add("end_date", _("A chairmanship term ends on a later day than it starts."))

    def _clean_local_times(self, add) -> None:
        """Refuse a wall-clock time the zone skips (the clocks jump over it). A time
        the zone has twice, when the clocks go back, is accepted and read as its
        first occurrence (events/zones.py)."""
        zone = calendar_zone(self.time_zone)
        for field, day, time_of_day in (
            ("start_time", self.start_date, self.start_time),
            ("end_time", self.end_date, self.end_time),
        ):
            if time_of_day is None:
                continue
            gap = skipped_span(day, time_of_day, zone)
            if gap is None:
                continue
            jump_from, jump_to = gap
            spec = "%H:%M:%S" if jump_from.second or jump_to.second else "%H:%M"
            if jump_from.date() != jump_to.date():
                spec = f"%Y-%m-%d {spec}"
            add(
                field,
                _(
                    "%(time)s on %(date)s does not exist in %(zone)s: the clocks jump "
                    "from %(from)s straight to %(to)s. Give a time outside that gap."
                )
                % {
                    "time": time_of_day.strftime("%H:%M:%S" if time_of_day.second else "%H:%M"),
                    "date": day.isoformat(),
                    "zone": self.time_zone,
                    "from": jump_from.strftime(spec),
                    "to": jump_to.strftime(spec),
                },
            )

    def _clean_term_overlap(self, add) -> None:
        # Terms may share the handover day: one ends at the summit, the next begins there.
        clash = (
            Event.objects.filter(
                kind=Kind.TERM, start_date__lt=self.end_date, end_date__gt=self.start_date
            )
            .exclude(pk=self.pk)
            .select_related("series")
            .first()
        )
        if clash is not None:
            from events.dates import format_span

            add(
                "start_date",
                _(
                    "This term overlaps %(other)s (%(span)s). Terms may share only the "
                    "handover day; change one of them first."
                )
                % {"other": clash.display_name, "span": format_span(clash)},
            )


def date_range_message() -> str:
    return _("Dates must fall between %(earliest)s and %(latest)s.") % {
        "earliest": EARLIEST_DATE.isoformat(),
        "latest": LATEST_DATE.isoformat(),
    }


def year_range_message() -> str:
    return _("The year must fall between %(earliest)s and %(latest)s.") % {
        "earliest": EARLIEST_DATE.year,
        "latest": LATEST_DATE.year,
    }


# One admin page per kind -----------------------------------------------------


class KindManager(models.Manager.from_queryset(EventQuerySet)):
    """The events of one kind, for the kind's proxy model."""

    def get_queryset(self) -> EventQuerySet:
        return super().get_queryset().filter(kind=self.model.KIND)


class KindProxy:
    """Mixin of the per-kind proxies: new rows get the proxy's kind."""

    KIND: str

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.kind:
            self.kind = self.KIND

    def save(self, *args, **kwargs) -> None:
        self.kind = self.KIND
        super().save(*args, **kwargs)


class Exercise(KindProxy, Event):
    KIND = Kind.EXERCISE
    objects = KindManager()

    class Meta:
        proxy = True
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")


class ChairmanshipTerm(KindProxy, Event):
    KIND = Kind.TERM
    objects = KindManager()

    class Meta:
        proxy = True
        verbose_name = _("chairmanship term")
        verbose_name_plural = _("chairmanship terms")


class Summit(KindProxy, Event):
    KIND = Kind.SUMMIT
    objects = KindManager()

    class Meta:
        proxy = True
        verbose_name = _("summit")
        verbose_name_plural = _("summits")


class Operation(KindProxy, Event):
    KIND = Kind.OPERATION
    objects = KindManager()

    class Meta:
        proxy = True
        verbose_name = _("operation")
        verbose_name_plural = _("operations")


class Milestone(KindProxy, Event):
    KIND = Kind.MILESTONE
    objects = KindManager()

    class Meta:
        proxy = True
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")


KIND_PROXIES = {
    Kind.EXERCISE: Exercise,
    Kind.TERM: ChairmanshipTerm,
    Kind.SUMMIT: Summit,
    Kind.OPERATION: Operation,
    Kind.MILESTONE: Milestone,
}
for _proxy in KIND_PROXIES.values():
    # The proxies share Event's history (the manager is inherited); simple-history
    # looks the manager's name up on the model's own options, so name it there too.
    _proxy._meta.simple_history_manager_attribute = Event._meta.simple_history_manager_attribute


class CalendarStamp(models.Model):
    """When anything on the calendar last changed: one row, moved by every save and
    delete of an event or series. Feeds answer Last-Modified and cache their bytes
    by it, so an unchanged calendar is never serialised again, on any app server."""

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()
    # New at every change: cache keys use it, so two databases (or a restored
    # backup) that reach the same version number never share cached bytes.
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("calendar change stamp")

    def __str__(self) -> str:
        return f"{self.version} at {self.changed_at.isoformat()}"

    # The stamp is read on every request, so it is kept in the cache too: written
    # when a change commits, and read together with the entry it validates (one
    # round trip to Redis, none to PostgreSQL). Should that write be lost (Redis
    # down at the moment of the commit), a cached stamp lives at most
    # CSTOCAL_STAMP_SECONDS; without a shared cache each process keeps its own.
    CACHE_KEY = "calendar-stamp"

    @classmethod
    def current(cls) -> CalendarStamp:
        return cls.current_with(None)[0]

    # Feeds, which clients may keep 15 minutes anyway (Cache-Control), trust the
    # stamp this process last read for FEED_STAMP_SECONDS without asking again;
    # a change made in this process is seen at once.
    FEED_STAMP_SECONDS = 1.0
    _recent: ClassVar[tuple[float, CalendarStamp] | None] = None

    @classmethod
    def recent(cls) -> CalendarStamp | None:
        """The stamp as this process read it less than FEED_STAMP_SECONDS ago."""
        recent = cls._recent
        if recent is not None and time.monotonic() < recent[0]:
            return recent[1]
        return None

    @classmethod
    def current_with(cls, key: str | None) -> tuple[CalendarStamp, object]:
        """The current stamp, and the cache entry at ``key`` read in the same trip."""
        keys = [cls.CACHE_KEY] if key is None else [cls.CACHE_KEY, key]
        found = cache.get_many(keys)
        stamp = cls._from_cache(found.get(cls.CACHE_KEY))
        if stamp is None:
            stamp = cls._from_database()
            # add, not set: never overwrite the stamp a commit has just written.
            cache.add(cls.CACHE_KEY, stamp._cached(), settings.CSTOCAL_STAMP_SECONDS)
        cls._recent = (time.monotonic() + cls.FEED_STAMP_SECONDS, stamp)
        return stamp, found.get(key) if key is not None else None

    def _cached(self) -> tuple[int, str, str]:
        """The stamp as the cache keeps it: plain data, which any release reads."""
        return (self.version, self.changed_at.isoformat(), str(self.token))

    @classmethod
    def _from_cache(cls, value: object) -> CalendarStamp | None:
        """The stamp _cached() wrote, or None for anything else (an entry an older
        release wrote, say): the database has it then."""
        if type(value) is not tuple or len(value) != 3 or type(value[0]) is not int:
            return None
        try:
            changed_at = dt.datetime.fromisoformat(value[1])
            token = uuid.UUID(value[2])
        except (TypeError, ValueError):
            return None
        if changed_at.tzinfo is None:
            return None
        return cls(pk=1, version=value[0], changed_at=changed_at, token=token)

    @classmethod
    def _from_database(cls) -> CalendarStamp:
        stamp = cls.objects.filter(pk=1).first()
        if stamp is None:
            # Before the first change: a fixed point, so empty calendars still have
            # stable validators.
            stamp = cls(
                pk=1,
                version=0,
                changed_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
                token=uuid.UUID(int=0),
            )
        return stamp

    @classmethod
    def touch(cls) -> None:
        now = timezone.now().replace(microsecond=0)
        token = uuid.uuid4()
        updated = cls.objects.filter(pk=1).update(
            version=F("version") + 1, changed_at=now, token=token
        )
        if not updated:
            cls.objects.get_or_create(
                pk=1, defaults={"version": 1, "changed_at": now, "token": token}
            )
        # Until the change commits, readers (this transaction's included) go to
        # the database; once it has, every reader sees the new stamp at once.
        cache.delete(cls.CACHE_KEY)
        cls._recent = None
        transaction.on_commit(cls._publish, robust=True)

    @classmethod
    def _publish(cls) -> None:
        cls._recent = None
        cache.set(cls.CACHE_KEY, cls._from_database()._cached(), settings.CSTOCAL_STAMP_SECONDS)
