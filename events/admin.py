"""Editing in Django admin: a page per kind, plus every event together.

Validation lives on the model (Event.clean and its constraints), so admin, API
and import refuse the same things with the same words. Each form carries the
ETag the editor opened it with: a save over a colleague's newer save is refused
with a message to reload, so no edit is silently lost. History comes from
django-simple-history (the "History" button).
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from events import (
    admin_changes,  # noqa: F401 - registers the public changes' admin
    admin_statements,  # noqa: F401 - registers the statements' admin
    admin_webhooks,  # noqa: F401 - registers the webhooks' admin
)
from events.admin_filters import CountryFilter, KindFilter, YearFilter
from events.dates import format_span
from events.domain.ical.parse import CalendarImportError
from events.domain.importing import calendar_import, check_import_size
from events.enums import TEXT_LANGUAGES, Precision, Status
from events.models import (
    ChairmanshipTerm,
    Event,
    Exercise,
    ExerciseSeries,
    Milestone,
    Operation,
    Summit,
)
from events.periods import LATEST_DATE, date_range_message
from events.text import search_key


@admin.register(ExerciseSeries)
class ExerciseSeriesAdmin(admin.ModelAdmin):
    """Series keep no history of their own: admin's log records who changed one,
    when and which fields (its "History" page)."""

    list_display = ("name_en", "name_ru", "slug")
    search_fields = ("name_en", "name_ru", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    fields = ("slug", ("name_en", "name_ru"), ("description_en", "description_ru"))


class EventAdminForm(forms.ModelForm):
    """Refuses a save over a change made since the form was opened."""

    loaded_etag = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_etag"].initial = self.instance.etag
        if "participants" in self.fields:
            # The members come first (COUNTRIES_FIRST); the other 240 wait behind the
            # widget's search box instead of making the page thousands of pixels tall.
            field = self.fields["participants"]
            widget = FilteredSelectMultiple(_("participants"), is_stacked=False)
            widget.choices = getattr(field, "choices", [])
            field.widget = widget

    def clean(self):
        cleaned = super().clean() or {}
        # self.instance was read from the database for this request: its ETag is the
        # current one, and the form's is the one the editor started from.
        if self.instance.pk and cleaned.get("loaded_etag") != self.instance.etag:
            raise ValidationError(
                _(
                    "Someone else saved this event after you opened it (now revision "
                    "%(revision)s, at %(time)s). Your changes were not saved: reload the "
                    "page to see theirs, then make yours again."
                ),
                params={
                    "revision": self.instance.revision,
                    "time": self.instance.updated_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                },
                code="stale",
            )
        return cleaned


WHEN = (
    _("When"),
    {
        "fields": (
            ("start_date", "start_precision", "start_time"),
            ("end_date", "end_precision", "end_time"),
            "time_zone",
        ),
        "description": _(
            "All-day events: the end date is the last day. A date known only to the month "
            "is stored as the whole month (1st to last day), one known only to the year as "
            "1 January to 31 December. Leave both dates empty when the date is not known."
        ),
    },
)
SOURCE = (_("Source"), {"fields": ("source_title", "source_date", "source_url", "source_quote")})
IDENTITY = (
    _("Identity"),
    {"fields": ("uid", "revision", "created_at", "updated_at"), "classes": ("collapse",)},
)
DESCRIPTION = (_("Description"), {"fields": (("description_en", "description_ru"),)})
# The fieldset every kind's page opens with: status, publication, address.
STATUS_FIELDSET = (None, {"fields": (("status", "published"), "slug", "loaded_etag")})


def row_id(value: str) -> int | None:
    """The primary key ``value`` names (ASCII digits that fit a bigint), or None."""
    if re.fullmatch(r"[0-9]{1,18}", value):
        return int(value)
    return None


class EventKindAdmin(SimpleHistoryAdmin):
    """Shared by every kind's page and the page of all events."""

    class Media:
        css = {"all": ("events/admin.css",)}

    form = EventAdminForm
    list_display: tuple[str, ...] = ("name", "dates", "country_name", "status_label", "published")
    list_filter: tuple[str | type[admin.ListFilter], ...] = (
        "status",
        "published",
        YearFilter,
        CountryFilter,
    )
    list_select_related = ("series",)
    search_fields: tuple[str, ...] = ("search_text", "slug")
    date_hierarchy: str | None = "start_date"
    readonly_fields = ("uid", "revision", "created_at", "updated_at")
    actions: tuple[str, ...] = ("cancel_selected",)
    history_list_display = ("status", "revision")

    @admin.display(description=_("name"), ordering="title_en")
    def name(self, event: Event) -> str:
        return event.display_name

    def get_object(self, request, object_id, from_field=None):
        """On a save, the row is read locked, inside the admin's transaction: the
        ETag check (EventAdminForm.clean) and the write then see no colleague's save
        in between. A concurrent save waits, reads the newer row, and is refused."""
        connection = transaction.get_connection(router.db_for_write(self.model))
        if request.method != "POST" or from_field is not None or not connection.in_atomic_block:
            return super().get_object(request, object_id, from_field)
        pk = row_id(str(object_id))
        if pk is None:
            return None
        queryset = self.get_queryset(request).select_for_update(of=("self",))
        return queryset.filter(pk=pk).first()

    def history_view(self, request, object_id, extra_context=None):
        if row_id(unquote(object_id)) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An earlier version, to read. Saving it back ("Revert") is refused: it would
        write the old revision over the current one (SEQUENCE falling, so calendar
        apps ignore the change) without the ETag check; an editor copies the old
        values into the change form instead."""
        if row_id(unquote(object_id)) is None or row_id(unquote(version_id)) is None:
            raise Http404
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Validation catches every rule first; the database can still refuse a save
        # that raced another (two overlapping terms saved at the same moment).
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            self.message_user(
                request,
                _(
                    "The database refused the save: it clashes with an event saved at the "
                    "same moment. Nothing was changed; check the calendar and try again."
                ),
                messages.ERROR,
            )
            return redirect(request.get_full_path())

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, event: Event) -> str:
        return format_span(event)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, event: Event) -> str:
        return capfirst(event.get_status_display())

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, event: Event) -> str:
        return event.country_name

    def get_search_results(self, request, queryset, search_term):
        # Search the folded text, as the site does: any case, either language, ё as е.
        return super().get_search_results(request, queryset, search_key(search_term))

    @admin.action(description=_("Cancel selected events (they stay listed, struck through)"))
    def cancel_selected(self, request, queryset: QuerySet) -> None:
        with transaction.atomic():
            # Locked by primary key: the list's own query may be DISTINCT, which
            # PostgreSQL cannot lock.
            events = list(
                self.model._default_manager.filter(pk__in=queryset.values("pk"))
                .exclude(status=Status.CANCELLED)
                .select_related("series")
                .select_for_update(of=("self",))
                .order_by("pk")
            )
            problems = write_each([(event.display_name, event) for event in events], cancel_event)
        if problems:
            self.refuse(
                request, _("Nothing was cancelled: fix or leave out what is named below."), problems
            )
            return
        self.message_user(
            request,
            ngettext("%(count)d event cancelled.", "%(count)d events cancelled.", len(events))
            % {"count": len(events)},
            messages.SUCCESS,
        )

    def refuse(self, request, summary: str | Promise, problems: list[str]) -> None:
        self.message_user(request, summary, messages.ERROR)
        for problem in problems:
            self.message_user(request, problem, messages.ERROR)


def cancel_event(event: Event) -> None:
    event.status = Status.CANCELLED
    event.full_clean()
    event.save()  # one by one: the revision rises and history records each


def write_each(named: list[tuple[str, Event]], write) -> list[str]:
    """Applies ``write`` to every item of ``named`` (name, item) inside the caller's
    transaction and returns the problems, each led by its item's name. After any
    problem the whole transaction is rolled back: an action changes everything it
    was asked to, or nothing."""
    problems = []
    for name, item in named:
        try:
            # A savepoint: on PostgreSQL a refused row must not abort the checks of
            # the rows after it.
            with transaction.atomic():
                write(item)
        except ValidationError as exc:
            problems.append(f"{name}: {' '.join(exc.messages)}")
        except IntegrityError:
            problems.append(f"{name}: {_('it clashes with an event saved at the same moment.')}")
    if problems:
        transaction.set_rollback(True)
    return problems


@admin.register(Exercise)
class ExerciseAdmin(EventKindAdmin):
    list_filter = ("status", "published", YearFilter, CountryFilter, "series")
    actions = ("copy_as_next_year_draft", "cancel_selected")
    fieldsets = (
        STATUS_FIELDSET,
        (_("Exercise"), {"fields": (("series", "series_year"), "country", "participants")}),
        (_("Where and who"), {"fields": (("place_en", "place_ru"), ("forces_en", "forces_ru"))}),
        WHEN,
        DESCRIPTION,
        SOURCE,
        IDENTITY,
    )

    @admin.action(description=_("Copy as next year's draft (tentative, dates to confirm)"))
    def copy_as_next_year_draft(self, request, queryset: QuerySet) -> None:
        exercises = queryset.select_related("series").order_by("series__name_en", "series_year")
        made = []

        def copy(exercise: Event) -> None:
            draft = next_year_draft(exercise)
            draft.full_clean()
            draft.save()
            made.append(draft.display_name)

        with transaction.atomic():
            named = [(e.series.edition_name(e.series_year + 1), e) for e in exercises]
            problems = write_each(named, copy)
        if problems:
            self.refuse(
                request, _("Nothing was copied: fix or leave out what is named below."), problems
            )
            return
        self.message_user(
            request,
            _("Drafts made (unpublished, tentative, dates to confirm): %(names)s")
            % {"names": ", ".join(made)},
            messages.SUCCESS,
        )


def next_year_draft(exercise: Event) -> Exercise:
    """Next year's edition of ``exercise``: unpublished, tentative, dated only to the year."""
    year = (exercise.series_year or 0) + 1
    if year > LATEST_DATE.year:
        raise ValidationError(date_range_message())
    if Event.objects.filter(series=exercise.series_id, series_year=year).exists():
        # The clash full_clean would find too, said once (not again as a taken slug).
        raise ValidationError(_("This series already has an exercise in that year."))
    return Exercise(
        series=exercise.series,
        series_year=year,
        status=Status.TENTATIVE,
        published=False,
        country=exercise.country,
        participants=exercise.participants,
        place_en=exercise.place_en,
        place_ru=exercise.place_ru,
        forces_en=exercise.forces_en,
        forces_ru=exercise.forces_ru,
        start_date=dt.date(year, 1, 1),
        start_precision=Precision.YEAR,
        end_date=dt.date(year, 12, 31),
        end_precision=Precision.YEAR,
    )


