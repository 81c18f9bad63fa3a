"""The admin site: Django's, with two rules for every model registered on it.

- A list asked (in its address) for filters it cannot apply shows itself whole with
  a message naming what was wrong, before any query could fail on it: a NUL
  character, a regular expression, a year no date can have.
- "View on site" (/admin/r/<content type>/<id>/) redirects to the object's page
  only for those who may see the object in admin: for an unpublished event that
  address is not public yet, so anyone else is answered as if it did not exist.
"""

from __future__ import annotations

import calendar
import re

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.db import DataError
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import path
from django.utils.translation import gettext_lazy as _

from events.periods import EARLIEST_DATE, LATEST_DATE
from events.text import shown


class RefusedQuery(IncorrectLookupParameters):
    """Filters in a list's address that it cannot apply, each explained."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems


# Year lookups that Django turns into date bounds, which cannot be built for a year
# outside the date type's range (year 0, 10000, ...).
YEAR_LOOKUPS = {"year", "iso_year"}
BOUNDED_LOOKUPS = {"exact", "gt", "gte", "lt", "lte"}
# A pattern the database cannot compile is its error, not a filter's; and a costly
# one would hold a connection.
REGEX_LOOKUPS = {"regex", "iregex"}


def calendar_year(value: str) -> int | None:
    """The year ``value`` names, if the calendar can hold it. ASCII digits only:
    str.isdigit() takes "²" for a digit (and int() then fails), int() reads "٢٠١٣"."""
    if re.fullmatch(r"[0-9]{1,4}", value) and EARLIEST_DATE.year <= int(value) <= LATEST_DATE.year:
        return int(value)
    return None


def year_problem(value: str) -> str:
    return _(
        "“%(value)s” is not a year on the calendar: years run from %(earliest)s to %(latest)s."
    ) % {"value": shown(value), "earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year}


def is_year_lookup(name: str) -> bool:
    """``start_date__year``, ``created_at__year__gte``: a year Django makes date bounds of."""
    parts = name.split(LOOKUP_SEP)
    if parts[-1] in BOUNDED_LOOKUPS:
        parts = parts[:-1]
    return len(parts) > 1 and parts[-1] in YEAR_LOOKUPS


def query_problems(query: QueryDict, date_hierarchy: str | None) -> list[str]:
    """What in a list's address no filter can take, before any query is built:
    a NUL character (PostgreSQL refuses it in a text value), a regular expression,
    a year lookup beyond the calendar's years, a date-hierarchy month or day that
    does not exist."""
    problems = []
    for name, values in query.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            problems.append(
                _(
                    "“%(name)s” in the address holds a NUL character, which no filter or "
                    "search can take."
                )
                % {"name": shown(name.replace("\x00", ""))}
            )
            continue
        if name.split(LOOKUP_SEP)[-1] in REGEX_LOOKUPS:
            problems.append(
                _("“%(name)s”: lists are not filtered by regular expressions.")
                % {"name": shown(name)}
            )
            continue
        if is_year_lookup(name):
            problems += [year_problem(value) for value in values if calendar_year(value) is None]
    if date_hierarchy and not problems:
        problems += hierarchy_problems(query, date_hierarchy)
    return problems


def hierarchy_problems(query: QueryDict, field: str) -> list[str]:
    # Django builds the hierarchy's bounds from the last value of each.
    year = query.getlist(f"{field}__year")[-1:]
    month = query.getlist(f"{field}__month")[-1:]
    day = query.getlist(f"{field}__day")[-1:]
    if month and not re.fullmatch(r"0?[1-9]|1[0-2]", month[0]):
        return [_("“%(value)s” is not a month: give 1 to 12.") % {"value": shown(month[0])}]
    if day:
        known_year = calendar_year(year[0]) if year else None
        last = calendar.monthrange(known_year or 2000, int(month[0]) if month else 1)[1]
        if not (re.fullmatch(r"[0-9]{1,2}", day[0]) and 1 <= int(day[0]) <= last):
            return [_("“%(value)s” is not a day of that month.") % {"value": shown(day[0])}]
    return []


class ExplainsRefusedFilters(admin.ModelAdmin):
    """A list asked for filters it cannot apply shows itself whole, with a message
    naming what was wrong, rather than failing (Django redirects to ``?e=1``)."""

    def get_changelist_instance(self, request):
        try:
            problems = query_problems(request.GET, self.date_hierarchy)
            if problems:
                raise RefusedQuery(problems)
            try:
                return super().get_changelist_instance(request)
            except (DataError, ValueError, OverflowError) as exc:
                # A value the database or a date refused while the list was counted.
                raise IncorrectLookupParameters(exc) from exc
        except IncorrectLookupParameters as exc:
            if ERROR_FLAG not in request.GET:
                for problem in getattr(exc, "problems", None) or [
                    _("The list cannot be filtered the way its address asks.")
                ]:
                    self.message_user(
                        request,
                        _("%(problem)s The whole list is shown instead.") % {"problem": problem},
                        messages.ERROR,
                    )
            raise


class CalendarAdminSite(admin.AdminSite):
    # The event lists need the width: the index (Home) already lists every model.
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every list on the site, Django's and other apps' included (users, groups,
        # tokens, login attempts), takes hostile addresses the same way.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ExplainsRefusedFilters):
            admin_class = type(
                admin_class.__name__,
                (ExplainsRefusedFilters, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        return [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *urls,
        ]

    def view_on_site(
        self, request: HttpRequest, content_type_id: str, object_id: str
    ) -> HttpResponse:
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404 from None
        if model is None or not may_see(request.user, model):
            raise Http404
        return shortcut(request, content_type_id, object_id)


def may_see(user, model) -> bool:
    """Whether ``user`` may view or change ``model`` in admin; for a proxy (the
    per-kind pages), the permissions on the model behind it count too."""
    for opts in (model._meta, model._meta.concrete_model._meta):
        for action in ("view", "change"):
            if user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}"):
                return True
    return False
