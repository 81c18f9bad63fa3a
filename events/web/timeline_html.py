"""The rows of the timeline chart, written in Python rather than by the template
engine.

Each mark of the chart is some forty template nodes (coordinates through
``stringformat``, the bar's link, its hatched ends, its label's box); a chart of
a few hundred events spent most of its time there. The same HTML is written here,
byte for byte as ``templates/events/event_timeline.html`` wrote it, whitespace
included: coordinates formatted as ``stringformat:'.2f'`` formats them, other
numbers as ``{% localize off %}`` writes them, every text escaped with
``html.escape`` as the template escaped it.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.enums import Status
from events.web.fragments import event_path

if TYPE_CHECKING:
    from events.domain.layout.timeline import Bar, Row, Span, Timeline


def _number(value: float) -> str:
    """A number as ``{% localize off %}`` writes it."""
    return escape(str(localize(value, use_l10n=False)))


def _hatched(span: Span | None, y: str, height: str) -> str:
    if span is None:
        return ""
    return (
        f'<rect x="{span.x:.2f}" y="{y}" width="{span.width:.2f}" height="{height}" '
        'class="uncertain" fill="url(#hatch)"></rect>'
    )


class _Writer:
    """What one request's chart rows are written with, made once per page."""

    def __init__(self, chart: Timeline) -> None:
        self.chart = chart
        self.language = get_language()
        self.canvas_width = _number(chart.canvas_width)
        self.width = _number(chart.width)
        self.bar_height = _number(chart.bar_height)
        self.pin_radius = _number(chart.pin_radius)
        self.box_height = _number(int(chart.line_height) - 2)
        self.none_note = escape(_("None in these years."))

    def bar(self, bar: Bar) -> str:
        event = bar.event
        cancelled = event.status == Status.CANCELLED
        description = escape(bar.description)
        y = _number(bar.y)
        if bar.pin:
            mark = (
                f'<circle cx="{bar.anchor:.2f}" cy="{_number(bar.pin_y)}" r="{self.pin_radius}" '
                'class="solid pin"></circle>'
            )
        elif bar.solid:
            mark = (
                f'<rect x="{bar.solid.x:.2f}" y="{y}" width="{bar.solid.width:.2f}" '
                f'height="{self.bar_height}" class="solid"></rect>'
            )
        else:
            mark = ""
        label = escape(bar.label)
        if cancelled:
            label = f'<tspan class="cancelled-label">{label}</tspan>'
        path = escape(event_path(event.slug, self.language))
        return (
            f'\n          <g role="listitem"><a href="{path}"'
            f' aria-label="{description}" class="bar bar--{escape(event.kind)}'
            f'{" bar--cancelled" if cancelled else ""}">\n'
            f"            <title>{description}</title>\n"
            f"            {_hatched(bar.head, y, self.bar_height)}\n"
            f"            {mark}\n"
            f"            {_hatched(bar.tail, y, self.bar_height)}\n"
            f'            <rect x="{bar.label_x:.2f}" y="{_number(bar.box_y)}" '
            f'width="{bar.label_width:.2f}" height="{self.box_height}" class="label-box"></rect>\n'
            f'            <text x="{bar.text_x:.2f}" y="{_number(bar.text_y)}" class="mark-label">'
            f"{label}</text>\n"
            "          </a></g>\n          "
        )

    def row(self, row: Row) -> str:
        label = escape(row.label)
        if row.bars:
            height = _number(row.height)
            gridlines = "".join(
                f'<line x1="{mark.x:.2f}" y1="0" x2="{mark.x:.2f}" y2="{height}" '
                'class="gridline"></line>'
                for mark in self.chart.years
            )
            leaders = "".join(
                f'<line x1="{bar.anchor:.2f}" y1="{bar.leader_y1:.2f}" x2="{bar.anchor:.2f}" '
                f'y2="{bar.leader_y2:.2f}" class="leader"></line>'
                for bar in row.bars
            )
            marks = (
                f'\n        <svg width="{self.canvas_width}" height="{height}" '
                f'viewBox="0 0 {self.canvas_width} {height}" class="row-svg" role="list" '
                f'aria-label="{label}">\n'
                f'          <g aria-hidden="true">{gridlines}<line x1="{self.width}" y1="0" '
                f'x2="{self.width}" y2="{height}" class="gridline"></line></g>\n'
                f'          <g aria-hidden="true">{leaders}</g>\n'
                f"          {''.join(self.bar(bar) for bar in row.bars)}\n"
                "        </svg>\n        "
            )
        else:
            marks = f'<p class="none-note">{self.none_note}</p>'
        return (
            f'\n    <tr class="timeline-row timeline-row--{escape(row.key)}">\n'
            f'      <th scope="row">{label}</th>\n'
            "      <td>\n"
            f"        {marks}\n"
            "      </td>\n"
            "    </tr>\n    "
        )


def timeline_rows_html(chart: Timeline) -> SafeString:
    """The chart's rows, as the template's row loop wrote them."""
    writer = _Writer(chart)
    return mark_safe(  # noqa: S308 (escaped above)
        "".join(writer.row(row) for row in chart.rows if row.charted)
    )
