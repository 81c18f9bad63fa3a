"""Where a page's time goes when no cache helps: cProfile over uncached requests.

    make profile PAGE=/2013/09/ [EVENTS=1000] [REQUESTS=50]

Builds a calendar in a SQLite database of its own, in a temporary folder it
removes at the end (the seed, then EVENTS generated events through the model,
as an editor's saves would write them), then asks for PAGE REQUESTS times in the
test client, each time with a query string of its own so the page cache never
answers, and prints the functions that took the most time, by their own time and
by cumulative time. A feed (an address ending in .ics) is asked cold each time,
as after a deploy or a cache restart: the process's VEVENT bytes and the cache
are dropped before every request, so each builds the whole feed from nothing.
Touches no database, cache or file it did not make.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path


def _setup(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'profile.sqlite3'}"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SECRET_KEY", "profile-only")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ["CSTOCAL_FEED_DIR"] = str(folder / "feeds")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cstocal.settings")
    import django
    from django.conf import settings

    django.setup()
    # Static addresses unhashed: no collectstatic into the checkout for a profile
    # (the pages name the same files; hashing a name is not what is measured).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _fill(events: int) -> None:
    from django.core.management import call_command

    from events.domain.seeding import seed_load
    from events.enums import Kind
    from events.models import Event, ExerciseSeries

    call_command("migrate", verbosity=0)
    seed_load()
    series = list(ExerciseSeries.objects.all())
    countries = ["RU", "BY", "KZ", "AM", "KG", "TJ"]
    started = time.monotonic()
    for number in range(events):
        start = dt.date(2013, 1, 1) + dt.timedelta(days=(number * 7) % 3650)
        if number % 2:
            event = Event(
                kind=Kind.EXERCISE,
                series=series[number % len(series)],
                series_year=3000 + number // 2,
                slug=f"generated-{number}",
                country=countries[number % len(countries)],
            )
        else:
            event = Event(
                kind=Kind.SUMMIT,
                title_en=f"Session {number}",
                title_ru=f"Сессия {number}",
                country=countries[number % len(countries)],
            )
        event.start_date, event.end_date = start, start + dt.timedelta(days=number % 5)
        event.save()
        if (number + 1) % 500 == 0:
            print(f"   ... {number + 1}/{events} events", file=sys.stderr)
    print(f"   {events} events written in {time.monotonic() - started:.1f} s", file=sys.stderr)


def _forget_feeds() -> None:
    """Nothing of any feed left in this process or the (local-memory) cache."""
    from django.core.cache import cache

    from events.delivery import feed_store

    feed_store.forget_process_memory()
    cache.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="the address to profile, e.g. /2013/09/")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cstocal-profile-"))
    try:
        _setup(folder)
        _fill(options.events)
        from django.test import Client

        client = Client()
        joiner = "&" if "?" in options.page else "?"
        first = client.get(options.page)
        if first.status_code != 200:
            sys.exit(f"{options.page} answered {first.status_code}; profile a page that exists")
        cold = options.page.split("?")[0].endswith(".ics")
        profiler = cProfile.Profile()
        elapsed = 0.0
        for number in range(options.requests):
            if cold:
                _forget_feeds()
            started = time.monotonic()
            profiler.enable()
            if cold:
                response = client.get(options.page)
                response.getvalue()
            else:
                client.get(f"{options.page}{joiner}profile={number}")
            profiler.disable()
            elapsed += time.monotonic() - started
        stats = pstats.Stats(profiler).strip_dirs()
        print(f"\n== {options.page}: the {options.top} functions with the most own time")
        stats.sort_stats("tottime").print_stats(options.top)
        print(f"== {options.page}: the {options.top} functions with the most cumulative time")
        stats.sort_stats("cumulative").print_stats(options.top)
        per = elapsed / options.requests * 1000
        print(
            f"{options.page}: {options.requests} {'cold' if cold else 'uncached'} requests over "
            f"{options.events} generated events took {per:.1f} ms each (profiled)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
