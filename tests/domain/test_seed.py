"""`loadseed`: every fact of the 2013 statement, exactly, and idempotent."""

import datetime as dt
import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from events.models import Event, ExerciseSeries
from events.seed import statement_2013

pytestmark = pytest.mark.django_db

D = dt.date

# slug: (English name, Russian name, kind, country, start, start precision, end,
#        end precision, status)
EXPECTED = {
    "csc-session-2012-moscow": (
        "Collective Security Council session, Moscow",
        "Сессия Совета коллективной безопасности, Москва",
        "summit", "RU", D(2012, 12, 1), "month", D(2012, 12, 31), "month", "confirmed",
    ),
    "chairmanship-kyrgyzstan-2012": (
        "Chairmanship: Kyrgyzstan",
        "Председательство: Кыргызстан",
        "term", "KG", D(2012, 12, 1), "month", D(2013, 9, 23), "day", "confirmed",
    ),
    "csc-informal-summit-2013-bishkek": (
        "Informal Collective Security Council summit, Bishkek",
        "Неформальный саммит Совета коллективной безопасности, Бишкек",
        "summit", "KG", D(2013, 5, 1), "month", D(2013, 5, 31), "month", "confirmed",
    ),
    "interaction-2013": (
        "Interaction-2013",
        "Взаимодействие-2013",
        "exercise", "BY", D(2013, 9, 19), "day", D(2013, 9, 25), "day", "confirmed",
    ),
    "grom-2013": (
        "Grom-2013",
        "Гром-2013",
        "exercise", "KG", D(2013, 9, 20), "day", D(2013, 9, 20), "day", "confirmed",
    ),
    "csc-session-2013-sochi": (
        "Collective Security Council session, Sochi",
        "Сессия Совета коллективной безопасности, Сочи",
        "summit", "RU", D(2013, 9, 23), "day", D(2013, 9, 23), "day", "confirmed",
    ),
    "chairmanship-russia-2013": (
        "Chairmanship: Russia",
        "Председательство: Россия",
        "term", "RU", D(2013, 9, 23), "day", D(2014, 12, 31), "year", "confirmed",
    ),
    "military-cooperation-plan-2020": (
        "Activity plan for military cooperation through 2020",
        "План военного сотрудничества до 2020 года",
        "milestone", "", D(2013, 9, 23), "day", D(2020, 12, 31), "year", "confirmed",
    ),
    "unbreakable-brotherhood-2013": (
        "Unbreakable Brotherhood-2013",
        "Нерушимое братство-2013",
        "exercise", "RU", D(2013, 10, 7), "day", D(2013, 10, 11), "day", "confirmed",
    ),
    "csc-session-2014": (
        "Next Collective Security Council session",
        "Следующая сессия Совета коллективной безопасности",
        "summit", "", D(2014, 1, 1), "year", D(2014, 12, 31), "year", "tentative",
    ),
    "budget-2014": (
        "CSTO budget for 2014",
        "Бюджет ОДКБ на 2014 год",
        "milestone", "", D(2014, 1, 1), "year", D(2014, 12, 31), "year", "confirmed",
    ),
    "operation-drug-trafficking": (
        "Regular operation against drug trafficking",
        "Регулярная операция против незаконного оборота наркотиков",
        "operation", "", None, "day", None, "day", "confirmed",
    ),
    "operation-illegal-immigration": (
        "Regular operation against illegal immigration",
        "Регулярная операция против незаконной миграции",
        "operation", "", None, "day", None, "day", "confirmed",
    ),
    "operation-information-crime": (
        "Regular operation against crime in the information area",
        "Регулярная операция против преступлений в информационной сфере",
        "operation", "", None, "day", None, "day", "confirmed",
    ),
}  # fmt: skip


def _row(event: Event) -> tuple:
    with translation.override("ru"):
        russian = event.display_name
    return (
        event.display_name,
        russian,
        event.kind,
        event.country.code or "",
        event.start_date,
        event.start_precision,
        event.end_date,
        event.end_precision,
        event.status,
    )


