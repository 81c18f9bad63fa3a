"""The app's URLs plus the stack's own ceilings: /bench/hello, /bench/small, and
/bench/file/<size>, a file of that many bytes sent as the feeds are sent."""

import os
import tempfile
from pathlib import Path

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import path

from cstocal.urls import urlpatterns as app_urlpatterns


def hello(request):
    return HttpResponse("hello")


def small(request):
    items = [{"number": n, "name": f"Item {n}"} for n in range(10)]
    return render(request, "bench/small.html", {"title": "Small template", "items": items})


_files: dict[int, Path] = {}


def file(request, size: int):
    """``size`` bytes that do not compress, from a file, with sendfile where the
    server has it: what sending a feed's bytes costs this stack, apart from
    the feed."""
    if size not in _files:
        handle, name = tempfile.mkstemp(prefix="cstocal-bench-file-")
        with os.fdopen(handle, "wb") as out:
            out.write(os.urandom(size))
        _files[size] = Path(name)
    return FileResponse(_files[size].open("rb"), content_type="application/octet-stream")


urlpatterns = [
    path("bench/hello", hello),
    path("bench/small", small),
    path("bench/file/<int:size>", file),
    *app_urlpatterns,
]
