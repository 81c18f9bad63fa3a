"""Statements: the official documents the calendar's dates come from.

A statement is kept as its sentences, in order and by paragraph, each in English
and Russian where the statement exists in that language. The version in the
statement's own ``language`` is the original; the other, where there is one, is
a translation aligned sentence by sentence, so an event can cite "sentence 5"
and a reader is shown that sentence in their language.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.enums import TEXT_LANGUAGES
from events.models.stamp import CalendarStamp
from events.text import localized

LANGUAGE_CHOICES = [("en", _("English")), ("ru", _("Russian"))]


class Statement(models.Model):
    """An official statement, e.g. the one after the Sochi session of 23 September 2013."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    place_ru = models.CharField(_("place (Russian)"), max_length=200, blank=True)
    publisher_en = models.CharField(
        _("publisher (English)"),
        max_length=200,
        blank=True,
        help_text=_("Who made or published it, e.g. the President of Russia."),
    )
    publisher_ru = models.CharField(_("publisher (Russian)"), max_length=200, blank=True)
    language = models.CharField(
        _("original language"), max_length=2, choices=LANGUAGE_CHOICES, default="en"
    )
    url = models.URLField(_("original URL"), max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-date", "-id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.title or self.slug

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # Event pages cite statements: a change to one is a change to them.
        CalendarStamp.touch()

    def get_absolute_url(self) -> str:
        return reverse("statement-detail", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        CalendarStamp.touch()
        return result

    @property
    def title(self) -> str:
        return localized(self, "title") or self.title_ru

    @property
    def place(self) -> str:
        return localized(self, "place")

    @property
    def publisher(self) -> str:
        return localized(self, "publisher")

    def languages(self) -> list[str]:
        """The languages it is kept in, the original first."""
        kept = [self.language]
        for language in TEXT_LANGUAGES:
            if language != self.language and self.sentences.exclude(**{f"text_{language}": ""}):
                kept.append(language)
        return kept

    def text(self, language: str) -> str:
        """The version in ``language``: one line per paragraph."""
        paragraphs: dict[int, list[str]] = {}
        for sentence in self.sentences.all():
            words = getattr(sentence, f"text_{language}")
            if words:
                paragraphs.setdefault(sentence.paragraph, []).append(words)
        return "\n".join(" ".join(sentences) for sentences in paragraphs.values())


class StatementSentence(models.Model):
    """One sentence of a statement, in each language it is kept in."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="sentences", verbose_name=_("statement")
    )
    position = models.PositiveIntegerField(_("position"), help_text=_("Its order, from 1."))
    paragraph = models.PositiveIntegerField(_("paragraph"), default=1)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)

    class Meta:
        ordering: ClassVar = ["statement", "position"]
        verbose_name = _("sentence")
        verbose_name_plural = _("sentences")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["statement", "position"], name="one_sentence_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement.slug} §{self.position}"

    def text_in(self, language: str) -> str:
        """The sentence in ``language``, or "" when the statement has no such version."""
        return getattr(self, f"text_{language}")


class Citation(models.Model):
    """An event's date (or more) comes from this sentence. Several statements may
    speak of one event, and one sentence of several events."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="citations")
    sentence = models.ForeignKey(
        StatementSentence, on_delete=models.CASCADE, related_name="citations"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["sentence__statement__date", "sentence__position", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["event", "sentence"], name="one_citation_per_sentence"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} ← {self.sentence}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        CalendarStamp.touch()
