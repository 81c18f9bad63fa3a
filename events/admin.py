"""Editing in Django admin. Validation lives on the model (Event.clean and its
constraints), so admin, API and commands refuse the same things with the same words."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.dates import format_span
from events.models import Event, ExerciseSeries


@admin.register(ExerciseSeries)
class ExerciseSeriesAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ru", "slug")
    search_fields = ("name_en", "name_ru", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
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
