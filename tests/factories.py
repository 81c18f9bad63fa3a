import datetime as dt

import factory

from events.enums import Kind, Precision
from events.models import Event, ExerciseSeries, Webhook


class ExerciseSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExerciseSeries
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"series-{n}")
    name_en = factory.Sequence(lambda n: f"Series {n}")
    name_ru = factory.Sequence(lambda n: f"Серия {n}")


class EventFactory(factory.django.DjangoModelFactory):
    """A one-day summit by default; the subfactories set up other kinds."""

    class Meta:
        model = Event

    kind = Kind.SUMMIT
    title_en = factory.Sequence(lambda n: f"Session {n}")
    title_ru = factory.Sequence(lambda n: f"Сессия {n}")
    country = "RU"
    start_date = dt.date(2013, 9, 23)
    end_date = factory.LazyAttribute(lambda e: e.start_date)


class ExerciseFactory(EventFactory):
    kind = Kind.EXERCISE
    title_en = ""
    title_ru = ""
    series = factory.SubFactory(ExerciseSeriesFactory)
    series_year = factory.LazyAttribute(lambda e: e.start_date.year if e.start_date else 2013)
    country = "BY"


class TermFactory(EventFactory):
    kind = Kind.TERM
    title_en = ""
    title_ru = ""
    country = "KG"
    start_date = dt.date(2012, 12, 19)
    end_date = dt.date(2013, 9, 23)


def mixed_events(count: int) -> None:
    """``count`` each of exercises (three days), terms and year-long milestones."""
    series = ExerciseSeriesFactory()
    for number in range(count):
        ExerciseFactory(
            series=series,
            series_year=2010 + number,
            start_date=dt.date(2013, 9, 2 + number * 3),
            end_date=dt.date(2013, 9, 4 + number * 3),
            participants=["BY", "KZ"],
        )
        TermFactory(
            country="KZ",
            start_date=dt.date(2013 + 2 * number, 1, 1),
            end_date=dt.date(2014 + 2 * number, 1, 1),
        )
        EventFactory(
            kind=Kind.MILESTONE,
            start_date=dt.date(2013, 1, 1),
            start_precision=Precision.YEAR,
            end_date=dt.date(2013, 12, 31),
            end_precision=Precision.YEAR,
        )
        EventFactory(kind=Kind.OPERATION, start_date=None, end_date=None)


DENSE_CITIES = ["Moscow", "Minsk", "Astana", "Yerevan", "Bishkek", "Dushanbe"]
DENSE_COUNTRIES = ["RU", "BY", "KZ", "AM", "KG", "TJ"]


def dense_timeline(first_year: int = 2015, years: int = 6) -> None:
    """A crowded atlas for labels that must not collide: three series whose
    editions fall days apart every September, a fourth whose editions fall weeks
    apart across a new year, a chair a year, two summits a year (one known only to
    the month), dated and undated operations."""
    series = [
        ExerciseSeriesFactory(slug=slug, name_en=en, name_ru=ru)
        for slug, en, ru in [
            ("grom", "Grom", "Гром"),
            ("interaction", "Interaction", "Взаимодействие"),
            ("unbreakable-brotherhood", "Unbreakable Brotherhood", "Нерушимое братство"),
            ("rubezh", "Rubezh", "Рубеж"),
        ]
    ]
    for offset in range(years):
        year = first_year + offset
        host = DENSE_COUNTRIES[offset % len(DENSE_COUNTRIES)]
        for number, one in enumerate(series[:3]):
            start = dt.date(year, 9, 1 + number * 3)
            ExerciseFactory(
                series=one,
                series_year=year,
                start_date=start,
                end_date=start + dt.timedelta(days=4),
                country=DENSE_COUNTRIES[(offset + number) % len(DENSE_COUNTRIES)],
                slug=f"{one.slug}-{year}",
            )
        # Rubezh meets in January of odd years and December of even ones, so two
        # editions fall weeks apart; odd years' dates are known only to the month.
        january = year % 2 == 1
        ExerciseFactory(
            series=series[3],
            series_year=year,
            start_date=dt.date(year, 1, 1 if january else 14),
            start_precision=Precision.MONTH if january else Precision.DAY,
            end_date=dt.date(year, 1, 31) if january else dt.date(year, 12, 20),
            end_precision=Precision.MONTH if january else Precision.DAY,
            country=host,
            slug=f"rubezh-{year}",
        )
        TermFactory(
            country=host,
            start_date=dt.date(year, 1, 1),
            end_date=dt.date(year, 12, 31),
            slug=f"chairmanship-{host.lower()}-{year}",
        )
        EventFactory(
            title_en=f"Informal session {year}",
            title_ru=f"Неформальная сессия {year}",
            place_en=DENSE_CITIES[offset % len(DENSE_CITIES)],
            place_ru=DENSE_CITIES[offset % len(DENSE_CITIES)],
            start_date=dt.date(year, 5, 20),
            start_precision=Precision.MONTH,
            end_date=dt.date(year, 5, 31),
            end_precision=Precision.MONTH,
        )
        EventFactory(
            title_en=f"Session {year}",
            title_ru=f"Сессия {year}",
            place_en=DENSE_CITIES[(offset + 2) % len(DENSE_CITIES)],
            place_ru=DENSE_CITIES[(offset + 2) % len(DENSE_CITIES)],
            start_date=dt.date(year, 11, 28),
        )
        EventFactory(
            kind=Kind.OPERATION,
            title_en=f"Operation Channel {year}",
            title_ru=f"Операция «Канал» {year}",
            start_date=dt.date(year, 6, 1),
            start_precision=Precision.MONTH,
            end_date=dt.date(year, 6, 30),
            end_precision=Precision.MONTH,
        )
    EventFactory(
        kind=Kind.OPERATION,
        title_en="Operation Proxy",
        title_ru="Операция «Прокси»",
        start_date=None,
        end_date=None,
    )


class WebhookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Webhook

    url = factory.Sequence(lambda n: f"https://hooks.example.org/{n}")
    description = "An integrator"
