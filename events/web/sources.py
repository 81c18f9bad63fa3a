"""The statements the calendar's dates come from, for readers: a list, and each
statement in the reader's language with the sentences that gave dates marked and
linked to their events."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from events.delivery.page_cache import cached_calendar_page
from events.domain.statements import versions
from events.models import Statement
from events.text import active_text_language
from events.web.structured_data import statement_summary


@require_safe
@cached_calendar_page
def statement_list(request: HttpRequest) -> HttpResponse:
    statements = Statement.objects.order_by("-date", "-id")
    return render(
        request, "events/statement_list.html", {"statements": statements, "view": "sources"}
    )


@require_safe
@cached_calendar_page
def statement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    statement = get_object_or_404(Statement, slug=slug)
    language = active_text_language()
    shown = versions(statement, language)
    context = {
        "view": "sources",
        "statement": statement,
        "versions": shown,
        "untranslated": shown[0].language != language,
        "cited": sum(1 for v in shown[:1] for p in v.paragraphs for s in p if s.events),
        "summary": statement_summary(statement),
    }
    return render(request, "events/statement_detail.html", context)
