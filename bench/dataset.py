"""Bench datasets: the 2013 seed plus N generated events, written with COPY.

Every dataset has the same density, 25 events a month, centred on the seed's
month (September 2013), and each month's events are drawn from a generator
seeded by that month alone, so "September 2013" (and the weeks around it on
the month page) holds the very same events at 1k as at 1M: what grows with the
dataset is only the table around it. About a quarter of the events are
exercises of generated series (one series per slot of the year, so no two
exercises of a series share a year, whatever else was generated),
some are timed (VTIMEZONE in the feed), some known only to the month, some span
several days, and every one has English and Russian text.

Rows are built as Event instances and their values taken from the model fields,
so they are what Event.save() would store; COPY only makes the writing fast.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import connection
from django.utils import timezone

from events.domain.seeding import seed_load
from events.enums import Kind, Precision, Status
from events.models import CalendarStamp, Event, ExerciseSeries

# Raise when the generator changes, so stored datasets are rebuilt.
VERSION = 3
EVENTS_PER_MONTH = 25
# Events generated one by one; larger datasets repeat them in SQL (see generate).
BLOCK = 10_000
REPEAT_YEARS = 36
CENTRE = dt.date(2013, 9, 1)
# One per slot of a year: (month - 1) * EVENTS_PER_MONTH + slot.
SERIES_COUNT = 12 * EVENTS_PER_MONTH
PLACES = [
    ("Chebarkul range", "полигон Чебаркуль", "RU", 54.98, 60.37),
    ("Gvardeyskiy range", "полигон Гвардейский", "KZ", 43.42, 76.13),
    ("Edelweiss range", "полигон Эдельвейс", "KG", 42.84, 74.6),
    ("Harbatovo range", "полигон Харбатово", "TJ", 38.56, 68.78),
    ("Brest", "Брест", "BY", 52.1, 23.69),
    ("Yerevan", "Ереван", "AM", 40.18, 44.51),
]
ZONES = {"RU": "Europe/Moscow", "KZ": "Asia/Almaty", "BY": "Europe/Minsk", "AM": "Asia/Yerevan"}
MEMBERS = ["AM", "BY", "KZ", "KG", "RU", "TJ"]


def _month_offset(start: dt.date, months: int) -> dt.date:
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _series() -> list[ExerciseSeries]:
    existing = {s.slug: s for s in ExerciseSeries.objects.filter(slug__startswith="bench-")}
    made = []
    for number in range(SERIES_COUNT):
        slug = f"bench-{number:02d}"
        made.append(
            existing.get(slug)
            or ExerciseSeries.objects.create(
                slug=slug, name_en=f"Shield {number:02d}", name_ru=f"Щит {number:02d}"
            )
        )
    return made


def _event(month: dt.date, slot: int, series, rng) -> Event:
    """The event in ``slot`` of ``month``, drawn from ``rng`` (that month's)."""
    # Unique in a dataset, and the same for the same month and slot in every one.
    number = (month.year * 12 + month.month) * EVENTS_PER_MONTH + slot
    start = month + dt.timedelta(days=rng.randrange(28))
    place_en, place_ru, country, lat, lon = rng.choice(PLACES)
    participants = rng.sample(MEMBERS, rng.randrange(2, 6))
    kind = rng.choices(
        [Kind.EXERCISE, Kind.SUMMIT, Kind.OPERATION, Kind.MILESTONE], weights=[25, 25, 25, 25]
    )[0]
    values = {
        "uid": uuid.UUID(int=number + 1),
        "slug": f"bench-{number}",
        "kind": kind,
        "status": rng.choices(list(Status), weights=[10, 80, 5, 5])[0],
        "country": country,
        "participants": participants,
        "place_en": place_en,
        "place_ru": place_ru,
        "latitude": round(lat, 5),
        "longitude": round(lon, 5),
        "description_en": f"Generated event {number} for the benchmark: a joint command-staff "
        "exercise with live firing, air support and a follow-up conference.",
        "description_ru": f"Событие {number} для замеров: совместное командно-штабное учение "
        "с боевой стрельбой, поддержкой авиации и итоговой конференцией.",
        "forces_en": "Up to 2,000 personnel and 100 units of equipment.",
        "forces_ru": "До 2000 военнослужащих и 100 единиц техники.",
        "source_title": "Benchmark dataset",
    }
    if kind == Kind.EXERCISE:
        values["series"] = series[(month.month - 1) * EVENTS_PER_MONTH + slot]
        values["series_year"] = start.year
    else:
        values["title_en"] = f"{kind.label} {number}"
        values["title_ru"] = f"Мероприятие {number}"

    shape = rng.random()
    if shape < 0.1 and country in ZONES:
        values.update(
            start_date=start,
            end_date=start,
            start_time=dt.time(10),
            end_time=dt.time(13, 30),
            time_zone=ZONES[country],
        )
    elif shape < 0.15:
        end = _month_offset(month, 1) - dt.timedelta(days=1)
        values.update(
            start_date=month,
            start_precision=Precision.MONTH,
            end_date=end,
            end_precision=Precision.MONTH,
        )
    else:
        values.update(start_date=start, end_date=start + dt.timedelta(days=rng.randrange(6)))
    return Event(**values)


def _row(event: Event, fields) -> tuple:
    return tuple(
        field.get_db_prep_save(getattr(event, field.attname), connection) for field in fields
    )


def generate(size: int, *, seed: int = 2013) -> None:
    """Fill an empty, migrated database with the seed plus ``size`` minus the seed's events.

    Up to BLOCK events are generated in Python; a larger dataset repeats that
    block in SQL, each copy REPEAT_YEARS later or earlier (a multiple of four, so
    leap days stay leap days), until it holds ``size`` events."""
    if connection.vendor != "postgresql":
        raise SystemExit("bench datasets are written with COPY: point DATABASE_URL at PostgreSQL")
    seed_load()
    series = _series()
    count = min(size, BLOCK) - Event.objects.count()
    # Whole months, the partial one last, so September 2013 is always whole.
    months = -(-count // EVENTS_PER_MONTH)
    first_month = _month_offset(CENTRE, -(months // 2))
    fields = [f for f in Event._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    now = timezone.now()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY events_event ({columns}) FROM STDIN") as copy,
    ):
        for index in range(count):
            month_index, slot = divmod(index, EVENTS_PER_MONTH)
            month = _month_offset(first_month, month_index)
            if slot == 0:
                rng = random.Random(f"{seed}-{month.isoformat()}")
            event = _event(month, slot, series, rng)
            event.search_text = event.build_search_text()
            event.created_at = event.updated_at = now
            copy.write_row(_row(event, fields))
    copies = size // BLOCK - 1
    if copies > 0:
        _repeat(fields, copies)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")
    CalendarStamp.touch()


def _repeat(fields, copies: int) -> None:
    """Copies of the generated events, shifted by whole multiples of REPEAT_YEARS,
    alternately later and earlier: 1, -1, 2, -2, …"""
    shifted = {
        "uid": "md5(uid::text || '-' || k)::uuid",
        "slug": "slug || '-' || k",
        "start_date": "start_date + make_interval(years => %(years)s * k)",
        "end_date": "end_date + make_interval(years => %(years)s * k)",
        "series_year": "series_year + %(years)s * k",
    }
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ", ".join(shifted.get(f.column, connection.ops.quote_name(f.column)) for f in fields)
    shifts = [(n // 2 + 1) * (1 if n % 2 == 0 else -1) for n in range(copies)]
    with connection.cursor() as cursor:
        for k in shifts:
            cursor.execute(
                f"INSERT INTO events_event ({columns}) SELECT {values} "  # noqa: S608
                "FROM events_event, (SELECT %(k)s AS k) AS shift WHERE slug LIKE 'bench-%%' "
                "AND slug NOT LIKE 'bench-%%-%%'",
                {"k": k, "years": REPEAT_YEARS},
            )
