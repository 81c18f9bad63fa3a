"""The home page: a briefing on what the calendar is and what it holds now.

The month view lives at /<yyyy>/<mm>/; an old link to ``/`` with filters in its
query (from when ``/`` was the current month) goes to the current month with them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.delivery.page_cache import cached_calendar_page
from events.domain.briefing import build_briefing
from events.web.query import without_empty_parameters
from events.web.subscribe import subscribe_links


@require_safe
@without_empty_parameters
@cached_calendar_page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.GET:
        month = reverse("month", args=[today.year, today.month])
        return HttpResponseRedirect(f"{month}?{request.GET.urlencode()}")
    language = (get_language() or "en")[:2]
    feed_path = reverse("calendar-feed") + ("?lang=ru" if language == "ru" else "")
    feed_url = request.build_absolute_uri(feed_path)
    briefing = build_briefing(today)
    changed_at = briefing.changed_at
    context = {
        "view": "home",
        "briefing": briefing,
        "changed_on": timezone.localtime(changed_at).date() if changed_at else None,
        "feed_path": feed_path,
        "changes_path": reverse("changes-feed"),
        "subscribe": subscribe_links(feed_url, name=_("CSTO calendar")),
        "picker_year": today.year,
        "picker_month": today.month,
    }
    return render(request, "events/home.html", context)
