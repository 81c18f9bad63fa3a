"""The filters shared by pages, feeds and the API: kind, country, series, q.

``EventFilterSet`` (django-filter) reads them from a query string; every value
is valid or invalid the same way everywhere. Pages keep what is valid and say
what they dropped; feeds and the API refuse the request, naming the value. The
result, ``EventFilter``, writes the canonical query string, so the same
selection always gives the same URL (one feed URL per filter set).
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.delivery.stamp import current_stamp, recent_stamp
from events.enums import Kind
from events.models import Event, EventQuerySet, ExerciseSeries
from events.text import search_key
from events.web.forms import SearchField, ValuesField

# This process's copy of the series' slugs, under the calendar stamp's token: a
# series' save or deletion moves the stamp, so the copy is read again once per
# change, and a feed that names a series costs no query while nothing changes.
_series_slugs: tuple[uuid.UUID, frozenset[str]] | None = None


def known_series_slugs() -> frozenset[str]:
    """The slug of every exercise series."""
    global _series_slugs
    stamp = recent_stamp() or current_stamp()
    known = _series_slugs
    if known is None or known[0] != stamp.token:
        known = (stamp.token, frozenset(ExerciseSeries.objects.values_list("slug", flat=True)))
        _series_slugs = known
    return known[1]


class ValuesFilter(django_filters.MultipleChoiceFilter):
    """Any of the given values (``field_name__in``); see ValuesField."""

    field_class = ValuesField

    def __deepcopy__(self, memo: dict[int, Any]) -> ValuesFilter:
        # Every filter set copies its filters; the choices (every country) are
        # never changed in place, so the copies share them rather than copy them
        # on each request.
        choices = self.extra.get("choices")
        if choices is not None:
            memo[id(choices)] = choices
        result = copy.copy(self)
        memo[id(self)] = result
        result.__dict__ = copy.deepcopy(self.__dict__, memo)
        return result

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class SearchFilter(django_filters.CharFilter):
    """Free text; see SearchField."""

    field_class = SearchField


class FilterForm(forms.Form):
    """Keeps every valid value of a field that also had invalid ones, so a page
    can show what was asked for, less what it could not honour."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.errors:
            field = self.fields.get(name)
            if isinstance(field, ValuesField):
                cleaned[name] = field.kept(self[name].data)
        return cleaned


class EventFilterSet(django_filters.FilterSet):
    """What pages, feeds and the API filter events by.

    Series are checked against ``series_slugs`` when given (a page already holds
    them), else against the table, and only when a series is named."""

    kind = ValuesFilter(
        parameter="kind",
        choices=Kind.choices,
        help_text="Repeat the parameter or separate values with commas.",
        error_messages={"invalid_choice": _("There is no kind “%(value)s”.")},
    )
    country = ValuesFilter(
        parameter="country",
        method="filter_country",
        choices=sorted(countries),
        normalise=str.upper,
        help_text="ISO 3166-1 alpha-2 code of a host, chair or participant; repeat or use commas.",
        error_messages={"invalid_choice": _("“%(value)s” is not an ISO 3166 country code.")},
    )
    series = ValuesFilter(
        parameter="series",
        field_name="series__slug",
        choices=(),
        help_text="Exercise series slug, e.g. interaction; repeat or use commas.",
        error_messages={"invalid_choice": _("There is no exercise series “%(value)s”.")},
    )
    q = SearchFilter(
        method="filter_search",
        help_text="Free text, in English or Russian.",
    )

    class Meta:
        model = Event
        fields: list[str] = []
        form = FilterForm

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        request=None,
        prefix=None,
        series_slugs: Collection[str] | None = None,
    ):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.series_slugs = series_slugs

    # The form class of each filter set class, per language (its labels): the
    # filters never change, so it is built once rather than on every request.
    _form_classes: dict[tuple[type, str | None], type[forms.Form]] = {}

    def get_form_class(self) -> type[forms.Form]:
        key = (type(self), get_language())
        form_class = self._form_classes.get(key)
        if form_class is None:
            form_class = self._form_classes[key] = super().get_form_class()
        return form_class

    @property
    def form(self) -> forms.Form:
        form = super().form
        form.fields["series"].accepts = self._is_series
        return form

    def _is_series(self, slug: str) -> bool:
        known = self.series_slugs if self.series_slugs is not None else known_series_slugs()
        return slug in known

    def filter_country(self, queryset: EventQuerySet, name: str, value: list[str]):
        # Host or chair country, or among the participants (stored "BY,KZ,RU").
        match = Q(country__in=value)
        for code in value:
            match |= Q(participants__contains=code)
        return queryset.filter(match)

    def filter_search(self, queryset: EventQuerySet, name: str, value: str):
        for word in search_key(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def problems(self) -> tuple[str, ...]:
        """What was refused, in plain words, field by field."""
        return tuple(str(message) for errors in self.errors.values() for message in errors)

    def selection(self) -> EventFilter:
        """The valid part of what was asked for, and why the rest was not taken."""
        self.is_valid()
        cleaned = self.form.cleaned_data
        return EventFilter(
            kinds=tuple(sorted(cleaned.get("kind", ()))),
            countries=tuple(sorted(cleaned.get("country", ()))),
            series=tuple(sorted(cleaned.get("series", ()))),
            q=cleaned.get("q", ""),
            errors=self.problems(),
        )


# The query parameters EventFilterSet reads.
FILTER_PARAMETERS = ("kind", "country", "series", "q")


@dataclass(frozen=True)
class EventFilter:
    """A valid selection of events, and why any part of the request was refused."""

    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    q: str = ""
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query, *, series_slugs: Collection[str] | None = None) -> EventFilter:
        """Read the filters from a QueryDict; invalid values are dropped and named."""
        if not any(name in query for name in FILTER_PARAMETERS):
            # Most requests name no filter: nothing to read, check or refuse.
            return cls()
        return EventFilterSet(query, series_slugs=series_slugs).selection()

    @property
    def is_active(self) -> bool:
        return bool(self.kinds or self.countries or self.series or self.q)

    def params(self) -> list[tuple[str, str]]:
        """The canonical query parameters: sorted, de-duplicated, one per name
        with its values joined by commas (the shortest form that reads back)."""
        params = [
            ("kind", ",".join(self.kinds)),
            ("country", ",".join(self.countries)),
            ("series", ",".join(self.series)),
            # Folded: every spelling of one search ("T", "t ", "ё"/"е") matches
            # the same events, so it gets the same address (and one feed).
            ("q", search_key(self.q)),
        ]
        return [(name, value) for name, value in params if value]

    def query_string(self, **extra: str) -> str:
        """ "?kind=exercise,summit&country=BY", or "" with no filter."""
        params = self.params() + [(k, v) for k, v in extra.items() if v]
        return f"?{urlencode(params, safe=',')}" if params else ""

    def apply(self, queryset: EventQuerySet) -> EventQuerySet:
        """``queryset`` narrowed to this selection (its values are known valid)."""
        if not self.is_active:
            return queryset.all()
        query = QueryDict(mutable=True)
        for name, value in self.params():
            query[name] = value
        query["q"] = self.q
        return EventFilterSet(query, queryset, series_slugs=self.series).qs
