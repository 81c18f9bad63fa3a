"""Which saves are changes a reader would care about, and what each one keeps."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.enums import ChangeKind, Kind, Precision, Status
from events.models import Change, Event, Statement
from tests.factories import EventFactory, ExerciseFactory, TermFactory

pytestmark = pytest.mark.django_db


def kinds_of(event: Event) -> list[str]:
    return list(Change.objects.filter(event=event).order_by("id").values_list("kind", flat=True))


def test_a_new_published_event_is_added_with_what_a_reader_sees_of_it():
    exercise = ExerciseFactory(
        series_year=2014,
        start_date=dt.date(2014, 1, 1),
        start_precision=Precision.YEAR,
        end_date=dt.date(2014, 12, 31),
        end_precision=Precision.YEAR,
        place_en="Brest",
    )

    (change,) = Change.objects.filter(event=exercise)
    assert change.kind == ChangeKind.ADDED
    assert change.before == {}
    assert change.after["start_date"] == "2014-01-01"
    assert change.after["start_precision"] == "year"
    assert change.after["country"] == "BY"
    assert change.after["place_en"] == "Brest"
    assert change.at == exercise.created_at
    assert change.name_en == exercise.name_in("en")


def test_dates_made_precise_keep_before_and_after():
    exercise = ExerciseFactory(
        start_date=dt.date(2014, 1, 1),
        start_precision=Precision.YEAR,
        end_date=dt.date(2014, 12, 31),
        end_precision=Precision.YEAR,
    )
    exercise.start_date, exercise.end_date = dt.date(2014, 8, 18), dt.date(2014, 8, 22)
    exercise.start_precision = exercise.end_precision = Precision.DAY
    exercise.save()

    change = Change.objects.get(event=exercise, kind=ChangeKind.DATES)
    assert (change.before["start_date"], change.before["end_precision"]) == ("2014-01-01", "year")
    assert (change.after["start_date"], change.after["end_date"]) == ("2014-08-18", "2014-08-22")
    assert change.after["start_precision"] == "day"
    assert change.at == Event.objects.get(pk=exercise.pk).updated_at


def test_status_and_place_are_changes_of_their_own():
    summit = EventFactory(status=Status.TENTATIVE, place_en="Moscow")
    summit.status = Status.CANCELLED
    summit.country, summit.place_en = "KZ", "Astana"
    summit.save()

    assert kinds_of(summit) == [ChangeKind.ADDED, ChangeKind.STATUS, ChangeKind.PLACE]
    status = Change.objects.get(event=summit, kind=ChangeKind.STATUS)
    assert (status.before, status.after) == ({"status": "tentative"}, {"status": "cancelled"})
    place = Change.objects.get(event=summit, kind=ChangeKind.PLACE)
    assert place.before == {"country": "RU", "place_en": "Moscow", "place_ru": ""}
    assert place.after == {"country": "KZ", "place_en": "Astana", "place_ru": ""}


def test_saves_a_reader_cannot_see_are_not_changes():
    summit = EventFactory()
    summit.description_en = "A fuller description."
    summit.source_quote = "A sentence."
    summit.forces_en = "Staff"
    summit.save()
    summit.save()
    Event.objects.get(pk=summit.pk).save()

    assert kinds_of(summit) == [ChangeKind.ADDED]


def test_a_draft_is_added_when_published_and_never_before():
    draft = EventFactory(published=False, start_date=None, end_date=None)
    draft.start_date = draft.end_date = dt.date(2015, 5, 5)
    draft.status = Status.TENTATIVE
    draft.save()
    assert kinds_of(draft) == []

    draft.published = True
    draft.save()

    (added,) = Change.objects.filter(event=draft)
    assert added.kind == ChangeKind.ADDED
    assert added.after["start_date"] == "2015-05-05"
    assert added.after["status"] == "tentative"


def test_unpublishing_or_deleting_removes_the_event_and_keeps_its_story():
    hidden = EventFactory(title_en="Hidden session")
    hidden.published = False
    hidden.save()
    assert kinds_of(hidden) == [ChangeKind.ADDED, ChangeKind.REMOVED]

    gone = TermFactory()
    uid_before = Change.objects.get(event=gone).uid
    gone.delete()

    removed = Change.objects.get(kind=ChangeKind.REMOVED, event=None)
    assert removed.name_en == "Chairmanship: Kyrgyzstan"
    assert removed.before["start_date"] == "2012-12-19"
    # The entry of its addition stays, under the same id, without its event.
    kept = Change.objects.get(uid=uid_before)
    assert kept.event is None
    assert kept.kind == ChangeKind.ADDED


def test_a_deferred_field_is_not_read_as_changed():
    summit = EventFactory(kind=Kind.SUMMIT)
    partial = Event.objects.only("pk", "title_en", "slug", "kind", "published").get(pk=summit.pk)
    partial.title_en = "Renamed session"
    partial.save(update_fields=["title_en"])

    assert kinds_of(summit) == [ChangeKind.ADDED]


def test_a_new_statement_is_a_change():
    statement = Statement.objects.create(
        slug="s-2015", title_en="Statement of 2015", date=dt.date(2015, 3, 1)
    )
    statement.title_en = "Statement of 2015, revised"
    statement.save()

    (change,) = Change.objects.filter(statement=statement)
    assert change.kind == ChangeKind.STATEMENT
    assert change.name_en == "Statement of 2015"
    assert change.after == {"date": "2015-03-01"}


@pytest.mark.django_db(transaction=True)
def test_migrating_gives_what_is_already_on_the_calendar_its_added_entry():
    before = [("events", "0013_search_kyrgyzstan")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    OldEvent = apps.get_model("events", "Event")
    OldStatement = apps.get_model("events", "Statement")
    then = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    common = {"created_at": then, "updated_at": then, "kind": "summit", "title_en": "x"}
    OldEvent.objects.create(
        slug="shown", start_date=dt.date(2014, 1, 1), end_date=dt.date(2014, 1, 1), **common
    )
    OldEvent.objects.create(slug="draft", published=False, **common)
    OldStatement.objects.create(slug="old", title_en="Old statement", date=dt.date(2013, 9, 23))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    added = Change.objects.get(kind=ChangeKind.ADDED)
    assert added.event is not None
    assert added.event.slug == "shown"
    assert added.at == then
    assert added.after["start_date"] == "2014-01-01"
    statement = Change.objects.get(kind=ChangeKind.STATEMENT)
    assert statement.name_en == "Old statement"
    assert Change.objects.count() == 2

    # Deleted later, the event still names its entries.
    Event.objects.get(slug="shown").delete()
    assert Change.objects.get(kind=ChangeKind.ADDED).name_en == "x"
