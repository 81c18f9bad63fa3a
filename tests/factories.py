import datetime as dt

import factory

from events.enums import Kind, Precision
from events.models import Event, ExerciseSeries


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
