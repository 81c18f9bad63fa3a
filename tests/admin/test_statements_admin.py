"""Statements in admin: adding one with its text, and reviewing what it proposes."""

from __future__ import annotations

import threading

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection
from django.test import Client

from events.models import Citation, Event, ExerciseSeries, Statement
from tests.conftest import database_state, text_of

pytestmark = pytest.mark.django_db

ADD = "/admin/events/statement/add/"
TEXT = (
    "We have just ended the session of the Collective Security Council in Moscow.\n"
    "Next year, the exercise Search-2015 will be held in Kazakhstan from 3 to 7 October. "
    "Thank you."
)


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def _fields(**changes) -> dict:
    return {
        "slug": "moscow-2014",
        "title_en": "Statement after the Moscow session",
        "title_ru": "",
        "date": "2014-12-23",
        "language": "en",
        "place_en": "Moscow",
        "place_ru": "Москва",
        "publisher_en": "",
        "publisher_ru": "",
        "url": "",
        "text": TEXT,
        "translation": "",
        **changes,
    }


def _errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [text_of(li) for li in soup.select(".errorlist li")]


def test_adding_a_statement_keeps_its_sentences_and_opens_the_review(editor_client):
    response = editor_client.post(ADD, _fields())

    statement = Statement.objects.get(slug="moscow-2014")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/events/statement/{statement.pk}/review/"
    assert [s.text_en for s in statement.sentences.all()] == [
        "We have just ended the session of the Collective Security Council in Moscow.",
        "Next year, the exercise Search-2015 will be held in Kazakhstan from 3 to 7 October.",
        "Thank you.",
    ]
    assert [s.paragraph for s in statement.sentences.all()] == [1, 2, 2]


def test_a_text_file_pasted_html_and_control_characters_become_plain_text(editor_client):
    upload = SimpleUploadedFile(
        "statement.txt",
        b"<p>Grom-2015 &amp; more\x07 in Kyrgyzstan in 2015.</p><p>Second <b>one</b>.</p>",
    )

    editor_client.post(ADD, _fields(text="ignored: the file wins", text_file=upload))

    statement = Statement.objects.get()
    assert statement.text("en") == "Grom-2015 & more in Kyrgyzstan in 2015.\nSecond one."


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"text": "  \n "}, "Paste the statement's text or choose a text file."),
        ({"text": "x" * 200_001}, "The text is longer than 200 KB."),
        (
            {"text_file": SimpleUploadedFile("s.txt", b"\xff\xfe\x00W")},
            "The file is not UTF-8 text.",
        ),
        (
            {"language": "de"},
            "Select a valid choice. de is not one of the available choices.",
        ),
        (
            {"translation": "Мы завершили сессию. Следующий год. Спасибо. Ещё одно."},
            "The translation has 4 sentences and the text 3: give one sentence for each, "
            "in the same order.",
        ),
        (
            {"text": "We had a frank exchange of views. Thank you."},
            "No events found in this text: it names no dated exercise, session, "
            "chairmanship, operation or decision.",
        ),
    ],
    ids=["empty", "too-long", "not-utf8", "language", "translation", "no-events"],
)
def test_bad_statement_input_is_explained_and_writes_nothing(editor_client, changes, error):
    before = database_state()

    response = editor_client.post(ADD, _fields(**changes))

    assert response.status_code == 200
    assert error in _errors(response)
    assert database_state() == before
    assert not Statement.objects.exists()


def test_editing_a_statement_shows_its_text_and_keeps_a_translation(editor_client, seeded):
    statement = Statement.objects.get()
    page = editor_client.get(f"/admin/events/statement/{statement.pk}/change/")
    soup = BeautifulSoup(page.content, "html.parser")

    assert (
        soup.select_one("#id_text").text.lstrip().startswith("President of Russia Vladimir Putin:")
    )
    assert soup.select_one("#id_translation").text.lstrip().startswith("Президент России")
    review = soup.find("a", string="Review proposed events")
    assert review["href"] == f"/admin/events/statement/{statement.pk}/review/"


# Review ----------------------------------------------------------------------


def _review(client, statement):
    response = client.get(f"/admin/events/statement/{statement.pk}/review/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _form_data(soup, accept: set[int] | None = None, **changes) -> dict:
    data = {"count": soup.select_one("input[name=count]")["value"]}
    for field in soup.select(".proposal input, .proposal select"):
        name = field["name"]
        if field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = "on"
        else:
            data[name] = field.get("value", "")
    if accept is not None:
        for key in [k for k in data if k.endswith("-accept")]:
            del data[key]
        data.update({f"p{n}-accept": "on" for n in accept})
    data.update(changes)
    return data


def test_the_seed_statement_proposes_its_own_events_as_already_in_the_calendar(
    editor_client, seeded
):
    soup = _review(editor_client, Statement.objects.get())

    matched = [a.text for a in soup.select(".proposal-match a")]
    assert "grom-2013" in matched
    assert "interaction-2013" in matched
    assert not soup.select(".proposal-new")
    assert soup.select("mark#s7")  # the exercises' sentence is marked in the text


def test_accepting_creates_only_the_checked_events_and_cites_their_sentences(editor_client):
    editor_client.post(ADD, _fields())
    statement = Statement.objects.get()
    soup = _review(editor_client, statement)
    legends = [text_of(legend) for legend in soup.select(".proposal legend")]
    search = next(i for i, legend in enumerate(legends) if "Search" in legend)

    response = editor_client.post(
        f"/admin/events/statement/{statement.pk}/review/", _form_data(soup, accept={search})
    )

    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.kind, event.series.name_en, event.series_year, event.country.code) == (
        "exercise",
        "Search",
        2015,
        "KZ",
    )
    assert (str(event.start_date), str(event.end_date)) == ("2015-10-03", "2015-10-07")
    assert [c.sentence.position for c in Citation.objects.filter(event=event)] == [2]
    assert event.history.first().history_change_reason == (
        "From the statement “Statement after the Moscow session”"
    )
    assert ExerciseSeries.objects.filter(name_en="Search").count() == 1


