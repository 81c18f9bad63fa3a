"""`proposeevents`: a statement's proposals, matched against the calendar, nothing written."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from events.seed import statement_2013

pytestmark = pytest.mark.django_db

KEYS = {
    "kind", "series", "series_year", "country", "start_date", "start_precision",
    "end_date", "end_precision", "name_en", "name_ru", "quote", "match",
}  # fmt: skip


def run(*args: str) -> str:
    out = StringIO()
    call_command("proposeevents", *args, stdout=out)
    return out.getvalue()


def seed_json() -> list[dict]:
    return json.loads(
        run(str(statement_2013.STATEMENT_PATH), "--date", "2013-09-23", "--lang", "en", "--json")
    )


def test_the_seed_statement_proposes_each_seed_event_matched_to_it(seeded):
    proposals = seed_json()

    assert sorted(p["match"] for p in proposals) == sorted(e["slug"] for e in statement_2013.EVENTS)
    for proposal in proposals:
        assert set(proposal) == KEYS
        event = Event.objects.get(slug=proposal["match"])
        assert proposal["kind"] == event.kind
        assert proposal["start_date"] == (event.start_date and event.start_date.isoformat())


def test_it_writes_nothing(seeded):
    before = list(Event.objects.values_list("slug", "revision", "updated_at"))

    seed_json()

    assert list(Event.objects.values_list("slug", "revision", "updated_at")) == before


def test_without_the_seed_nothing_matches(db):
    proposals = seed_json()

    assert len(proposals) == len(statement_2013.EVENTS)
    assert {p["match"] for p in proposals} == {None}
    grom = next(p for p in proposals if p["series"] == "Grom")
    assert (grom["start_date"], grom["start_precision"]) == ("2013-09-20", "day")


def test_a_later_statement_shows_what_it_changes(seeded, tmp_path):
    statement = tmp_path / "moscow.txt"
    statement.write_text(
        "We have just ended the session of the CSTO Collective Security Council here in Moscow.\n",
        encoding="utf-8",
    )

    out = run(str(statement), "--date", "2014-12-23", "--lang", "en")

    assert "already in the calendar as csc-session-2014" in out
    assert "dates: 2014 → 23 December 2014" in out
    assert "place: — → Moscow" in out


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ("--date", "2013-09-23", "--lang", "en"), "Cannot read"),
        (b"\xff\xfe bad", ("--date", "2013-09-23", "--lang", "en"), "not UTF-8"),
        (b"  \n ", ("--date", "2013-09-23", "--lang", "en"), "no text"),
        (b"Grom-2013.", ("--date", "2013-13-40", "--lang", "en"), "not a date"),
        (b"Grom-2013.", ("--date", "2013-09-23", "--lang", "de"), "not one of en, ru"),
    ],
)
def test_bad_input_is_a_clear_command_error(db, tmp_path, content, args, message):
    path = tmp_path / "statement.txt"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(str(path), *args)
