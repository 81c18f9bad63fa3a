"""How long the VEVENTs of 1,000 and 10,000 events take: icalendar's tree against
the direct writer (events/domain/ical/vevent_writer.py).

    .venv/bin/python -m bench.vevent_writer [output.json]

The events are unsaved and of mixed kinds (exercises of a series, chairmanship
terms, timed summits in several zones, milestones known to the year, operations
ending on 9999-12-31), with text in both languages, and are written in English and
Russian, as the feeds are. Each size is timed twice and the better run kept;
both writers are checked to give the same bytes before they are timed. Run by
`make bench` in a process of its own; no database is touched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import django

SIZES = (1_000, 10_000)
BASE_URL = "https://csto.example"
LANGUAGES = ("en", "ru")
ZONES = ("Europe/Moscow", "Asia/Almaty", "Asia/Yerevan", "Asia/Kathmandu", "UTC")
DESCRIPTION_EN = (
    "Command-post exercise of the Collective Rapid Reaction Forces: planning, "
    "a combined-arms phase on the range and a closing review, with observers."
)
DESCRIPTION_RU = (
    "Командно-штабное учение Коллективных сил оперативного реагирования: "
    "планирование, совместный этап на полигоне и подведение итогов."
)


def mixed_events(count: int) -> list:
    from events.enums import Kind, Precision, Status
    from events.models import Event, ExerciseSeries

    series = ExerciseSeries(slug="interaction", name_en="Interaction", name_ru="Взаимодействие")
    stamp = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    events = []
    for number in range(count):
        day = dt.date(2000 + number % 25, 1 + number % 12, 1 + number % 28)
        common = {
            "uid": uuid.UUID(int=number + 1),
            "slug": f"event-{number}",
            "status": Status.values[number % len(Status.values)],
            "country": ("RU", "BY", "KZ", "AM", "KG", "TJ")[number % 6],
            "participants": ["BY", "KZ", "RU"][: number % 4],
            "place_en": "Chebarkul range",
            "place_ru": "Полигон Чебаркуль",
            "description_en": DESCRIPTION_EN,
            "description_ru": DESCRIPTION_RU,
            "revision": number % 7,
            "created_at": stamp,
            "updated_at": stamp,
        }
        match number % 5:
            case 0:
                fields = {
                    "kind": Kind.EXERCISE,
                    "series": series,
                    "series_year": day.year,
                    "start_date": day,
                    "end_date": day + dt.timedelta(days=4),
                    "forces_en": "Up to 2,000 troops",
                    "forces_ru": "До 2000 военнослужащих",
                    "latitude": Decimal("54.96667"),
                    "longitude": Decimal("60.31667"),
                }
            case 1:
                fields = {
                    "kind": Kind.TERM,
                    "start_date": dt.date(day.year, 1, 1),
                    "end_date": dt.date(day.year, 12, 31),
                }
            case 2:
                fields = {
                    "kind": Kind.SUMMIT,
                    "title_en": "Collective Security Council session",
                    "title_ru": "Сессия Совета коллективной безопасности",
                    "start_date": day,
                    "end_date": day,
                    "start_time": dt.time(10),
                    "end_time": dt.time(17, 30),
                    "time_zone": ZONES[number % len(ZONES)],
                }
            case 3:
                fields = {
                    "kind": Kind.MILESTONE,
                    "title_en": "Treaty review",
                    "title_ru": "Обзор договора",
                    "start_date": dt.date(day.year, 1, 1),
                    "start_precision": Precision.YEAR,
                    "end_date": dt.date(day.year, 12, 31),
                    "end_precision": Precision.YEAR,
                }
            case _:
                fields = {
                    "kind": Kind.OPERATION,
                    "title_en": "Peacekeeping operation",
                    "title_ru": "Миротворческая операция",
                    "start_date": day,
                    "end_date": dt.date.max,
                }
        events.append(Event(**common, **fields))
    return events


def best_seconds(write: Callable[..., bytes], events: list) -> float:
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        for language in LANGUAGES:
            for event in events:
                write(event, base_url=BASE_URL, language=language)
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cstocal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnop")
    django.setup()
    from events.domain.ical.feed import vevent_bytes
    from events.domain.ical.vevent_writer import vevent_bytes_direct

    result = {}
    for size in SIZES:
        events = mixed_events(size)
        for language in LANGUAGES:
            for event in events:
                tree = vevent_bytes(event, base_url=BASE_URL, language=language)
                direct = vevent_bytes_direct(event, base_url=BASE_URL, language=language)
                if tree != direct:
                    print(f"the writers differ on {event.slug} ({language})", file=sys.stderr)
                    return 1
        tree_s = best_seconds(vevent_bytes, events)
        direct_s = best_seconds(vevent_bytes_direct, events)
        result[str(size)] = {"icalendar_s": tree_s, "direct_s": direct_s}
        print(
            f"{size:>6,} events x {len(LANGUAGES)} languages: icalendar {tree_s * 1000:8.1f} ms, "
            f"direct {direct_s * 1000:8.1f} ms, ratio {direct_s / tree_s:.3f}"
        )
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
