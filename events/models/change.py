"""The calendar's public history: each change a reader would care about.

A row is written in the same transaction as the save that made the change: a new
event on the calendar, its dates moved or made precise, its status or its place
changed, an event taken off the calendar, a new statement. A save that changes
nothing a reader sees (a typo in a description, a source note, a draft still
unpublished) writes none. Each row keeps what was before and what is now as
plain values, so a reader in either language is told "2014 → 18–22 August 2014"
in their own words, and keeps the event's names, so an entry still reads after
the event is gone.

django-simple-history keeps every save of every field for editors; this keeps
what readers follow (the changes page, the Atom feeds).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.enums import TEXT_LANGUAGES, ChangeKind

if TYPE_CHECKING:
    from events.models.event import Event
    from events.models.statement import Statement

# What a reader sees of an event's dates, status and place; each group is one
# kind of change.
DATE_FIELDS = (
    "start_date",
    "start_precision",
    "start_time",
    "end_date",
    "end_precision",
    "end_time",
    "time_zone",
)
PLACE_FIELDS = ("country", "place_en", "place_ru")
STATUS_FIELDS = ("status",)
GROUPS = {
    ChangeKind.DATES: DATE_FIELDS,
    ChangeKind.STATUS: STATUS_FIELDS,
    ChangeKind.PLACE: PLACE_FIELDS,
}
SNAPSHOT_FIELDS = DATE_FIELDS + STATUS_FIELDS + PLACE_FIELDS


def _plain(value: Any) -> Any:
    """A field's value as JSON keeps it: dates and times in ISO form."""
    if value is None or isinstance(value, str | int | bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def snapshot(values: dict[str, Any], fields: tuple[str, ...] = SNAPSHOT_FIELDS) -> dict[str, Any]:
    return {name: _plain(values.get(name)) for name in fields}


class Change(models.Model):
    """One change to the calendar that a reader would care about."""

    # The Atom entry's id (urn:uuid:…): it never changes.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("change"), max_length=16, choices=ChangeKind.choices)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    # The event's iCal UID, kept when the event is deleted: integrators match by it.
    event_uid = models.UUIDField(_("event UID"), null=True, blank=True, editable=False)
    statement = models.ForeignKey(
        "events.Statement",
        verbose_name=_("statement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    # The event's or statement's names when the change was made.
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]
        verbose_name = _("public change")
        verbose_name_plural = _("public changes")
        indexes: ClassVar = [
            models.Index(fields=["-at", "-id"], name="change_newest_first"),
            models.Index(fields=["event", "-at"], name="change_event_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name_en or self.name_ru}"

    def name_in(self, language: str) -> str:
        return getattr(self, f"name_{language}", "") or self.name_en or self.name_ru

    # Recording -------------------------------------------------------------

    @classmethod
    def record_event_save(cls, event: Event, before: dict[str, Any] | None) -> list[Change]:
        """The changes a save of ``event`` made, given its tracked values as they
        were read (None for a new row), written and returned."""
        if before is None or before.get("published") is not True:
            if not event.published:
                return []
            now = {name: getattr(event, name) for name in SNAPSHOT_FIELDS}
            return [cls._for_event(event, ChangeKind.ADDED, after=snapshot(now))]
        if not event.published:
            return [cls._for_event(event, ChangeKind.REMOVED, before=snapshot(before))]
        now = {name: getattr(event, name) for name in SNAPSHOT_FIELDS}
        changes = []
        for kind, fields in GROUPS.items():
            # A field not read (deferred) is not compared: it was not changed here.
            if any(name in before and before[name] != now.get(name) for name in fields):
                old = snapshot({**now, **before}, fields)
                new = snapshot(now, fields)
                if old != new:
                    changes.append(cls._for_event(event, kind, before=old, after=new))
        return changes

    @classmethod
    def record_event_removed(cls, event: Event) -> Change | None:
        """A deleted event's entries keep its names (those written by migrating
        had none: the event was there to name them); a public one is removed."""
        names = {f"name_{language}": event.name_in(language) for language in TEXT_LANGUAGES}
        cls.objects.filter(event_uid=event.uid, name_en="", name_ru="").update(**names)
        if not event.published:
            return None
        now = {name: getattr(event, name) for name in SNAPSHOT_FIELDS}
        change = cls._for_event(event, ChangeKind.REMOVED, before=snapshot(now), save=False)
        change.event = None
        change.save()
        return change

    @classmethod
    def record_new_statement(cls, statement: Statement) -> Change:
        return cls.objects.create(
            kind=ChangeKind.STATEMENT,
            statement=statement,
            name_en=statement.title_en or statement.title_ru,
            name_ru=statement.title_ru or statement.title_en,
            after={"date": statement.date.isoformat() if statement.date else None},
        )

    @classmethod
    def _for_event(
        cls,
        event: Event,
        kind: str,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        save: bool = True,
    ) -> Change:
        names = {f"name_{language}": event.name_in(language) for language in TEXT_LANGUAGES}
        change = cls(
            kind=kind,
            event=event,
            event_uid=event.uid,
            at=event.updated_at or timezone.now(),
            before=before or {},
            after=after or {},
            **names,
        )
        if save:
            change.save()
        return change
