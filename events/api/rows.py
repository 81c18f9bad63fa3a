"""The event list written from rows: what EventSerializer writes for each event,
without its per-field machinery.

Through ModelSerializer every event of a list is a model instance (its fields
remembered for change tracking), and each of its 38 fields a bound field copied
for the request, an attribute lookup and a to_representation call; each address
is a reverse(). That was most of the time of a list that no cache answers. Here
the list's columns come from the database as tuples, what is the same for every
event of a request (the events' address prefix, the series' names, the countries'
codes) is worked out once, and each event is one dict in the serializer's field
order. tests/api/test_list_rows.py holds both to the same output for every kind
of event; the serializer still validates writes and writes single events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.settings import api_settings

from events.enums import Kind
from events.models import Event, ExerciseSeries
from events.models.derived import event_etag, event_name

# The columns a list row is read with, in the order _Writer.event unpacks them.
COLUMNS = (
    "uid",
    "slug",
    "kind",
    "status",
    "published",
    "title_en",
    "title_ru",
    "series_id",
    "series__slug",
    "series__name_en",
    "series__name_ru",
    "series_year",
    "informal",
    "country",
    "participants",
    "place_en",
    "place_ru",
    "forces_en",
    "forces_ru",
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
    "source_title",
    "source_date",
    "source_url",
    "source_quote",
    "revision",
    "created_at",
    "updated_at",
)

# What the event-detail route's <slug:…> converter accepts: such a slug is written
# into the address as it is, so the address is the prefix, the slug and "/".
_ROUTABLE_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "-"


@cache
def _serializer_fields() -> dict[str, serializers.Field]:
    """EventSerializer's own fields, built once: the few values not written as
    they come from the database (decimals, instants) go through them."""
    from events.api.serializers import EventSerializer

    return dict(EventSerializer().fields)


# An untitled chairmanship term's name, by language and chair: django-countries
# looks a name up in its translations on every call, and every list of a year has
# the same terms. Forgotten when a setting changes, as Django's translations are.
_term_names: dict[tuple[str, str], str] = {}


@receiver(setting_changed)
def _forget_term_names(**kwargs: object) -> None:
    _term_names.clear()


def _term_name(language: str, country: str) -> str:
    found = _term_names.get((language, country))
    if found is None:
        found = event_name(
            language,
            kind=Kind.TERM,
            title="",
            title_en="",
            series=None,
            series_year=None,
            country=country,
        )
        _term_names[language, country] = found
    return found


def decimal_writer(field: serializers.Field) -> Callable[[Decimal], str]:
    """The field's to_representation, which for a value the database gives it
    (already to the field's places, within its digits) amounts to writing the
    value out: done so, without quantizing it in a copy of the decimal context."""
    plain = (
        isinstance(field, serializers.DecimalField)
        and field.decimal_places is not None
        and field.max_digits is not None
        and not field.normalize_output
        and not field.localize
        and getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    )
    places = getattr(field, "decimal_places", None)
    digits = getattr(field, "max_digits", None) or 0

    def write(value: Decimal) -> str:
        if plain and isinstance(value, Decimal):
            _sign, coefficient, exponent = value.as_tuple()
            if places is not None and exponent == -places and len(coefficient) <= digits:
                return f"{value:f}"
        return field.to_representation(value)

    return write


def event_dicts(rows: Iterable[tuple[Any, ...]], request: Request | None) -> list[dict[str, Any]]:
    """The rows (read with COLUMNS) as EventSerializer writes their events."""
    return _Writer(request).events(rows)


class _Writer:
    """One request's list: its constants, and each row written with them."""

    def __init__(self, request: Request | None) -> None:
        self.request = request
        path = reverse("event-detail", kwargs={"slug": _PLACEHOLDER})
        address = request.build_absolute_uri(path) if request else path
        self.url_prefix = address.removesuffix(f"{_PLACEHOLDER}/")
        fields = _serializer_fields()
        self.latitude = decimal_writer(fields["latitude"])
        self.longitude = decimal_writer(fields["longitude"])
        self.instant = fields["created_at"].to_representation
        zone = timezone.get_current_timezone()
        # DRF writes an instant in the current zone, UTC as "Z": in UTC that is the
        # instant's own isoformat (the database gives UTC), with "Z".
        self.utc = zone is dt.UTC or getattr(zone, "key", None) == "UTC"
        self.series: dict[int, ExerciseSeries] = {}
        self.countries: dict[str, str] = {}
        self.participants: dict[str, list[str]] = {}
        # The field's own descriptor and cleaning: codes come out as Event reads them.
        self.country_descriptor = vars(Event)["country"]
        # (Any: the stubs do not know get_clean_value.)
        self.participants_field: Any = Event._meta.get_field("participants")

    def events(self, rows: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
        return [self.event(row) for row in rows]

    def event(self, row: tuple[Any, ...]) -> dict[str, Any]:
        (
            uid,
            slug,
            kind,
            status,
            published,
            title_en,
            title_ru,
            series_id,
            series_slug,
            series_name_en,
            series_name_ru,
            series_year,
            informal,
            country,
            participants,
            place_en,
            place_ru,
            forces_en,
            forces_ru,
            description_en,
            description_ru,
            start_date,
            start_precision,
            start_time,
            end_date,
            end_precision,
            end_time,
            time_zone,
            latitude,
            longitude,
            source_title,
            source_date,
            source_url,
            source_quote,
            revision,
            created_at,
            updated_at,
        ) = row
        series = None
        if series_id is not None:
            series = self.series.get(series_id)
            if series is None:
                series = self.series[series_id] = ExerciseSeries(
                    pk=series_id, slug=series_slug, name_en=series_name_en, name_ru=series_name_ru
                )
        names = {"kind": kind, "title_en": title_en, "series_year": series_year}
        untitled_term = kind == Kind.TERM and not (title_en or title_ru)
        return {
            "uid": str(uid),
            "slug": slug,
            "kind": kind,
            "status": status,
            "published": published,
            "name_en": _term_name("en", country)
            if untitled_term
            else event_name("en", title=title_en, series=series, country=country, **names),
            "name_ru": _term_name("ru", country)
            if untitled_term
            else event_name("ru", title=title_ru, series=series, country=country, **names),
            "title_en": title_en,
            "title_ru": title_ru,
            "series": series_slug,
            "series_year": series_year,
            "informal": informal,
            "country": self.country(country),
            "participants": self.participant_codes(participants),
            "place_en": place_en,
            "place_ru": place_ru,
            "forces_en": forces_en,
            "forces_ru": forces_ru,
            "description_en": description_en,
            "description_ru": description_ru,
            "start_date": None if start_date is None else start_date.isoformat(),
            "start_precision": start_precision,
            "start_time": None if start_time is None else start_time.isoformat(),
            "end_date": None if end_date is None else end_date.isoformat(),
            "end_precision": end_precision,
            "end_time": None if end_time is None else end_time.isoformat(),
            "time_zone": time_zone,
            "latitude": None if latitude is None else self.latitude(latitude),
            "longitude": None if longitude is None else self.longitude(longitude),
            "source_title": source_title,
            "source_date": None if source_date is None else source_date.isoformat(),
            "source_url": source_url,
            "source_quote": source_quote,
            "revision": revision,
            "created_at": self.instant_text(created_at),
            "updated_at": self.instant_text(updated_at),
            "etag": event_etag(uid, revision, updated_at),
            "url": self.url(slug),
        }

    def instant_text(self, value: dt.datetime) -> str:
        if self.utc and value.utcoffset() == dt.timedelta(0):
            text = value.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return self.instant(value)

    def country(self, code: str) -> str:
        """The code as the model's country field reads it back (an alpha-3 or
        numeric code as its alpha-2)."""
        found = self.countries.get(code)
        if found is None:
            found = self.countries[code] = self.country_descriptor.country(code).code or ""
        return found

    def participant_codes(self, stored: str) -> list[str]:
        """The participants as the model's field reads them ("BY,KZ" → each once, sorted)."""
        found = self.participants.get(stored)
        if found is None:
            cleaned = self.participants_field.get_clean_value(stored)
            found = [self.country(code) for code in cleaned]
            self.participants[stored] = found
        return list(found)

    def url(self, slug: str) -> str:
        if _ROUTABLE_SLUG.fullmatch(slug):
            return f"{self.url_prefix}{slug}/"
        path = reverse("event-detail", kwargs={"slug": slug})
        return self.request.build_absolute_uri(path) if self.request else path
