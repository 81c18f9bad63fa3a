"""The calendar pages' sidebar (filters and subscription), rendered once per what
it shows rather than on every request.

The sidebar is a hundred-odd template nodes (a checkbox for every kind, country
and series, a link for every calendar app) and changes only with the page's
view, filters, language and the series' names. Each part is rendered from a
context of plain values alone (strings, numbers, dates, tuples of them), never
from the page's whole context, and kept under exactly those values: a template
cannot read anything its key does not hold, so a kept part cannot go stale; a
series renamed is a new key. The table is bounded, and emptied when full.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from django.template import loader
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from events.web.filters import EventFilter

if TYPE_CHECKING:
    from django.template.context import Context

# Parts kept: each view, language and filter set seen lately.
MAX_KEPT = 2_000

_kept: dict[tuple[object, ...], SafeString] = {}


class SeriesChoice(NamedTuple):
    slug: str
    name: str


class RequestPath(NamedTuple):
    """What the filters read of the request: its path ("Clear filters")."""

    path: str


class ChartYears(NamedTuple):
    first_year: int
    last_year: int


def _plain_values(context: Context) -> dict[str, Any]:
    """What the sidebar's templates read, as plain values."""
    selection = context["filter"]
    chart = context.get("chart")
    return {
        "view": context.get("view"),
        # The selection without the errors the sidebar never shows.
        "filter": EventFilter(
            kinds=selection.kinds,
            countries=selection.countries,
            series=selection.series,
            q=selection.q,
        ),
        "kind_choices": tuple((value, str(label)) for value, label in context["kind_choices"]),
        "country_choices": tuple((code, str(name)) for code, name in context["country_choices"]),
        "series_choices": tuple(
            SeriesChoice(series.slug, series.name) for series in context["series_choices"]
        ),
        "request": RequestPath(context["request"].path),
        "start": context.get("start"),
        "end": context.get("end"),
        "chart": ChartYears(chart.first_year, chart.last_year) if chart is not None else None,
        "subscribe": context.get("subscribe"),
        "feed_path": context.get("feed_path"),
        "changes_path": context.get("changes_path"),
    }


def sidebar_part(context: Context, template_name: str) -> SafeString:
    """``template_name`` (``events/_filters.html`` or ``events/_subscribe.html``)
    rendered for this page, as ``{% include %}`` rendered it."""
    values = _plain_values(context)
    key = (template_name, get_language(), *values.items())
    html = _kept.get(key)
    if html is None:
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        html = mark_safe(loader.get_template(template_name).render(values))  # noqa: S308
        _kept[key] = html
    return html
