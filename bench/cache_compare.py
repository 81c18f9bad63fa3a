"""Two measurements behind the cache's design, in one process, on the seed data.

    .venv/bin/python bench/cache_compare.py outage app django-redis
    .venv/bin/python bench/cache_compare.py pages

"outage": how long a month page takes while Redis is gone, for each cache
backend named ("app" as configured, "django-redis" plain, or a dotted path), with
Redis refusing connections (a closed port) and with Redis accepting them but never
answering (a hung server, or a full accept queue): the difference a back-off makes.

"pages": the per-request time of a cached month page, as the app caches it
(events.delivery.page_cache) and as Django's cache_page would with the calendar
stamp's token as its key prefix, on the memory cache and on Redis (database 14 of
BENCH_REDIS_URL; only this script's own keys are deleted).

The database is a throwaway SQLite file with the seed data.
"""

from __future__ import annotations

import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.gettempdir()) / "cstocal-cache-compare.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cstocal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnop")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.pop("REDIS_URL", None)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PREFIX = "cstocal-cache-compare"
MONTH = "/2013/09/"
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from cstocal.settings import redis_cache  # noqa: E402

# Hashed static names need collectstatic; the pages need only the names.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Plain django-redis, failing soft but without this app's back-off; and as the app
# configures it (cstocal/settings.py).
PLAIN = {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True}


def _prepare_database() -> None:
    if not DB.exists():
        call_command("migrate", verbosity=0)
        call_command("loadseed", verbosity=0)


def _caches(backend: str, location: str) -> dict:
    """``backend`` is "django-redis" (plain), "app" (as configured), or any other
    backend's dotted path, given Django's own short timeouts."""
    if backend == "app":
        return {"default": redis_cache(location, PREFIX)}
    if backend == "django-redis":
        path, options = "django_redis.cache.RedisCache", PLAIN
    else:
        path, options = backend, {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
    return {"default": {"BACKEND": path, "LOCATION": location, "KEY_PREFIX": PREFIX,
                        "OPTIONS": dict(options)}}  # fmt: skip


def _times(client: Client, url: str, count: int, **headers) -> list[float]:
    spent = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        spent.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return spent


def _silent_server() -> tuple[int, socket.socket]:
    """A port that accepts connections and never answers, as a hung Redis does."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1], server


def outage(backends: list[str]) -> None:
    from events.delivery import feed_store
    from events.delivery.stamp import forget_recent_stamp

    port, server = _silent_server()
    places = {"refused": "redis://127.0.0.1:9/0", "hung": f"redis://127.0.0.1:{port}/0"}
    client = Client()
    for backend in backends:
        for name, location in places.items():
            with override_settings(CACHES=_caches(backend, location)):
                feed_store.forget_process_memory()
                forget_recent_stamp()
                spent = _times(client, MONTH, 20)
            print(
                f"{backend:45} Redis {name:7}: first {spent[0] * 1000:7.1f} ms, "
                f"median of 20 {statistics.median(spent) * 1000:7.1f} ms, "
                f"total {sum(spent):6.2f} s"
            )
    server.close()


def _page_cache_view():
    """The month view as Django's cache_page would cache it, the way pretalx does:
    cache_page takes only a fixed key prefix, so a wrapper reads the calendar stamp
    and applies cache_page with the stamp's token (and the day, which the current
    month depends on) as the prefix on each request. A hit reads the stamp, then
    the page's header key (its Vary list), then the page."""
    from django.utils import timezone
    from django.views.decorators.cache import cache_page
    from django.views.decorators.http import require_safe
    from django.views.decorators.vary import vary_on_headers

    from events.delivery.page_cache import FRAGMENT_HEADER, PAGE_SECONDS
    from events.delivery.stamp import current_stamp
    from events.web import views

    # views.month is require_safe(cached_calendar_page(the view)).
    undecorated = vary_on_headers(FRAGMENT_HEADER)(views.month.__wrapped__.__wrapped__)

    @require_safe
    def month(request, *args, **kwargs):
        prefix = f"{current_stamp().token}.{timezone.localdate().isoformat()}"
        return cache_page(PAGE_SECONDS, key_prefix=prefix)(undecorated)(request, *args, **kwargs)

    return month


def pages() -> None:
    import logging

    # One log line per request would be most of what is measured.
    logging.getLogger("cstocal.request").setLevel(logging.WARNING)
    from events.web import views

    rounds, count = 5, 400
    variants = {"page_cache": views.month, "cache_page": _page_cache_view()}
    stores = {
        "LocMem": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        "Redis": {"default": redis_cache(REDIS_URL, PREFIX)},
    }
    client = Client()
    results: dict[tuple[str, str, str], list[float]] = {}
    for store, cache_settings in stores.items():
        with override_settings(CACHES=cache_settings):
            for _ in range(rounds):
                # Alternate the variants round by round, so drift hits both alike.
                for variant, view in variants.items():
                    _swap_month(view)
                    for accept, headers in (("plain", {}), ("gzip", BROWSER)):
                        _times(client, MONTH, 20, **headers)  # fills and warms
                        spent = _times(client, MONTH, count, **headers)
                        key = (store, variant, accept)
                        results.setdefault(key, []).append(statistics.median(spent))
            if store == "Redis":
                _delete_own_keys()
    _swap_month(variants["page_cache"])
    print(f"median per request of {count}, median over {rounds} rounds, in µs:")
    for (store, variant, accept), medians in sorted(results.items()):
        print(
            f"  {store:6} {variant:10} {accept:5}: {statistics.median(medians) * 1e6:8.0f} "
            f"(rounds {min(medians) * 1e6:.0f}–{max(medians) * 1e6:.0f})"
        )


def _swap_month(view) -> None:
    """Point the month page's URL at ``view``."""
    from django.urls import get_resolver

    for pattern in _patterns(get_resolver().url_patterns):
        if getattr(pattern, "name", None) == "month":
            pattern.callback = view


def _patterns(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _patterns(pattern.url_patterns)
        else:
            yield pattern


def _delete_own_keys() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{PREFIX}:*", count=1000))
    if keys:
        client.unlink(*keys)


if __name__ == "__main__":
    _prepare_database()
    caches["default"].clear()
    if sys.argv[1:2] == ["outage"]:
        outage(sys.argv[2:])
    elif sys.argv[1:2] == ["pages"]:
        pages()
    else:
        sys.exit(__doc__)
