"""A URLconf for one test: a view that fails, to see what a 500 shows (nothing)."""

from django.urls import path


def broken(request):
    return 1 / 0


urlpatterns = [path("broken/", broken)]
