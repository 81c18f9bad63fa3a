"""/sitemap.xml: every page a search engine should know, in both languages, each
with its alternates (hreflang) and when it last changed.

Listed: the home page, the published events, the statements and their list, and
the month pages that hold events. Three queries whatever the calendar holds (the
change stamp, the events' dates, the statements), and cached like the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from events.delivery.page_cache import cached_calendar_page
from events.domain.months import Month, months_held
from events.models import Event, Statement
from events.web.feed_address import site_url


@dataclass(frozen=True)
class SiteRows:
    """What the sitemap lists, read in two queries."""

    events: list[tuple[str, dt.datetime]]  # slug, last change
    months: dict[Month, dt.datetime]
    statements: list[tuple[str, dt.datetime]]  # slug, last change

    @classmethod
    def read(cls) -> SiteRows:
        rows = list(
            Event.objects.public()
            .order_by("start_date", "slug")
            .values_list("slug", "start_date", "end_date", "updated_at")
        )
        statements = list(Statement.objects.order_by("-date", "-id").values_list("slug", "updated"))
        return cls(
            events=[(slug, changed) for slug, _start, _end, changed in rows],
            months=months_held((start, end, changed) for _slug, start, end, changed in rows),
            statements=statements,
        )

    @property
    def latest(self) -> dt.datetime | None:
        changes = [c for _s, c in self.events] + [c for _s, c in self.statements]
        return max(changes, default=None)


class _BothLanguages(Sitemap):
    """Each address in every language, with its alternates and x-default, under
    the site's own address (CSTOCAL_SITE_URL, else the request's)."""

    i18n = True
    alternates = True
    x_default = True

    def __init__(self, rows: SiteRows, base_url: str) -> None:
        self.rows = rows
        parts = urlsplit(base_url)
        self.protocol = parts.scheme
        self.domain = parts.netloc + parts.path

    def get_domain(self, site: Any = None) -> str:
        return self.domain

    def get_urls(
        self, page: int | str = 1, site: Any = None, protocol: str | None = None
    ) -> list[dict[str, Any]]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # Django writes x-default by cutting "/en/" out of the English address,
        # which with unprefixed English addresses cuts a slug "en" out instead.
        # x-default is the English address as it stands.
        for url in urls:
            default = {a["lang_code"]: a["location"] for a in url["alternates"]}
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default":
                    alternate["location"] = default[settings.LANGUAGE_CODE]
        return urls


class HomeSitemap(_BothLanguages):
    def items(self) -> list[str]:
        return ["home", "statement-list"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> dt.datetime | None:
        if item == "statement-list":
            return max((c for _s, c in self.rows.statements), default=None)
        return self.rows.latest


class EventSitemap(_BothLanguages):
    def items(self) -> list[tuple[str, dt.datetime]]:
        return self.rows.events

    def location(self, item: tuple[str, dt.datetime]) -> str:
        return reverse("event-detail", kwargs={"slug": item[0]})

    def lastmod(self, item: tuple[str, dt.datetime]) -> dt.datetime:
        return item[1]


class StatementSitemap(EventSitemap):
    def items(self) -> list[tuple[str, dt.datetime]]:
        return self.rows.statements

    def location(self, item: tuple[str, dt.datetime]) -> str:
        return reverse("statement-detail", kwargs={"slug": item[0]})


class MonthSitemap(_BothLanguages):
    def items(self) -> list[tuple[Month, dt.datetime]]:
        return list(self.rows.months.items())

    def location(self, item: tuple[Month, dt.datetime]) -> str:
        (year, month), _changed = item
        return reverse("month", kwargs={"year": year, "month": month})

    def lastmod(self, item: tuple[Month, dt.datetime]) -> dt.datetime:
        return item[1]


@require_safe
@cached_calendar_page
def sitemap(request: HttpRequest) -> HttpResponse:
    rows = SiteRows.read()
    base = site_url(request)
    sections: dict[str, type[Sitemap] | Sitemap] = {
        name: cls(rows, base)
        for name, cls in (
            ("home", HomeSitemap),
            ("events", EventSitemap),
            ("statements", StatementSitemap),
            ("months", MonthSitemap),
        )
    }
    response = sitemap_views.sitemap(request, sitemaps=sections)
    response.render()
    return response
