from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from events.api.views import CountryViewSet, EventViewSet, SeriesViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("events", EventViewSet, basename="event")
router.register("series", SeriesViewSet, basename="series")
router.register("countries", CountryViewSet, basename="country")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