@admin.register(ChairmanshipTerm)
class ChairmanshipTermAdmin(EventKindAdmin):
    date_hierarchy = None
    fieldsets = (
        STATUS_FIELDSET,
        (_("Chair"), {"fields": ("country",)}),
        WHEN,
        DESCRIPTION,
        SOURCE,
        IDENTITY,
    )


@admin.register(Summit)
class SummitAdmin(EventKindAdmin):
    fieldsets = (
        STATUS_FIELDSET,
        (_("Summit"), {"fields": (("title_en", "title_ru"), "informal", "country")}),
        (_("Place"), {"fields": (("place_en", "place_ru"), ("latitude", "longitude"))}),
        WHEN,
        DESCRIPTION,
        SOURCE,
        IDENTITY,
    )


@admin.register(Operation)
class OperationAdmin(EventKindAdmin):
    fieldsets = (
        STATUS_FIELDSET,
        (_("Operation"), {"fields": (("title_en", "title_ru"), "participants")}),
        (_("Where"), {"fields": (("place_en", "place_ru"),)}),
        WHEN,
        DESCRIPTION,
        SOURCE,
        IDENTITY,
    )


@admin.register(Milestone)
class MilestoneAdmin(EventKindAdmin):
    fieldsets = (
        STATUS_FIELDSET,
        (_("Milestone"), {"fields": (("title_en", "title_ru"),)}),
        WHEN,
        DESCRIPTION,
        SOURCE,
        IDENTITY,
    )


