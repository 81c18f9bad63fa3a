"""The API's list filters: the pages' and feeds' filters, plus status and a window.

Any invalid value is a 400 naming its parameter (DjangoFilterBackend), in the
words pages and feeds use; drf-spectacular documents them from these classes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from events.enums import Status
from events.models import EventQuerySet
from events.web.filters import EventFilterSet, FilterForm, ValuesFilter
from events.web.forms import IsoDateField

# The parameters of the window, start and end, in that order.
WINDOW = ("start", "end")


class DayFilter(django_filters.DateFilter):
    """A day; see IsoDateField."""

    field_class = IsoDateField


# A day as DayFilter's field reads it (django-filter makes its fields not required).
_DAY = DayFilter.field_class(required=False)


class WindowForm(FilterForm):
    """A window of days: its end not before its start, and not too long to list."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            longest = settings.CSTOCAL_API_MAX_WINDOW_DAYS
            if end < start:
                self.add_error("end", _("The end is before the start."))
            elif _too_long(start, end):
                self.add_error(
                    "end", _("The window is longer than %(max)s days.") % {"max": longest}
                )
        return cleaned


def _too_long(start: dt.date, end: dt.date) -> bool:
    return (end - start).days + 1 > settings.CSTOCAL_API_MAX_WINDOW_DAYS


def within(queryset: EventQuerySet, start: dt.date | None, end: dt.date | None) -> EventQuerySet:
    """The events with a day in the window; either end may be open."""
    if start or end:
        queryset = queryset.overlapping(start or dt.date.min, end or dt.date.max)
    return queryset


class ApiEventFilterSet(EventFilterSet):
    status = ValuesFilter(
        parameter="status",
        choices=Status.choices,
        help_text="Repeat the parameter or separate values with commas.",
        error_messages={"invalid_choice": _("There is no status “%(value)s”.")},
    )
    start = DayFilter(
        method="within_window",
        help_text="Events ending on or after this day.",
    )
    end = DayFilter(
        method="within_window",
        help_text="Events starting on or before this day.",
    )

    class Meta(EventFilterSet.Meta):
        form = WindowForm

    def within_window(self, queryset: EventQuerySet, name: str, value: dt.date) -> EventQuerySet:
        # Both ends are applied at once, below: one range overlap, which
        # PostgreSQL answers from its index.
        return queryset

    def filter_queryset(self, queryset: EventQuerySet) -> EventQuerySet:
        queryset = super().filter_queryset(queryset)
        return within(
            queryset, self.form.cleaned_data.get("start"), self.form.cleaned_data.get("end")
        )

    @classmethod
    def window_alone(cls, query: QueryDict) -> tuple[dt.date | None, dt.date | None] | None:
        """The window of a query that names no other filter and whose ends are both
        valid, read by the filters' own fields, as the filter set would read it; the
        filter set itself, whose filters and form are copied for every use, is not
        needed then. None when it is: another filter is named, or something is wrong
        (it words the errors)."""
        if any(name in query for name in cls.base_filters if name not in WINDOW):
            return None
        try:
            start, end = (_DAY.clean(query.get(name)) for name in WINDOW)
        except ValidationError:
            return None
        if start and end and (end < start or _too_long(start, end)):
            return None
        return start, end
