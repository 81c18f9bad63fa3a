"""Which of an event's fields changed since it was read: the revision (iCal SEQUENCE)
rises only for what a subscriber sees, ``updated_at`` for what a reader sees.

A small idiom rather than a library's tracker: the values are remembered when a
row is read (``from_db``) and after each save, deferred fields excepted.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, ClassVar, Self

from django.db import models

# Fields whose change a subscriber's calendar must see: a change to any of them
# raises the revision (iCal SEQUENCE). Provenance and bookkeeping do not.
SUBSCRIBER_FIELDS = frozenset(
    {
        "slug",
        "kind",
        "status",
        "published",
        "title_en",
        "title_ru",
        "series_id",
        "series_year",
        "informal",
        "country",
        "participants",
        "forces_en",
        "forces_ru",
        "place_en",
        "place_ru",
        "description_en",
        "description_ru",
        "start_date",
        "start_precision",
        "start_time",
        "end_date",
        "end_precision",
        "end_time",
        "time_zone",
        "latitude",
        "longitude",
    }
)
# Fields whose change moves ``updated_at`` (and so the feed's LAST-MODIFIED).
TRACKED_FIELDS = SUBSCRIBER_FIELDS | {"source_title", "source_date", "source_url", "source_quote"}


class ChangeTracked(models.Model):
    """An abstract base (no fields, no table) that remembers TRACKED_FIELDS as read."""

    _loaded_values: dict[str, object] | None = None
    _tracked_attnames_found: ClassVar[
        tuple[tuple[tuple[str, tuple[str, ...]], ...], frozenset[str]] | None
    ] = None
    TRACKED: ClassVar[frozenset[str]] = TRACKED_FIELDS

    class Meta:
        abstract = True

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Self:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance.remember_saved_values()
        return instance

    def remember_saved_values(self) -> None:
        """Take the current values as the database's (after a read or a save)."""
        self._loaded_values = self._tracked_values()

    def _tracked_values(self) -> dict[str, object]:
        # A field is deferred when its attname is missing from the instance's
        # __dict__ (Model.get_deferred_fields). Checking only the attnames the
        # tracked fields depend on, all at once, spares every page that reads
        # rows a walk over all the model's fields for each row.
        loaded = self.__dict__
        names, depends_on = self._tracked_attnames()
        if loaded.keys() >= depends_on:
            return {name: getattr(self, name) for name, _attnames in names}
        return {
            name: getattr(self, name)
            for name, attnames in names
            if all(attname in loaded for attname in attnames)
        }

    @classmethod
    def _tracked_attnames(cls) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], frozenset[str]]:
        """Each tracked name, with the attnames whose deferral leaves it unread
        (itself, or the field it names the ``_id`` of); and all those attnames."""
        found = cls.__dict__.get("_tracked_attnames_found")
        if found is None:
            attnames = {field.attname for field in cls._meta.concrete_fields}
            names = tuple(
                (
                    name,
                    tuple(
                        n for n in dict.fromkeys((name, name.removesuffix("_id"))) if n in attnames
                    ),
                )
                for name in cls.TRACKED
            )
            found = (names, frozenset(a for _name, depends in names for a in depends))
            cls._tracked_attnames_found = found
        return found

    def changed_fields(self) -> set[str]:
        """Tracked fields that differ from what was loaded from the database."""
        loaded = self._loaded_values
        if loaded is None:
            return set(self.TRACKED)
        return {name for name, value in self._tracked_values().items() if loaded.get(name) != value}