class CalendarUploadForm(forms.Form):
    file = forms.FileField(
        label=_("iCalendar file (.ics)"),
        help_text=_(
            "Events are created or updated by their UID, all in one go: if any event is "
            "wrong, nothing is saved and the wrong ones are listed."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the titles"),
        choices=[(code, code) for code in TEXT_LANGUAGES],
        initial=TEXT_LANGUAGES[0],
        help_text=_("For files from other calendars; a cstocal export carries both."),
    )


@admin.register(Event)
class EventAdmin(EventKindAdmin):
    """Every event together, whatever its kind; and the .ics upload."""

    change_list_template = "admin/events/event/change_list.html"
    list_display = ("name", "kind", "dates", "country_name", "status_label", "published")
    list_filter = (KindFilter, "status", "published", YearFilter, CountryFilter, "series")
    fieldsets = (
        (None, {"fields": ("kind", ("status", "published"), "slug", "loaded_etag")}),
        (_("Name"), {"fields": (("title_en", "title_ru"), ("series", "series_year"), "informal")}),
        WHEN,
        (
            _("Where and who"),
            {
                "fields": (
                    "country",
                    ("place_en", "place_ru"),
                    ("latitude", "longitude"),
                    "participants",
                    ("forces_en", "forces_ru"),
                )
            },
        ),
        DESCRIPTION,
        SOURCE,
        IDENTITY,
    )

    def get_urls(self):
        return [
            path(
                "import-ics/",
                self.admin_site.admin_view(self.import_ics_view),
                name="events_event_import_ics",
            ),
            *super().get_urls(),
        ]

    def import_ics_view(self, request):
        """Upload an .ics file: the same all-or-nothing import as ``manage.py importics``."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CalendarUploadForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_import_size(upload.size)
                result = calendar_import(data=upload.read(), language=form.cleaned_data["language"])
            except CalendarImportError as exc:
                problems = exc.problems
            else:
                self.message_user(
                    request,
                    _(
                        "Imported: %(created)s created, %(updated)s updated, "
                        "%(unchanged)s unchanged."
                    )
                    % {
                        "created": len(result.created),
                        "updated": len(result.updated),
                        "unchanged": len(result.unchanged),
                    },
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:events_event_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import events from an iCalendar file"),
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/events/event/import_ics.html", context)
