"""Statements as documents: their sentences in both languages, and what cites them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.domain.seeding import seed_load
from events.domain.statements import TextMismatch, keep_text, sentences_quoted
from events.models import Citation, Event, Statement, StatementSentence
from events.seed import statement_2013

pytestmark = pytest.mark.django_db


def test_the_seed_statement_is_a_document_in_both_languages(seeded):
    statement = Statement.objects.get(slug="csc-session-sochi-2013")

    assert statement.date == dt.date(2013, 9, 23)
    assert statement.languages() == ["en", "ru"]
    english = statement_2013.STATEMENT_PATH.read_text(encoding="utf-8")
    assert statement.text("en") == english.strip()
    assert statement.text("ru").startswith("Президент России Владимир Путин: Добрый день, друзья!")
    assert statement.text("ru").count("\n") == english.strip().count("\n")
    assert all(s.text_en and s.text_ru for s in statement.sentences.all())


def test_every_seed_event_cites_the_sentence_its_quote_comes_from(seeded):
    for spec in statement_2013.EVENTS:
        event = Event.objects.get(slug=spec["slug"])
        cited = [c.sentence for c in event.citations.all()]
        assert [s.text_en for s in cited] == [" ".join(spec["source_quote"].split())], spec["slug"]
        assert cited[0].text_ru


def test_seeding_again_cites_nothing_twice(seeded):
    before = Citation.objects.count()

    seed_load()
    seed_load(reset=True)

    assert Citation.objects.count() == before == len(statement_2013.EVENTS)
    assert StatementSentence.objects.count() == 33


def test_a_translation_must_match_the_original_sentence_by_sentence(seeded):
    statement = Statement.objects.get()
    before = list(statement.sentences.values_list("text_en", "text_ru"))

    with pytest.raises(TextMismatch, match="The ru text has 1 sentences and the original 2"):
        keep_text(statement, {"en": "One. Two.", "ru": "Одно и два."})

    assert list(statement.sentences.values_list("text_en", "text_ru")) == before


def test_new_text_keeps_the_citations_of_sentences_that_remain(seeded):
    statement = Statement.objects.get()
    grom = Event.objects.get(slug="grom-2013")
    position = grom.citations.get().sentence.position
    sentences = [s.text_en for s in statement.sentences.all()]

    keep_text(statement, {"en": "\n".join(sentences[: position + 1]), "ru": ""})

    assert statement.sentences.count() == position + 1
    assert grom.citations.get().sentence.position == position
    assert statement.languages() == ["en", "ru"]  # the Russian of the kept sentences stays


def test_a_quote_spanning_two_sentences_cites_both(seeded):
    statement = Statement.objects.get()

    cited = sentences_quoted(
        statement, "We have adopted a communiqué following our meeting. It sets"
    )

    assert [s.position for s in cited] == [3, 4]
    assert sentences_quoted(statement, "Not in the statement.") == []


@pytest.mark.django_db(transaction=True)
def test_sources_recorded_before_statements_become_statements():
    executor = MigrationExecutor(connection)
    executor.migrate([("events", "0009_one_calendar_order")])
    old = executor.loader.project_state([("events", "0009_one_calendar_order")]).apps
    OldEvent = old.get_model("events", "Event")
    now = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    common = {"kind": "summit", "created_at": now, "updated_at": now, "title_en": "x"}
    seed_quote = statement_2013.QUOTE_CHAIRMANSHIP
    OldEvent.objects.create(slug="a", source_quote=seed_quote, **statement_2013.SOURCE, **common)
    OldEvent.objects.create(
        slug="b",
        source_title="Заявление",
        source_quote="Учения пройдут в 2016 году. Место уточняется.",
        **common,
    )
    OldEvent.objects.create(slug="c", **common)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    seed = Statement.objects.get(slug="csc-session-sochi-2013")
    assert seed.sentences.count() == 33
    assert seed.languages() == ["en", "ru"]
    assert [c.sentence.text_en for c in Citation.objects.filter(event__slug="a")] == [seed_quote]
    other = Statement.objects.get(title_ru="Заявление")
    assert (other.language, other.date, other.slug) == ("ru", now.date(), "statement-2020-01-01")
    assert [s.text_ru for s in other.sentences.all()] == [
        "Учения пройдут в 2016 году.",
        "Место уточняется.",
    ]
    assert Citation.objects.filter(event__slug="b").count() == 2
    assert not Citation.objects.filter(event__slug="c").exists()
    assert Event.objects.get(slug="a").source_quote == seed_quote  # kept, nothing lost
