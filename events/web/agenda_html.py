"""An agenda entry written in Python rather than by the template engine.

The agenda lists up to two hundred events a page, each an include of some thirty
template nodes. ``agenda_item`` writes the same HTML, byte for byte as
``events/_agenda_item.html`` wrote it (its closing line break included), every
value escaped with ``html.escape`` as the template escaped it.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django.utils.text import capfirst
from django.utils.translation import get_language

from events.enums import Kind, Status
from events.web.fragments import country_name, event_link, span_text

if TYPE_CHECKING:
    from events.models import Event


# Per language: each kind's and status's name as get_kind_display() and
# get_status_display() give it (which rebuild and hash their field's choices on
# every call); the catalogues do not change while the process runs.
_labels: dict[str | None, tuple[dict[str, str], dict[str, str]]] = {}


def _display_labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    labels = _labels.get(language)
    if labels is None:
        labels = _labels[language] = (
            {str(kind.value): escape(capfirst(str(kind.label))) for kind in Kind},
            {str(status.value): escape(str(status.label)) for status in Status},
        )
    return labels


def agenda_item(event: Event, language: str | None = None) -> str:
    """One event of the agenda: when, what (linked), its kind, place, country and
    any status other than confirmed."""
    language = language or get_language()
    kinds, statuses = _display_labels(language)
    when = escape(span_text(event, language))
    if event.start_date:
        when = f'<time datetime="{event.start_date.isoformat()}">{when}</time>'
    kind = kinds.get(event.kind) or escape(capfirst(event.kind))
    meta = f'<span class="kind-name">{kind}</span>'
    place = event.place
    if place:
        meta += f" · {escape(place)}"
    country = event.country
    if country:
        meta += f" · {escape(country_name(str(country), language))}"
    if event.status != "confirmed":
        meta += (
            f' · <span class="status status--{escape(event.status)}">'
            f"{statuses.get(event.status) or escape(event.status)}</span>"
        )
    return (
        f'<li class="agenda-item agenda-item--{escape(event.kind)}">\n'
        f'  <p class="agenda-when">{when}</p>\n'
        f'  <p class="agenda-what">{event_link(event, language)}</p>\n'
        f'  <p class="agenda-meta">{meta}</p>\n'
        "</li>\n"
    )
