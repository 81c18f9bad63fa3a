"""The calendar's vocabularies: what an event is, how sure it is, how well its dates
are known, and the languages its text is kept in.

A leaf: every other module may import it, and it imports nothing of the project.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The languages event text is kept in; the first is the fallback.
TEXT_LANGUAGES = ("en", "ru")


class Kind(models.TextChoices):
    EXERCISE = "exercise", _("exercise")
    TERM = "term", _("chairmanship term")
    SUMMIT = "summit", _("summit")
    OPERATION = "operation", _("operation")
    MILESTONE = "milestone", _("milestone")


KIND_PLURALS = {
    Kind.EXERCISE: _("exercises"),
    Kind.TERM: _("chairmanship terms"),
    Kind.SUMMIT: _("summits"),
    Kind.OPERATION: _("operations"),
    Kind.MILESTONE: _("milestones"),
}


class Status(models.TextChoices):
    TENTATIVE = "tentative", _("tentative")
    CONFIRMED = "confirmed", _("confirmed")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class Precision(models.TextChoices):
    """How much of a stored date is known.

    A date known to the month is stored as the whole month (the 1st for a start,
    the last day for an end), a date known to the year as the whole year: range
    queries then find the event wherever it may fall, and nothing invents a day.
    """

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class ChangeKind(models.TextChoices):
    """What a change a reader would care about did to the calendar."""

    ADDED = "added", _("added")
    DATES = "dates", _("dates")
    STATUS = "status", _("status")
    PLACE = "place", _("place")
    REMOVED = "removed", _("removed")
    STATEMENT = "statement", _("statement")
