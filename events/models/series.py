"""Exercise series: a recurring exercise and its name in both languages."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.stamp import CalendarStamp
from events.text import localized, quoted_name


class ExerciseSeries(models.Model):
    """A recurring exercise, e.g. Interaction («Взаимодействие»), held in many years."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)

    class Meta:
        ordering: ClassVar = ["name_en"]
        verbose_name = _("exercise series")
        verbose_name_plural = _("exercise series")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # Exercise names derive from the series name: a rename changes the calendar.
        CalendarStamp.touch()

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def quoted_name(self) -> str:
        """The name as running text writes it: серия «Гром», "the Grom series"."""
        return quoted_name(self.name)

    def edition_name(self, year: int, language: str | None = None) -> str:
        """The name of one year's exercise: "Interaction-2013", "Взаимодействие-2013"."""
        name = getattr(self, f"name_{language}", "") if language else self.name
        return f"{name or self.name_en}-{year}"
