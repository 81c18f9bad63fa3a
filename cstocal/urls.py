"""Root URLs. They are a public promise (README, "What is where"): never break one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter

from events.web import changes, feeds, home, jcal, site, sitemaps, sources, views
from events.web.converters import MonthConverter, YearConverter

register_converter(YearConverter, "yyyy")
register_converter(MonthConverter, "mm")

urlpatterns = [
    path("healthz", site.healthz, name="healthz"),
    path("robots.txt", site.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    # Browsers ask for it on every page, admin's included.
    path("favicon.ico", site.favicon, name="favicon"),
    path("calendar.ics", feeds.calendar_feed, name="calendar-feed"),
    path("events/<slug:slug>.ics", feeds.event_feed, name="event-feed"),
    path("calendar.jcal", jcal.calendar_jcal, name="calendar-jcal"),
    path("events/<slug:slug>.jcal", jcal.event_jcal, name="event-jcal"),
    path("admin/", admin.site.urls),
    path("api/", include("events.api.urls")),
    *i18n_patterns(
        path("", home.home, name="home"),
        path("<yyyy:year>/<mm:month>/", views.month, name="month"),
        path("<yyyy:year>/", views.year, name="year"),
        path("agenda/", views.agenda, name="agenda"),
        path("timeline/", views.timeline, name="timeline"),
        path("go/", views.go, name="go"),
        path("events/<slug:slug>/", views.event_detail, name="event-detail"),
        path("events/<slug:slug>.jsonld", views.event_jsonld, name="event-jsonld"),
        path(
            "events/<slug:slug>/changes.atom",
            changes.event_changes_feed,
            name="event-changes-feed",
        ),
        path("changes/", changes.changes, name="changes"),
        path("changes.atom", changes.changes_feed, name="changes-feed"),
        path("sources/", sources.statement_list, name="statement-list"),
        path("sources/<slug:slug>/", sources.statement_detail, name="statement-detail"),
        prefix_default_language=False,
    ),
]
