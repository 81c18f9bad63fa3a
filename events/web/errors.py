"""Error views that answer in the visitor's language with the site's own pages."""

from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    # The reason is for logs, never for the page: it can describe the request's internals.
    return render(request, "403_csrf.html", status=403)
