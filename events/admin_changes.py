"""The public changes in admin: what readers of the changes page and feeds were
told. Written by the calendar itself, never by hand; an editor may only look, and
withdraw an entry that should not have been told (a slip corrected at once)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from events.domain.changes import describe
from events.models import Change
from events.text import active_text_language


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "told", "kind", "event", "statement")
    list_filter = ("kind",)
    search_fields = ("name_en", "name_ru", "event__slug", "statement__slug")
    date_hierarchy = "at"
    list_select_related = ("event__series", "statement")
    readonly_fields = ("uid", "at", "kind", "event", "statement", "told", "before", "after")
    fields = readonly_fields

    @admin.display(description=_("as readers are told it"))
    def told(self, change: Change) -> str:
        (entry,) = describe([change], active_text_language(), sources={})
        if entry.before and entry.after:
            return f"{entry.title}: {entry.before} → {entry.after}"
        return " · ".join(part for part in (entry.title, entry.before, entry.after) if part)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Change | None = None) -> bool:
        return False
