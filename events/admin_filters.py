"""The admin changelists' own filters: by kind (labels as headings, capitalised), by
year, and by country without all 249.

The country filter offers the organisation's members (``CSTOCAL_COUNTRIES``) first,
then any other country the calendar holds events in; the form's country choices
put the members first too (``COUNTRIES_FIRST``). Anything else is one search away.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.admin_site import RefusedQuery, calendar_year, year_problem
from events.enums import Kind


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("start_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        year = calendar_year(value)
        if year is None:
            raise RefusedQuery([year_problem(value)])
        return queryset.overlapping(dt.date(year, 1, 1), dt.date(year, 12, 31))


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        members = list(settings.CSTOCAL_COUNTRIES)
        used = set(
            model_admin.get_queryset(request)
            .exclude(country="")
            .values_list("country", flat=True)
            .distinct()
        )
        others = sorted(used - set(members), key=lambda code: str(countries.name(code)))
        return [(code, countries.name(code)) for code in [*members, *others]]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(country=value) if value else queryset


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.value, capfirst(kind.label)) for kind in Kind]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(kind=value) if value in Kind.values else queryset
