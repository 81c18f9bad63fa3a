"""Template helpers for dates, calendar links and kinds."""

from __future__ import annotations

import datetime as dt

from django import template
from django.urls import reverse, translate_url
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.dates import format_month_heading
from events.web.agenda_html import agenda_item as agenda_item_html
from events.web.feed_address import site_url
from events.web.fragments import day_text, kind_label, kind_mark, span_text
from events.web.fragments import event_link as link_html
from events.web.sidebar import sidebar_part as render_sidebar_part

register = template.Library()


@register.filter
def span(event) -> str:
    """The event's dates at their precision: "19–25 September 2013", "2014"."""
    return span_text(event)


@register.filter
def long_date(value: dt.date, precision: str = "day") -> str:
    return day_text(value, precision)


@register.filter
def period_heading(value: dt.date, precision: str = "month") -> str:
    """A month or year as a heading: "September 2013", «Сентябрь 2013», "2014"."""
    return format_month_heading(value, precision)


register.filter("kind_mark", kind_mark)
register.filter("kind_label", kind_label)


@register.simple_tag
def event_link(event) -> str:
    """The event's kind mark and name, linked to its page (fragments.event_link)."""
    return mark_safe(link_html(event))  # noqa: S308 (every value escaped)


@register.simple_tag
def agenda_item(event) -> str:
    """One event of the agenda (web/agenda_html.py)."""
    return mark_safe(agenda_item_html(event))  # noqa: S308 (every value escaped)


@register.simple_tag(takes_context=True)
def sidebar_part(context, template_name: str) -> str:
    """A part of the sidebar, rendered once per what it shows (web/sidebar.py)."""
    return render_sidebar_part(context, template_name)


@register.filter
def events_count(count: int) -> str:
    """ "1 event", "5 events"; in Russian "1 событие", "2 события", "5 событий"."""
    return ngettext("%(count)s event", "%(count)s events", count) % {"count": count}


@register.filter
def more_count(count: int) -> str:
    return ngettext("+%(count)s more", "+%(count)s more", count) % {"count": count}


@register.simple_tag
def month_url(year_month, month: int | None = None) -> str:
    """The month page for a (year, month) pair, a date, or a year and a month."""
    if year_month is None or year_month == "":
        return ""
    if month is not None:
        year_month = (int(year_month), int(month))
    elif isinstance(year_month, dt.date):
        year_month = (year_month.year, year_month.month)
    year, month = year_month
    return reverse("month", kwargs={"year": year, "month": month})


@register.simple_tag(takes_context=True)
def translated_path(context, language: str) -> str:
    """This page's address in ``language`` (/2013/09/ ↔ /ru/2013/09/)."""
    request = context["request"]
    # A page names its twin in each language several times (links, alternates).
    memo = request.__dict__.setdefault("_translated_paths", {})
    key = (request.get_full_path(), language)
    path = memo.get(key)
    if path is None:
        path = memo[key] = translate_url(key[0], language)
    return path


@register.simple_tag(takes_context=True)
def absolute_url(context, language: str | None = None) -> str:
    """This page's address, absolute under the site's address (CSTOCAL_SITE_URL, else
    the request's), in ``language`` when given: canonical and hreflang links."""
    request = context["request"]
    path = translated_path(context, language) if language else request.get_full_path()
    return site_url(request) + path


@register.simple_tag
def handover_text(handover) -> str:
    """ "Chairmanship passes from Kyrgyzstan to Russia", each country linking to its term."""
    outgoing, incoming = handover.outgoing, handover.incoming
    return format_html(
        escape(_("Chairmanship passes from {outgoing} to {incoming}")),
        outgoing=format_html(
            '<a href="{}">{}</a>', outgoing.get_absolute_url(), outgoing.country_name
        ),
        incoming=format_html(
            '<a href="{}">{}</a>', incoming.get_absolute_url(), incoming.country_name
        ),
    )


@register.simple_tag
def handover_title(handover) -> str:
    """The handover as plain text for a tooltip: "Chairmanship passes from Kyrgyzstan to Russia"."""
    return _("Chairmanship passes from {outgoing} to {incoming}").format(
        outgoing=handover.outgoing.country_name, incoming=handover.incoming.country_name
    )


@register.simple_tag(takes_context=True)
def day_agenda_url(context, day: dt.date) -> str:
    """The agenda of one day, with the page's filters: where a day's whole list is
    read without JavaScript (the day dialog's page)."""
    iso = day.isoformat()
    selection = context.get("filter")
    if selection is None:
        return f"{reverse('agenda')}?from={iso}&to={iso}"
    return reverse("agenda") + selection.query_string(**{"from": iso, "to": iso})
