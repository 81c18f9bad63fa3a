"""The twelve mini-months of a year page, written in Python rather than by the
template engine.

A year draws 504 day cells, each a handful of template nodes (a link to its
month, its long date, its count, its kinds' marks): in Django's template
language most of the page's time. The same HTML is written here, byte for byte
as ``templates/events/event_year.html`` wrote it, whitespace included, every
value escaped with ``html.escape`` as the template escaped it.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.dates import babel_locale
from events.templatetags.calendar_tags import events_count, month_url
from events.web.fragments import babel_date, day_text, event_link, kind_mark

if TYPE_CHECKING:
    from events.domain.layout.year import YearDay, YearGrid, YearMonth


class _Writer:
    """What one request's months are written with, made once per page."""

    def __init__(self, filter_query: str, weekday_names: list[tuple[str, str]]) -> None:
        self.language = get_language()
        self.locale = babel_locale(self.language)
        self.filter_query = escape(filter_query)
        self.weekdays = "".join(
            f'<th scope="col"><abbr title="{escape(full)}">{escape(short)}</abbr></th>'
            for full, short in weekday_names
        )
        self.counts: dict[int, str] = {}

    def count(self, count: int) -> str:
        text = self.counts.get(count)
        if text is None:
            text = self.counts[count] = escape(events_count(count))
        return text

    def day(self, d: YearDay | None, month_href: str) -> str:
        if d is None:
            return '<td class="blank"></td>'
        if not d.count:
            if d.is_today:
                return f'<td class="day--today" aria-current="date">{d.day.day}</td>'
            return f"<td>{d.day.day}</td>"
        today = ' day--today"' + ' aria-current="date"' if d.is_today else '"'
        marks = "".join(
            f'<span class="kind-mark kind-mark--{escape(kind)}">{escape(kind_mark(kind))}</span>'
            for kind in d.kinds
        )
        long_date = escape(day_text(d.day, language=self.language))
        return (
            f'<td class="has-events{today}><a href="{month_href}#d-{d.day.isoformat()}">'
            f'<span aria-hidden="true">{d.day.day}</span><span class="visually-hidden">'
            f"{long_date}: {self.count(d.count)}</span>"
            f'<span class="dots" aria-hidden="true">{marks}</span></a></td>'
        )

    def month(self, m: YearMonth) -> str:
        month_href = escape(month_url(m.first_day)) + self.filter_query
        heading = escape(babel_date(m.first_day, "LLLL y", self.locale).capitalize())
        count = f' <span class="count">{self.count(m.count)}</span>' if m.count else ""
        weeks = "".join(
            f"\n      <tr>{''.join(self.day(d, month_href) for d in week)}</tr>\n      "
            for week in m.weeks
        )
        undated = ""
        if m.undated:
            links = "".join(f"<li>{event_link(event, self.language)}</li>" for event in m.undated)
            undated = (
                '\n  <div class="mini-undated">\n'
                f"    <p>{escape(_('Day not yet known:'))}</p>\n"
                f"    <ul>{links}</ul>\n"
                "  </div>\n  "
            )
        return (
            f'\n  <section class="mini" aria-labelledby="m-{m.month}">\n'
            '  <table class="mini-month">\n'
            f'    <caption id="m-{m.month}"><a href="{month_href}">{heading}</a>{count}</caption>\n'
            f"    <thead><tr>{self.weekdays}</tr></thead>\n"
            "    <tbody>\n"
            f"      {weeks}\n"
            "    </tbody>\n"
            "  </table>\n"
            f"  {undated}\n"
            "  </section>\n  "
        )


def year_months_html(
    grid: YearGrid, filter_query: str, weekday_names: list[tuple[str, str]]
) -> SafeString:
    """The year's mini-months, as the template's month loop wrote them."""
    writer = _Writer(filter_query, weekday_names)
    return mark_safe("".join(writer.month(m) for m in grid.months))  # noqa: S308 (escaped above)
