"""What an event shows that no column holds: its name in a language, and its ETag.

Plain functions of the row's values, so that Event and a list read as rows rather
than model instances (the API's, events/api/rows.py) derive them the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.enums import Kind

if TYPE_CHECKING:
    from events.models.series import ExerciseSeries


def event_name(
    language: str,
    *,
    kind: str,
    title: str,
    title_en: str,
    series: ExerciseSeries | None,
    series_year: int | None,
    country: str,
) -> str:
    """An event's name in ``language`` (``title`` is its title in that language),
    falling back to English: an exercise's from its series and year, a titled
    event's title, a chairmanship term's from its chair country."""
    if kind == Kind.EXERCISE and series is not None and series_year:
        return series.edition_name(series_year, language)
    title = title or title_en
    if title:
        return title
    if kind == Kind.TERM and country:
        with translation.override(language):
            return str(_("Chairmanship: %(country)s") % {"country": countries.name(country)})
    return ""


def event_etag(uid: uuid.UUID, revision: int, updated_at: dt.datetime | None) -> str:
    """A validator for optimistic concurrency: changes whenever a field changes."""
    stamp = updated_at.isoformat() if updated_at else ""
    digest = hashlib.sha256(f"{uid}|{revision}|{stamp}".encode()).hexdigest()
    return f'"{digest[:32]}"'
