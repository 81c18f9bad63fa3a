"""Events saved before Kyrgyzstan took its Russian name «Кыргызстан» are found by it,
and still by the old name, once the calendar is migrated."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import Event
from tests.factories import TermFactory

BEFORE = [("events", "0012_slug_help")]


@pytest.mark.django_db(transaction=True)
def test_events_naming_kyrgyzstan_are_found_by_its_new_name_after_migrating():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldEvent = executor.loader.project_state(BEFORE).apps.get_model("events", "Event")
    now = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    common = {"created_at": now, "updated_at": now, "title_en": "x"}
    OldEvent.objects.create(
        slug="host", kind="summit", country="KG", search_text="x бишкек киргизия", **common
    )
    OldEvent.objects.create(
        slug="guest", kind="summit", participants="KG,RU", search_text="x киргизия россия", **common
    )
    OldEvent.objects.create(
        slug="other", kind="summit", country="RU", search_text="x россия", **common
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    texts = dict(Event.objects.values_list("slug", "search_text"))
    assert texts == {
        "host": "x бишкек киргизия кыргызстан",
        "guest": "x киргизия россия кыргызстан",
        "other": "x россия",
    }


@pytest.mark.django_db
def test_an_event_saved_now_is_found_by_the_new_name():
    term = TermFactory(
        country="KG", start_date=dt.date(2012, 12, 19), end_date=dt.date(2013, 9, 23)
    )

    text = Event.objects.get(pk=term.pk).search_text
    # The name shown, and the older one a reader may still type.
    assert "кыргызстан" in text
    assert "киргизия" in text


@pytest.mark.django_db
def test_search_by_either_russian_name_finds_the_event(seeded, soup_of):
    for query in ("Кыргызстан", "Киргизия"):
        soup = soup_of(f"/ru/agenda/?q={query}")
        names = [a.get_text(" ", strip=True) for a in soup.select(".agenda-group a.event")]

        assert any("Гром-2013" in name for name in names), (query, names)
