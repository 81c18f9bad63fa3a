"""Template filters for dates and calendar links."""

from __future__ import annotations

import datetime as dt

from django import template
from django.urls import reverse, translate_url
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from events.dates import format_day, format_span

register = template.Library()


@register.filter
def span(event) -> str:
    """The event's dates at their precision: "19–25 September 2013", "2014"."""
    return format_span(event)


@register.filter
def long_date(value: dt.date, precision: str = "day") -> str:
    return format_day(value, precision)


@register.simple_tag
def month_url(year_month: tuple[int, int] | dt.date | None) -> str:
    """The month page URL for a (year, month) pair or a date."""
    if year_month is None:
        return ""
    if isinstance(year_month, dt.date):
        year_month = (year_month.year, year_month.month)
    year, month = year_month
    return reverse("month", kwargs={"year": year, "month": month})


@register.simple_tag(takes_context=True)
def translated_path(context, language: str) -> str:
    """This page's address in ``language`` (/2013/09/ ↔ /ru/2013/09/)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.simple_tag
def handover_text(handover) -> str:
    """ "Chairmanship passes from Kyrgyzstan to Russia", each country linking to its term."""
    outgoing, incoming = handover.outgoing, handover.incoming
    return format_html(
        escape(_("Chairmanship passes from {outgoing} to {incoming}")),
        outgoing=format_html(
            '<a href="{}">{}</a>', outgoing.get_absolute_url(), outgoing.country.name
        ),
        incoming=format_html(
            '<a href="{}">{}</a>', incoming.get_absolute_url(), incoming.country.name
        ),
    )
