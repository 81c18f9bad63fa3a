from django.conf import settings
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from events.api.views import CountryViewSet, EventViewSet, SeriesViewSet, StatementViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("events", EventViewSet, basename="event")
router.register("series", SeriesViewSet, basename="series")
router.register("countries", CountryViewSet, basename="country")
router.register("statements", StatementViewSet, basename="statement")

# Swagger UI (the sidecar's pinned copy) injects one small <style> element; its hash
# is allowed on the docs page alone, so the strict policy holds everywhere else.
SWAGGER_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
docs_view = csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, SWAGGER_STYLE]})(  # type: ignore[dict-item]
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", docs_view, name="api-docs"),
    path("", include(router.urls)),
]
