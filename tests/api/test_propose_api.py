"""Proposals through the API: for editors, the same as the command, writing nothing."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from events.seed import statement_2013
from tests.conftest import database_state

pytestmark = pytest.mark.django_db

URL = "/api/statements/propose/"
SEED_TEXT = statement_2013.STATEMENT_PATH.read_text(encoding="utf-8")


def test_editors_get_the_commands_proposals_and_nothing_is_written(seeded, editor_api):
    before = database_state()
    out = StringIO()
    call_command(
        "proposeevents",
        str(statement_2013.STATEMENT_PATH),
        "--date=2013-09-23",
        "--lang=en",
        "--json",
        stdout=out,
    )

    response = editor_api.post(
        URL, {"text": SEED_TEXT, "date": "2013-09-23", "language": "en"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())
    assert {p["match"] for p in response.json()} == {e["slug"] for e in statement_2013.EVENTS}
    assert database_state() == before


def test_proposing_is_only_for_those_who_may_write_events(seeded, api, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="a long passphrase 1")
    body = {"text": SEED_TEXT, "date": "2013-09-23", "language": "en"}

    anonymous = api.post(URL, body, format="json")
    api.force_authenticate(reader)
    signed_in = api.post(URL, body, format="json")

    assert anonymous.status_code in (401, 403)
    assert signed_in.status_code == 403


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"text": " \x07\n", "date": "2014-01-01", "language": "en"},
         {"text": ["The text is empty."]}),
        ({"text": "x" * 200_001, "date": "2014-01-01", "language": "en"},
         {"text": ["Ensure this field has no more than 200000 characters."]}),
        ({"text": "Grom-2014.", "date": "2014-01-01", "language": "de"},
         {"language": ['"de" is not a valid choice.']}),
        ({"text": "Grom-2014.", "date": "٢٠١٤-٠١-٠١", "language": "en"},
         {"date": ["Write the date with the digits 0-9, like 2013-09-19."]}),
    ],
    ids=["empty", "too-long", "language", "digits"],
)  # fmt: skip
def test_bad_input_is_a_400_naming_the_field(editor_api, body, errors):
    before = database_state()

    response = editor_api.post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert database_state() == before


def test_a_text_without_events_gives_an_empty_list(editor_api):
    response = editor_api.post(
        URL,
        {"text": "Thank you for your attention.", "date": "2014-01-01", "language": "en"},
        format="json",
    )

    assert (response.status_code, response.json()) == (200, [])