def test_loadseed_loads_every_fact_of_the_statement(seeded):
    events = Event.objects.for_display().chronological()

    assert {event.slug: _row(event) for event in events} == EXPECTED
    assert list(events.values_list("slug", flat=True)) == list(EXPECTED)


def test_loadseed_places_and_informal_summit(seeded):
    places = dict(Event.objects.exclude(place_en="").values_list("slug", "place_en"))
    informal = list(Event.objects.filter(informal=True).values_list("slug", flat=True))

    assert places == {
        "csc-session-2012-moscow": "Moscow",
        "csc-informal-summit-2013-bishkek": "Bishkek",
        "csc-session-2013-sochi": "Sochi",
    }
    assert informal == ["csc-informal-summit-2013-bishkek"]


def test_loadseed_series_in_both_languages(seeded):
    series = ExerciseSeries.objects.order_by("slug").values_list("slug", "name_en", "name_ru")

    assert list(series) == [
        ("grom", "Grom", "Гром"),
        ("interaction", "Interaction", "Взаимодействие"),
        ("unbreakable-brotherhood", "Unbreakable Brotherhood", "Нерушимое братство"),
    ]


def test_every_seeded_event_cites_the_statement_with_a_sentence_of_it(seeded):
    statement = statement_2013.STATEMENT_PATH.read_text(encoding="utf-8")
    sentences = {line.strip() for line in statement.splitlines()}

    for event in Event.objects.all():
        assert event.source_title == statement_2013.SOURCE["source_title"]
        assert event.source_date == D(2013, 9, 23)
        assert event.source_quote in statement, event.slug
        assert any(event.source_quote in line for line in sentences), event.slug


def test_shipped_statement_is_the_shared_source_document():
    """The project carries its own copy; it must say what the source says."""
    shared = Path(settings.BASE_DIR).parent / "shared" / "seed" / "statement-2013.txt"
    if not shared.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide the shared source document at {shared}")
        pytest.skip("../shared is not beside this checkout")

    assert statement_2013.STATEMENT_PATH.read_bytes() == shared.read_bytes()
    assert statement_2013.STATEMENT_PATH.is_relative_to(settings.BASE_DIR)


def test_seed_uids_are_stable_across_installations(seeded):
    uids = dict(Event.objects.values_list("slug", "uid"))

    assert uids == {slug: statement_2013.seed_uid(slug) for slug in EXPECTED}
    assert str(uids["interaction-2013"]) == str(statement_2013.seed_uid("interaction-2013"))


def _state():
    return list(
        Event.objects.order_by("slug").values_list("slug", "uid", "revision", "updated_at")
    ) + list(ExerciseSeries.objects.order_by("slug").values_list("slug", "pk"))


def test_loadseed_twice_changes_nothing():
    out = StringIO()
    call_command("loadseed", stdout=out)
    first = _state()

    call_command("loadseed", stdout=out)
    call_command("loadseed", "--reset", stdout=out)

    assert _state() == first
    assert len(first) == 14 + 3
    assert out.getvalue().splitlines() == [
        "Seed loaded: 14 created, 0 reset, 0 unchanged.",
        "Seed loaded: 0 created, 0 reset, 14 unchanged.",
        "Seed loaded: 0 created, 0 reset, 14 unchanged.",
    ]


def test_loadseed_keeps_editors_changes_unless_reset(seeded):
    event = Event.objects.get(slug="csc-session-2013-sochi")
    event.place_en = "Sochi, Bocharov Ruchei"
    event.save()

    call_command("loadseed", stdout=StringIO())
    kept = Event.objects.get(slug="csc-session-2013-sochi")
    call_command("loadseed", "--reset", stdout=StringIO())
    reset = Event.objects.get(slug="csc-session-2013-sochi")

    assert (kept.place_en, kept.revision) == ("Sochi, Bocharov Ruchei", 1)
    assert (reset.place_en, reset.revision) == ("Sochi", 2)


def test_loadseed_recreates_a_deleted_event_with_its_uid(seeded):
    Event.objects.filter(slug="grom-2013").delete()

    call_command("loadseed", stdout=StringIO())

    assert Event.objects.get(slug="grom-2013").uid == statement_2013.seed_uid("grom-2013")
