"""Editing in Django admin. Validation lives on the model (Event.clean and its
constraints), so admin, API and commands refuse the same things with the same words."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from events.dates import format_span
from events.ical_import import CalendarImportError
from events.models import TEXT_LANGUAGES, Event, ExerciseSeries
from events.services import calendar_import


@admin.register(ExerciseSeries)
class ExerciseSeriesAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ru", "slug")
    search_fields = ("name_en", "name_ru", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


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
class EventAdmin(admin.ModelAdmin):
    change_list_template = "admin/events/event/change_list.html"
    list_display = ("name", "kind", "dates", "country", "status", "published")
    list_filter = ("kind", "status", "series", "country", "published")
    list_select_related = ("series",)
    search_fields = ("title_en", "title_ru", "slug", "place_en", "place_ru", "series__name_en")
    date_hierarchy = "start_date"
    readonly_fields = ("uid", "revision", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("kind", "status", "published", "slug")}),
        (_("Name"), {"fields": (("title_en", "title_ru"), ("series", "series_year"), "informal")}),
        (
            _("When"),
            {
                "fields": (
                    ("start_date", "start_precision", "start_time"),
                    ("end_date", "end_precision", "end_time"),
                    "time_zone",
                ),
                "description": _(
                    "All-day events: the end date is the last day. A date known only to the "
                    "month is stored as the whole month (1st to last day), one known only to "
                    "the year as 1 January to 31 December. Leave both dates empty when "
                    "the date is not known at all."
                ),
            },
        ),
        (
            _("Where and who"),
            {
                "fields": (
                    "country",
                    ("place_en", "place_ru"),
                    "participants",
                    ("forces_en", "forces_ru"),
                )
            },
        ),
        (_("Description"), {"fields": (("description_en", "description_ru"),)}),
        (
            _("Source"),
            {"fields": ("source_title", "source_date", "source_url", "source_quote")},
        ),
        (_("Identity"), {"fields": ("uid", "revision", "created_at", "updated_at")}),
    )

    @admin.display(description=_("name"), ordering="title_en")
    def name(self, event: Event) -> str:
        return event.display_name

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, event: Event) -> str:
        return format_span(event)

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
            if upload.size > settings.CSTOCAL_IMPORT_MAX_BYTES:
                problems = [
                    _("The file is %(size)s bytes; at most %(max)s can be imported.")
                    % {"size": upload.size, "max": settings.CSTOCAL_IMPORT_MAX_BYTES}
                ]
            else:
                try:
                    result = calendar_import(
                        data=upload.read(), language=form.cleaned_data["language"]
                    )
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
