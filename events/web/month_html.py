"""The weeks of a month page, written in Python rather than by the template engine.

A month draws up to six weeks of seven days, each with its lanes and events: in
Django's template language that is close to a thousand nodes a page, most of the
page's time. The same HTML written here, byte for byte as
``templates/events/event_month.html`` wrote it (the layout's whitespace
included), costs a fraction of that. Every value is escaped as the template
escaped it, with the standard library's ``html.escape``, which Django's own
``escape`` calls (without its checks for lazy text, which cost more than the
escaping here).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.domain.layout.month import Role
from events.enums import Status
from events.templatetags.calendar_tags import (
    handover_text,
    handover_title,
    more_count,
)
from events.text import text_language
from events.web.fragments import day_text, event_link, event_path, span_text

if TYPE_CHECKING:
    from events.domain.layout.month import DayCell, Item, MonthGrid, Slot, Week
    from events.models import Event
    from events.web.filters import EventFilter

# The arrows at the edges of a bar that goes on into the week before or after.
CONTINUES_BEFORE = '<span class="cont" aria-hidden="true">◂</span>'
CONTINUES_AFTER = '<span class="cont" aria-hidden="true">▸</span>'


class _Writer:
    """What one request's weeks are written with: the language's words, the
    agenda's address and each event's link, made once per page."""

    def __init__(self, selection: EventFilter) -> None:
        self.selection = selection
        self.language = get_language()
        self.text_language = text_language(self.language)
        # A day's agenda: the page's filters, then the day as its first and last
        # (what EventFilter.query_string writes; a date needs no quoting).
        filters = selection.query_string()
        self.agenda_query = escape(f"{reverse('agenda')}{filters}{'&' if filters else '?'}")
        self.links: dict[int, str] = {}
        self.names: dict[int, str] = {}
        self.words = {
            word: escape(text)
            for word, text in (
                ("cancelled", _("cancelled")),
                ("begins", _("begins")),
                ("ends", _("ends")),
                ("continues", _("continues")),
                ("today", _("today")),
            )
        }

    def link(self, event: Event) -> str:
        """``events/_event_link.html``, once per event a page."""
        text = self.links.get(event.pk)
        if text is None:
            text = self.links[event.pk] = event_link(event, self.language)
        return text

    def name(self, event: Event) -> str:
        """The event's name in the page's language, escaped, once per event a page."""
        text = self.names.get(event.pk)
        if text is None:
            text = self.names[event.pk] = escape(event.name_in(self.text_language))
        return text

    def span(self, event: Event) -> str:
        return escape(span_text(event, self.language))

    def role(self, item: Item) -> str:
        """``events/_month_item_role.html``: begins, ends or continues."""
        if item.role == Role.BEGINS:
            return f' <span class="role">{self.words["begins"]}</span>'
        if item.role == Role.ENDS:
            return f' <span class="role">{self.words["ends"]}</span>'
        if item.continues_before:
            return f' <span class="role">{self.words["continues"]}</span>'
        return ""

    def title(self, item: Item, event: Event) -> str:
        """``events/_month_item_title.html``: the item as a tooltip."""
        text = self.name(event)
        if event.status == Status.CANCELLED:
            text += f" ({self.words['cancelled']})"
        if item.role == Role.BEGINS:
            text += f" ({self.words['begins']})"
        elif item.role == Role.ENDS:
            text += f" ({self.words['ends']})"
        return f"{text} · {self.span(event)}"

    def dates(self, item: Item, event: Event) -> str:
        if item.role != Role.BAR:
            return ""
        return f'<span class="item-dates"> · {self.span(event)}</span>'

    def slot(self, slot: Slot | None) -> str:
        if slot is None:
            return '<li class="lane lane--empty" aria-hidden="true"></li>'
        item = slot.item
        if item.handover is not None:
            return (
                f'<li class="lane item handover" title="{escape(handover_title(item.handover))}">'
                f"{handover_text(item.handover)}</li>"
            )
        event = item.ordering_event
        if not slot.first:
            path = escape(event_path(event.slug, self.language))
            return (
                f'<li class="lane item item--covered" data-href="{path}">'
                f'<span class="covered-text">{self.name(event)} '
                f'<span class="role">{self.words["continues"]}</span></span></li>'
            )
        classes = f"lane item item--{escape(item.role)} span-{item.span}"
        if item.continues_before:
            classes += " continues-before"
        if item.continues_after:
            classes += " continues-after"
        before = CONTINUES_BEFORE if item.continues_before else ""
        after = CONTINUES_AFTER if item.continues_after else ""
        return (
            f'<li class="{classes}" title="{self.title(item, event)}">{before}'
            f"{self.link(event)}{self.role(item)}{self.dates(item, event)}{after}</li>"
        )

    def more(self, cell: DayCell) -> str:
        entries = []
        for item in cell.more:
            opening = "<li>" if item.start == cell.day else '<li class="more-continued">'
            if item.handover is not None:
                body = str(handover_text(item.handover))
            else:
                event = item.ordering_event
                body = f"{self.link(event)}{self.role(item)}{self.dates(item, event)}"
            entries.append(f"{opening}{body}</li>")
        return (
            f'\n            <li class="more"><details><summary>{escape(more_count(len(cell.more)))}'
            f"</summary>\n              <ul>{''.join(entries)}</ul>\n            </details></li>\n"
            "            "
        )

    def cell(self, cell: DayCell) -> str:
        iso = cell.day.isoformat()
        agenda = f"{self.agenda_query}from={iso}&amp;to={iso}"
        classes = "day"
        if not cell.in_month:
            classes += " day--outside"
        if cell.is_today:
            classes += " day--today"
        current = ' aria-current="date"' if cell.is_today else ""
        long_date = escape(day_text(cell.day, language=self.language))
        today = f' <span class="today-label">{self.words["today"]}</span>' if cell.is_today else ""
        html = (
            f'\n        <td id="d-{iso}" class="{classes}" data-date="{iso}"{current}>\n'
            f'          <div class="day-head"><a class="day-link" href="{agenda}" '
            f'data-day-link><time class="day-number" datetime="{iso}">'
            f'<span class="visually-hidden">{long_date}</span>'
            f'<span aria-hidden="true">{cell.day.day}</span></time></a>{today}</div>\n'
            "          "
        )
        if not cell.is_empty:
            slots = "".join(
                f"\n              {self.slot(slot)}\n              \n            "
                for slot in cell.slots
            )
            more = self.more(cell) if cell.more else ""
            html += (
                f'\n          <ul class="day-events">\n            {slots}\n            {more}'
                "\n          </ul>\n          "
            )
        return html + "\n        </td>\n        "

    def week(self, week: Week) -> str:
        cells = "".join(self.cell(cell) for cell in week.cells)
        return f'\n      <tr class="week lanes-{week.lanes}">\n        {cells}\n      </tr>\n      '


def month_weeks_html(grid: MonthGrid, selection: EventFilter) -> SafeString:
    """The rows of the month's table, as the template's week loop wrote them."""
    writer = _Writer(selection)
    return mark_safe("".join(writer.week(week) for week in grid.weeks))  # noqa: S308 (escaped above)
