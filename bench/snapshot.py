"""Saves the calendar pages as rendered, so a change meant to be invisible can be
diffed against what the pages were before it.

    python -m bench.snapshot FOLDER OUT

Builds the calendar once into a SQLite file in FOLDER (the seed, generated events as
make profile writes them, and a few hard cases: cancelled events, crowded days,
bars across weeks, dates known only to the month), then renders a fixed list of
pages in English and Russian, with and without filters, twice in one process (the
second round shows whether anything remembered between requests changed a page),
into OUT. Reuse the same FOLDER for every snapshot: generated rows carry random
identifiers, so a new DB is a new calendar.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bench.profile import _fill, _setup


def _hard_cases() -> None:
    from django.utils import timezone

    from events.enums import Kind, Precision, Status
    from events.models import Event

    day = dt.date(2013, 9, 18)
    for number in range(7):
        Event(
            kind=Kind.SUMMIT,
            title_en=f"Crowded <{number}> & co",
            title_ru=f"Тесно <{number}>",
            country="RU",
            start_date=day,
            end_date=day + dt.timedelta(days=number % 3),
            status=Status.CANCELLED if number == 2 else Status.CONFIRMED,
        ).save()
    Event(
        kind=Kind.SUMMIT,
        title_en="Across weeks",
        title_ru="Через недели",
        country="BY",
        start_date=dt.date(2013, 9, 27),
        end_date=dt.date(2013, 10, 9),
    ).save()
    Event(
        kind=Kind.SUMMIT,
        title_en="Some day in September",
        country="KZ",
        start_date=dt.date(2013, 9, 1),
        start_precision=Precision.MONTH,
        end_date=dt.date(2013, 9, 30),
        end_precision=Precision.MONTH,
    ).save()
    today = timezone.localdate()
    Event(
        kind=Kind.SUMMIT,
        title_en="Today's meeting",
        title_ru="Сегодняшняя встреча",
        country="AM",
        start_date=today,
        end_date=today + dt.timedelta(days=2),
    ).save()


def _pages() -> list[tuple[str, dict[str, str]]]:
    from django.utils import timezone

    today = timezone.localdate()
    plain = [
        "/2013/09/",
        "/2013/10/",
        "/2013/01/",
        "/2012/12/",
        "/2014/06/",
        "/1990/01/",
        "/0001/01/",
        "/9999/12/",
        f"/{today:%Y}/{today:%m}/",
        "/2013/09/?series=interaction",
        "/2013/09/?kind=summit",
        "/2013/09/?kind=exercise,term",
        "/2013/09/?country=BY",
        "/2013/09/?q=crowded",
        "/2013/09/?q=nothing-matches",
        "/2013/09/?kind=bogus&series=nope",
        "/2013/",
        "/2014/",
        "/1990/",
        "/2013/?kind=summit",
        "/agenda/?from=2013-09-01",
        "/agenda/?from=2013-09-01&to=2013-09-30&kind=summit",
        "/agenda/?q=session",
        "/agenda/",
        "/timeline/",
        "/timeline/?from=2013&to=2014",
        "/timeline/?series=interaction",
        "/",
        "/changes/",
        "/changes/?kind=summit",
        "/go/?year=abc",
        "/sources/",
    ]
    pages: list[tuple[str, dict[str, str]]] = []
    for page in plain:
        pages.append((page, {}))
        pages.append(("/ru" + page, {}))
    pages.append(("/2013/09/", {"HTTP_X_FRAGMENT": "month"}))
    pages.append(("/ru/2013/09/?kind=summit", {"HTTP_X_FRAGMENT": "month"}))
    return pages


def _event_pages() -> list[tuple[str, dict[str, str]]]:
    from events.models import Event

    slugs = list(Event.objects.order_by("pk").values_list("slug", flat=True)[:25])
    slugs += list(Event.objects.order_by("-pk").values_list("slug", flat=True)[:5])
    pages: list[tuple[str, dict[str, str]]] = []
    for slug in slugs:
        pages.append((f"/events/{slug}/", {}))
        pages.append((f"/ru/events/{slug}/", {}))
    pages.append((f"/events/{slugs[0]}/", {"HTTP_X_FRAGMENT": "event"}))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=600)
    options = parser.parse_args()
    folder = options.folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    fresh = not (folder / "profile.sqlite3").exists()
    _setup(folder)
    if fresh:
        _fill(options.events)
        _hard_cases()
    from django.core.cache import cache
    from django.test import Client

    options.out.mkdir(parents=True, exist_ok=True)
    client = Client()
    rounds: list[dict[str, bytes]] = []
    for _round in range(2):
        cache.clear()
        seen: dict[str, bytes] = {}
        for number, (page, headers) in enumerate(_pages() + _event_pages()):
            response = client.get(page, **headers)
            name = f"{number:03d}-" + page.strip("/").replace("/", "_").replace("?", "@")
            seen[name[:120]] = f"{response.status_code}\n".encode() + response.content
        rounds.append(seen)
    for name, body in rounds[0].items():
        (options.out / f"{name}.html").write_bytes(body)
        if rounds[1][name] != body:
            print(f"second round differs: {name}", file=sys.stderr)
    print(f"{len(rounds[0])} pages in {options.out}")


if __name__ == "__main__":
    main()
