"""One proxy model per kind, so admin has a page for each: exercises, terms, summits,
operations, milestones. They share ``Event``'s table and history."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.enums import Kind
from events.models.event import Event
from events.models.queryset import EventQuerySet

_EventManager = models.Manager.from_queryset(EventQuerySet)


class KindManager(_EventManager):
    """The events of one kind, for the kind's proxy model."""

    def get_queryset(self) -> EventQuerySet[Any]:
        kind = self.model.KIND  # type: ignore[attr-defined]  # set on each proxy
        return super().get_queryset().filter(kind=kind)  # type: ignore[return-value]


class KindProxy:
    """Mixin of the per-kind proxies: new rows get the proxy's kind."""

    KIND: ClassVar[str]
    kind: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.kind:
            self.kind = self.KIND

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.kind = self.KIND
        super().save(*args, **kwargs)  # type: ignore[misc]  # Event.save, after the mixin


class Exercise(KindProxy, Event):
    KIND = Kind.EXERCISE
    objects = KindManager()  # type: ignore[assignment,misc]  # Event's, for one kind

    class Meta:
        proxy = True
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")


class ChairmanshipTerm(KindProxy, Event):
    KIND = Kind.TERM
    objects = KindManager()  # type: ignore[assignment,misc]  # Event's, for one kind

    class Meta:
        proxy = True
        verbose_name = _("chairmanship term")
        verbose_name_plural = _("chairmanship terms")


class Summit(KindProxy, Event):
    KIND = Kind.SUMMIT
    objects = KindManager()  # type: ignore[assignment,misc]  # Event's, for one kind

    class Meta:
        proxy = True
        verbose_name = _("summit")
        verbose_name_plural = _("summits")


class Operation(KindProxy, Event):
    KIND = Kind.OPERATION
    objects = KindManager()  # type: ignore[assignment,misc]  # Event's, for one kind

    class Meta:
        proxy = True
        verbose_name = _("operation")
        verbose_name_plural = _("operations")


class Milestone(KindProxy, Event):
    KIND = Kind.MILESTONE
    objects = KindManager()  # type: ignore[assignment,misc]  # Event's, for one kind

    class Meta:
        proxy = True
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")


KIND_PROXIES = {
    Kind.EXERCISE: Exercise,
    Kind.TERM: ChairmanshipTerm,
    Kind.SUMMIT: Summit,
    Kind.OPERATION: Operation,
    Kind.MILESTONE: Milestone,
}
for _proxy in KIND_PROXIES.values():
    # The proxies share Event's history (the manager is inherited); simple-history
    # looks the manager's name up on the model's own options, so name it there too.
    manager_name = Event._meta.simple_history_manager_attribute  # type: ignore[attr-defined]
    _proxy._meta.simple_history_manager_attribute = manager_name  # type: ignore[attr-defined]
