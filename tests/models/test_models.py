"""The data rules: constraints in the database, explanations in validation."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from events.enums import Kind, Precision, Status
from events.models import Event
from events.periods import period_end, period_start
from tests.factories import EventFactory, ExerciseFactory, ExerciseSeriesFactory, TermFactory

pytestmark = pytest.mark.django_db


def _violates_database(event: Event) -> bool:
    """Save bypassing validation; True when the database itself refuses the row."""
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        return True
    return False


# Database constraints, on whichever database the suite runs (SQLite and PostgreSQL in CI).


def test_database_refuses_end_before_start():
    event = EventFactory.build(start_date=dt.date(2013, 9, 25), end_date=dt.date(2013, 9, 19))

    assert _violates_database(event)
    assert Event.objects.count() == 0


def test_database_refuses_timed_end_before_start_on_one_day():
    event = EventFactory.build(
        start_time=dt.time(12), end_time=dt.time(10), time_zone="Europe/Moscow"
    )

    assert _violates_database(event)


def test_database_refuses_one_date_without_the_other():
    event = EventFactory.build(end_date=None)

    assert _violates_database(event)


def test_database_refuses_duplicate_slug():
    EventFactory(slug="sochi")

    assert _violates_database(EventFactory.build(slug="sochi"))
    assert list(Event.objects.values_list("slug", flat=True)) == ["sochi"]


def test_database_refuses_duplicate_uid():
    first = EventFactory()

    assert _violates_database(EventFactory.build(uid=first.uid))


def test_database_refuses_unknown_kind_and_status():
    assert _violates_database(EventFactory.build(kind="party"))
    assert _violates_database(EventFactory.build(status="maybe"))


def test_database_refuses_exercise_without_series():
    assert _violates_database(ExerciseFactory.build(series=None, slug="x-2013"))


def test_database_refuses_second_exercise_of_a_series_in_one_year():
    first = ExerciseFactory(start_date=dt.date(2013, 9, 19), end_date=dt.date(2013, 9, 25))

    second = ExerciseFactory.build(
        series=first.series, series_year=2013, slug="again", start_date=dt.date(2013, 11, 1)
    )

    assert _violates_database(second)


def test_database_refuses_overlapping_terms():
    TermFactory(country="KG", start_date=dt.date(2012, 12, 19), end_date=dt.date(2013, 9, 23))

    overlapping = TermFactory.build(
        country="RU", start_date=dt.date(2013, 9, 1), end_date=dt.date(2014, 12, 31)
    )

    assert _violates_database(overlapping)
    assert list(Event.objects.values_list("country", flat=True)) == ["KG"]


def test_database_refuses_term_moved_onto_another_by_update():
    TermFactory(country="KG", start_date=dt.date(2012, 12, 19), end_date=dt.date(2013, 9, 23))
    later = TermFactory(
        country="RU", start_date=dt.date(2013, 9, 23), end_date=dt.date(2014, 12, 1)
    )

    later.start_date = dt.date(2013, 6, 1)

    assert _violates_database(later)


def test_database_lets_terms_share_the_handover_day():
    TermFactory(country="KG", start_date=dt.date(2012, 12, 19), end_date=dt.date(2013, 9, 23))

    following = TermFactory.build(
        country="RU", start_date=dt.date(2013, 9, 23), end_date=dt.date(2014, 12, 31)
    )

    assert not _violates_database(following)
    assert Event.objects.filter(kind=Kind.TERM).count() == 2


def test_terms_overlap_guard_is_the_databases_own():
    """The guard is a PostgreSQL exclusion constraint or SQLite triggers, not only Python."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT contype FROM pg_constraint WHERE conname = 'event_terms_never_overlap'"
            )
            assert cursor.fetchall() == [("x",)]
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            assert cursor.fetchall() == [
                ("event_terms_never_overlap_insert",),
                ("event_terms_never_overlap_update",),
            ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_a_page_of_a_window_is_found_through_the_days_index():
    """With statistics on each event's days, the planner knows a month holds few of
    many events: a page of them (the API orders and limits a window) comes from
    the GiST index, not from walking the dates' B-tree from the first event."""
    first, now = dt.date(1990, 1, 1), timezone.now()
    Event.objects.bulk_create(
        Event(
            kind=Kind.SUMMIT,
            title_en=f"Session {number}",
            slug=f"session-{number}",
            start_date=first + dt.timedelta(days=number),
            end_date=first + dt.timedelta(days=number + number % 3),
            created_at=now,
            updated_at=now,
        )
        for number in range(20_000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")
    window = Event.objects.public().overlapping(dt.date(2013, 9, 1), dt.date(2013, 9, 30))

    plan = window.chronological()[:31].explain()

    assert "event_days_gist" in plan, plan
    assert len(window.chronological()[:31]) == 31


# Validation: the same rules, explained on the field they concern.


def _errors(event: Event) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    return caught.value.message_dict


def test_validation_explains_end_before_start():
    event = EventFactory.build(start_date=dt.date(2013, 9, 25), end_date=dt.date(2013, 9, 19))

    assert _errors(event) == {"end_date": ["The end cannot be before the start."]}


def test_validation_names_the_overlapping_term():
    TermFactory(country="KG", start_date=dt.date(2012, 12, 19), end_date=dt.date(2013, 9, 23))
    overlapping = TermFactory.build(
        country="RU", start_date=dt.date(2013, 9, 1), end_date=dt.date(2014, 12, 31)
    )

    assert _errors(overlapping) == {
        "start_date": [
            "This term overlaps Chairmanship: Kyrgyzstan (19 December 2012 – 23 September "
            "2013). Terms may share only the handover day; change one of them first."
        ]
    }


def test_validation_accepts_term_starting_on_the_handover_day():
    TermFactory(country="KG", start_date=dt.date(2012, 12, 19), end_date=dt.date(2013, 9, 23))
    following = TermFactory.build(
        country="RU", start_date=dt.date(2013, 9, 23), end_date=dt.date(2014, 12, 31)
    )

    following.full_clean()


def test_validation_refuses_dates_that_do_not_fit_their_precision():
    event = EventFactory.build(
        start_date=dt.date(2014, 3, 5),
        start_precision=Precision.YEAR,
        end_date=dt.date(2014, 11, 30),
        end_precision=Precision.MONTH,
    )

    assert _errors(event) == {
        "start_date": [
            "A start known only to the year is stored as 2014-01-01; 2014-03-05 does not "
            "fit that precision."
        ]
    }


def test_validation_needs_a_real_time_zone_for_timed_events():
    event = EventFactory.build(
        start_time=dt.time(10), end_time=dt.time(12), time_zone="Europe/Atlantis"
    )

    assert _errors(event) == {"time_zone": ["Europe/Atlantis is not an IANA time zone."]}


def test_validation_needs_series_for_exercise_and_title_for_others():
    exercise = ExerciseFactory.build(series=None, series_year=None, slug="x")
    summit = EventFactory.build(title_en="")

    assert _errors(exercise) == {
        "series": ["An exercise belongs to a series."],
        "series_year": ["Give the year in the exercise's name, e.g. 2013."],
    }
    assert _errors(summit) == {"title_en": ["Give the event an English title."]}


def test_validation_reports_duplicate_slug():
    EventFactory(slug="sochi")

    assert _errors(EventFactory.build(slug="sochi")) == {
        "slug": ["Event with this Slug already exists."]
    }


# Names, identity and revisions.


def test_exercise_name_is_derived_from_series_and_year_in_both_languages():
    series = ExerciseSeriesFactory(
        slug="interaction", name_en="Interaction", name_ru="Взаимодействие"
    )
    event = ExerciseFactory(series=series, series_year=2013)

    with translation.override("ru"):
        russian = event.display_name

    assert (event.display_name, russian, event.slug) == (
        "Interaction-2013",
        "Взаимодействие-2013",
        "interaction-2013",
    )


def test_term_name_is_derived_from_chair_country_in_both_languages():
    term = TermFactory(country="KG")

    with translation.override("ru"):
        russian = term.display_name

    assert (term.display_name, russian) == (
        "Chairmanship: Kyrgyzstan",
        "Председательство: Кыргызстан",
    )


def test_revision_rises_on_a_change_subscribers_see_and_uid_stays():
    event = EventFactory(title_en="Session", start_date=dt.date(2013, 9, 23))
    uid, created = event.uid, event.updated_at

    event.title_en = "Session, Sochi"
    event.save()
    event.start_date = event.end_date = dt.date(2013, 9, 24)
    event.save()
    event.refresh_from_db()

    assert (event.uid, event.revision) == (uid, 2)
    assert event.updated_at > created


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", Status.CANCELLED),
        ("place_en", "Sochi"),
        ("country", "KZ"),
        ("participants", ["BY", "RU"]),
        ("end_date", dt.date(2013, 9, 30)),
    ],
)
def test_revision_rises_on_each_subscriber_field(field, value):
    event = EventFactory()

    setattr(event, field, value)
    event.save()
    event.refresh_from_db()

    assert event.revision == 1


def test_revision_and_updated_stay_on_a_save_that_changes_nothing():
    event = EventFactory()
    event = Event.objects.get(pk=event.pk)
    before = (event.revision, event.updated_at)

    event.save()
    event.refresh_from_db()

    assert (event.revision, event.updated_at) == before


def test_source_correction_moves_updated_but_not_revision():
    event = EventFactory()
    before = event.updated_at

    event.source_quote = "A corrected quote."
    event.save()
    event.refresh_from_db()

    assert event.revision == 0
    assert event.updated_at > before


def test_uid_is_a_uuid_and_never_editable():
    event = EventFactory()

    assert isinstance(event.uid, uuid.UUID)
    assert Event._meta.get_field("uid").editable is False


def test_ical_end_is_the_day_after_the_inclusive_end():
    event = EventFactory.build(start_date=dt.date(2013, 9, 19), end_date=dt.date(2013, 9, 25))

    assert event.ical_end == dt.date(2013, 9, 26)


def test_timed_event_is_an_aware_instant_in_its_zone():
    event = EventFactory.build(
        start_time=dt.time(10), end_time=dt.time(12, 30), time_zone="Europe/Moscow"
    )

    # Moscow kept UTC+4 all year in 2013.
    assert event.starts_at.astimezone(dt.UTC) == dt.datetime(2013, 9, 23, 6, tzinfo=dt.UTC)
    assert event.ends_at.astimezone(dt.UTC) == dt.datetime(2013, 9, 23, 8, 30, tzinfo=dt.UTC)


def test_overlapping_finds_events_touching_the_window_and_uncertain_years():
    EventFactory(slug="before", start_date=dt.date(2013, 8, 1), end_date=dt.date(2013, 8, 31))
    EventFactory(slug="edge", start_date=dt.date(2013, 8, 25), end_date=dt.date(2013, 9, 1))
    EventFactory(slug="inside", start_date=dt.date(2013, 9, 20))
    EventFactory(
        slug="year",
        start_date=dt.date(2013, 1, 1),
        start_precision=Precision.YEAR,
        end_date=dt.date(2013, 12, 31),
        end_precision=Precision.YEAR,
    )
    EventFactory(slug="undated", start_date=None, end_date=None)

    found = Event.objects.overlapping(dt.date(2013, 9, 1), dt.date(2013, 9, 30)).chronological()

    assert [e.slug for e in found] == ["year", "edge", "inside"]


@given(
    day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    precision=st.sampled_from(Precision.values),
)
def test_period_bounds_contain_the_day_and_are_stable(day, precision):
    start, end = period_start(day, precision), period_end(day, precision)

    assert start <= day <= end
    assert (period_start(start, precision), period_end(end, precision)) == (start, end)
    if precision == Precision.DAY:
        assert start == end == day


def test_control_characters_never_reach_the_database():
    event = EventFactory(
        title_en="Drill\x00 one\x07", place_en="Minsk\r\nsector 2", description_en="a\tb\x1bc"
    )
    event.refresh_from_db()

    assert (event.title_en, event.place_en, event.description_en) == (
        "Drill one",
        "Minsk\nsector 2",
        "a\tbc",
    )