def test_a_wrong_accepted_proposal_saves_nothing_and_says_which(editor_client):
    editor_client.post(ADD, _fields())
    statement = Statement.objects.get()
    soup = _review(editor_client, statement)
    before = database_state()

    data = _form_data(soup, **{"p0-start_date": "2015-10-09", "p0-end_date": "2015-10-01"})
    response = editor_client.post(f"/admin/events/statement/{statement.pk}/review/", data)

    assert response.status_code == 200
    problems = [
        text_of(li)
        for li in BeautifulSoup(response.content, "html.parser").select(".review-problems li")
    ]
    assert problems[0].startswith("Proposal 1")
    assert problems[-1] == "Nothing was saved."
    assert database_state() == before


def test_a_quote_not_in_the_statement_is_refused(editor_client):
    editor_client.post(ADD, _fields())
    statement = Statement.objects.get()
    soup = _review(editor_client, statement)

    data = _form_data(soup, accept={0}, **{"p0-quote": "A sentence nobody wrote."})
    response = editor_client.post(f"/admin/events/statement/{statement.pk}/review/", data)

    assert "The quote is not in the statement's text." in _errors(response)
    assert not Event.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_editors_accepting_the_same_proposals_make_one_event_each(editor):
    """On PostgreSQL two threads, each with its own connection, accept at once; SQLite
    writes one at a time, so there they come one after another."""
    first = Client()
    first.force_login(editor)
    first.post(ADD, _fields())
    statement = Statement.objects.get()
    data = _form_data(_review(first, statement))
    url = f"/admin/events/statement/{statement.pk}/review/"
    parallel = connection.vendor == "postgresql"
    barrier = threading.Barrier(2 if parallel else 1)
    answers: list[int] = []

    def accept() -> None:
        client = Client()
        client.force_login(editor)
        barrier.wait()
        try:
            answers.append(client.post(url, data).status_code)
        finally:
            close_old_connections()
            connection.close()

    if parallel:
        threads = [threading.Thread(target=accept) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        accept()
        accept()

    assert answers == [302, 302]
    slugs = list(Event.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == int(data["count"])
    assert Event.objects.filter(series__name_en="Search").count() == 1


def test_accepting_an_update_raises_the_events_revision_and_names_the_statement(
    editor_client, seeded
):
    event = Event.objects.get(slug="csc-session-2014")
    revision = event.revision
    text = "The Collective Security Council session will be held in Moscow on 23 December 2014."
    editor_client.post(ADD, _fields(text=text))
    statement = Statement.objects.get(slug="moscow-2014")
    soup = _review(editor_client, statement)
    assert [a.text for a in soup.select(".proposal-match a")] == ["csc-session-2014"]
    assert "dates: 2014 → 23 December 2014" in [
        text_of(li) for li in soup.select(".proposal-changes li")
    ]

    editor_client.post(f"/admin/events/statement/{statement.pk}/review/", _form_data(soup))

    event.refresh_from_db()
    assert (str(event.start_date), event.start_precision) == ("2014-12-23", "day")
    assert event.revision == revision + 1
    assert Event.objects.count() == 14
    assert event.history.first().history_change_reason == (
        "From the statement “Statement after the Moscow session”"
    )
    assert [
        c.sentence.statement.slug for c in event.citations.order_by("sentence__statement__date")
    ] == [
        "csc-session-sochi-2013",
        "moscow-2014",
    ]


def test_a_vaguer_statement_never_makes_a_firm_date_vaguer(editor_client, seeded):
    event = Event.objects.get(slug="grom-2013")
    text = "The exercise Grom-2013 will be held in Kyrgyzstan this year."
    editor_client.post(ADD, _fields(slug="later", date="2013-10-01", text=text))
    statement = Statement.objects.get(slug="later")
    soup = _review(editor_client, statement)
    assert [a.text for a in soup.select(".proposal-match a")] == ["grom-2013"]

    editor_client.post(f"/admin/events/statement/{statement.pk}/review/", _form_data(soup))

    event.refresh_from_db()
    assert (str(event.start_date), str(event.end_date), event.start_precision) == (
        "2013-09-20",
        "2013-09-20",
        "day",
    )
    assert event.citations.filter(sentence__statement=statement).exists()
