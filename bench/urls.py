"""The app's URLs plus /bench/hello and /bench/small, the stack's own ceiling."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from cstocal.urls import urlpatterns as app_urlpatterns


def hello(request):
    return HttpResponse("hello")


def small(request):
    items = [{"number": n, "name": f"Item {n}"} for n in range(10)]
    return render(request, "bench/small.html", {"title": "Small template", "items": items})


urlpatterns = [path("bench/hello", hello), path("bench/small", small), *app_urlpatterns]
