"""Anything on the calendar: one events table for every kind.

Every calendar, feed and API query is a range scan over ``Event``; kind-specific
behaviour is a matter of which fields a kind uses, not of separate tables.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
import zoneinfo
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from events.dates import format_span
from events.enums import TEXT_LANGUAGES, Kind, Precision, Status
from events.models.constraints import EVENT_CONSTRAINTS, EVENT_INDEXES
from events.models.derived import event_etag, event_name
from events.models.queryset import EventQuerySet
from events.models.series import ExerciseSeries
from events.models.stamp import CalendarStamp
from events.models.tracking import SUBSCRIBER_FIELDS, ChangeTracked
from events.periods import (
    CALENDAR_ORDER,
    EARLIEST_DATE,
    LATEST_DATE,
    date_range_message,
    period_end,
    period_start,
    year_range_message,
)
from events.text import active_text_language, localized, search_aliases, search_key, strip_controls
from events.zones import calendar_zone, skipped_time_message

logger = logging.getLogger(__name__)

# What clean() says of a field: text, or text translated when it is shown.
type Message = str | Promise
type Add = Callable[[str, Message], None]


class Event(ChangeTracked):
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
        # No angle brackets: admin shows help text as HTML, and "<slug>" would vanish.
        help_text=_(
            "The last part of the event's address, as interaction-2013 in "
            "/events/interaction-2013/. Derived from the name when left empty."
        ),
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
        ordering = CALENDAR_ORDER
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = EVENT_INDEXES
        constraints = EVENT_CONSTRAINTS
        # Chairmanship terms never overlap: on PostgreSQL an exclusion constraint,
        # on SQLite a trigger (migration 0002); clean() explains.

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
        moved = self._state.adding or bool(self.changed_fields())
        super().save(*args, **kwargs)
        self.remember_saved_values()
        if moved:
            CalendarStamp.touch()

    def get_absolute_url(self) -> str:
        return reverse("event-detail", kwargs={"slug": self.slug})

    def strip_control_characters(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, strip_controls(value))

    @property
    def etag(self) -> str:
        """A validator for optimistic concurrency: changes whenever a field changes."""
        return event_etag(self.uid, self.revision, self.updated_at)

    # Names -----------------------------------------------------------------

    def name_in(self, language: str) -> str:
        """The event's name in ``language``, falling back to English."""
        return event_name(
            language,
            kind=self.kind,
            title=getattr(self, f"title_{language}", ""),
            title_en=self.title_en,
            # Read only for an exercise: elsewhere it may cost a query.
            series=self.series if self.kind == Kind.EXERCISE else None,
            series_year=self.series_year,
            country=self.country,
        )

    @property
    def display_name(self) -> str:
        """ "Interaction-2013", "Chairmanship: Russia" or the title, in the active language."""
        return self.name_in(active_text_language())

    @property
    def country_name(self) -> str:
        """The country's name in the active language, or ""."""
        return countries.name(self.country) if self.country else ""

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
        parts = [self.slug]
        for language in TEXT_LANGUAGES:
            parts += [
                self.name_in(language),
                getattr(self, f"place_{language}"),
                getattr(self, f"title_{language}"),
            ]
            with translation.override(language):
                if self.country:
                    parts.append(self.country_name)
                parts += [countries.name(country) for country in self.participants]
        parts += search_aliases(self.country, *self.participants)
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
        next day cannot be written (events/domain/ical/feed.py says how the feed copes)."""
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
        errors: dict[str, list[Message]] = {}

        def add(field: str, message: Message) -> None:
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

    def _clean_dates(self, add: Add) -> None:
        if (self.start_date is None) != (self.end_date is None):
            field = "end_date" if self.end_date is None else "start_date"
            add(field, _("Give both a start and an end date, or neither for an undated event."))
            return
        if self.kind == Kind.TERM and self.start_date is None:
            add("start_date", _("A chairmanship term needs its start and end."))
            return
        start, end = self.start_date, self.end_date
        if start is None or end is None:
            if self.start_time or self.end_time or self.time_zone:
                add("start_date", _("An undated event cannot have times."))
            return

        outside = [
            name
            for name, value in (("start_date", start), ("end_date", end))
            if not EARLIEST_DATE <= value <= LATEST_DATE
        ]
        for name in outside:
            add(name, date_range_message())
        if outside:
            return

        for side, value, precision in (
            ("start", start, self.start_precision),
            ("end", end, self.end_precision),
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
                self._clean_local_times(add, start, end)

        if end < start:
            add("end_date", _("The end cannot be before the start."))
        elif (
            end == start
            and self.start_time is not None
            and self.end_time is not None
            and self.end_time < self.start_time
        ):
            add("end_time", _("The end cannot be before the start."))
        elif self.kind == Kind.TERM and end == start:
            add("end_date", _("A chairmanship term ends on a later day than it starts."))

    def _clean_local_times(self, add: Add, start: dt.date, end: dt.date) -> None:
        """Refuse a wall-clock time the zone skips (the clocks jump over it). A time
        the zone has twice, when the clocks go back, is accepted and read as its
        first occurrence (events/zones.py)."""
        for field, day, time_of_day in (
            ("start_time", start, self.start_time),
            ("end_time", end, self.end_time),
        ):
            if time_of_day is not None and self.time_zone:
                problem = skipped_time_message(day, time_of_day, self.time_zone)
                if problem:
                    add(field, problem)

    def _clean_term_overlap(self, add: Add) -> None:
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
            add(
                "start_date",
                _(
                    "This term overlaps %(other)s (%(span)s). Terms may share only the "
                    "handover day; change one of them first."
                )
                % {"other": clash.display_name, "span": format_span(clash)},
            )
