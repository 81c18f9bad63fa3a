"""Statements for readers: /sources/, a statement's page, and the event page's citations."""

from __future__ import annotations

import datetime as dt

import pytest

from events.domain.statements import cite, cited_sources, keep_text, sentences_quoted
from events.models import Event, Statement
from tests.conftest import text_of

pytestmark = pytest.mark.django_db

SOCHI = "/sources/csc-session-sochi-2013/"
EXERCISES_EN = "In September-October this year, we will hold three big exercises:"
EXERCISES_RU = "В сентябре–октябре этого года мы проведём три крупных учения:"


def test_the_sources_list_names_each_statement_newest_first(seeded, soup_of):
    Statement.objects.create(slug="later", title_en="A later statement", date=dt.date(2014, 12, 23))

    english = soup_of("/sources/")
    russian = soup_of("/ru/sources/")

    assert [text_of(a) for a in english.select(".statement-list a")] == [
        "A later statement",
        "Statement by the President of Russia following the CSTO Collective Security "
        "Council session, Sochi",
    ]
    assert text_of(english.select(".statement-meta")[1]) == (
        "23 September 2013 , Sochi · President of Russia"
    )
    assert english.select_one('nav a[aria-current="page"]').text == "Sources"
    assert text_of(russian.select(".statement-list a")[1]).startswith(
        "Заявление Президента России по итогам сессии"
    )
    assert text_of(russian.select_one("h1")) == "Источники"


def test_a_statement_is_shown_in_the_readers_language_with_its_dates_marked(seeded, soup_of):
    english = soup_of(SOCHI)
    russian = soup_of("/ru" + SOCHI)

    text = english.select_one(".statement-text")
    assert text["lang"] == "en"
    assert "(original)" in text_of(text.h2)
    assert len(text.select("p")) == 20  # one per paragraph of the statement
    marked = text.select_one("#en-s7")
    assert marked.name == "mark"
    assert text_of(marked).startswith(EXERCISES_EN)
    links = marked.find_next_sibling("span", class_="cites").select("a")
    assert [a["href"] for a in links] == [
        "/events/interaction-2013/",
        "/events/grom-2013/",
        "/events/unbreakable-brotherhood-2013/",
    ]
    assert english.select_one("#en-s1").name == "span"  # a greeting gives no date
    assert text_of(english.select_one(".other-versions a")) == "Читать на русском (перевод)"

    ru_text = russian.select_one(".statement-text")
    assert ru_text["lang"] == "ru"
    assert "(перевод)" in text_of(ru_text.h2)
    assert text_of(russian.select_one("#ru-s7")).startswith(EXERCISES_RU)
    # Never the English text beside a Russian one: only a link to it.
    assert EXERCISES_EN not in russian.get_text()
    assert not russian.select(".notice")
    assert russian.select_one(".other-versions a")["href"] == SOCHI


def test_a_statement_without_the_readers_language_says_so(seeded, soup_of):
    statement = Statement.objects.create(
        slug="english-only", title_en="An English statement", date=dt.date(2014, 5, 1)
    )
    keep_text(statement, {"en": "The exercise will be held in 2015. Thank you."})

    russian = soup_of("/ru/sources/english-only/")

    assert russian.select_one(".statement-text")["lang"] == "en"
    assert text_of(russian.select_one(".notice")) == (
        "У этого заявления нет перевода на ваш язык; оно показано на языке оригинала."
    )
    assert not russian.select(".other-versions")


def test_an_unknown_statement_is_a_404(seeded, client):
    response = client.get("/sources/nothing-like-it/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_event_page_cites_its_sentence_in_the_readers_language(seeded, soup_of):
    english = soup_of("/events/grom-2013/")
    russian = soup_of("/ru/events/grom-2013/")

    quote = english.select_one(".source blockquote")
    assert quote["lang"] == "en"
    assert text_of(quote).startswith(EXERCISES_EN)
    caption = english.select_one(".source figcaption a")
    assert caption["href"] == SOCHI + "#en-s7"
    assert (
        text_of(english.select_one(".date-steps"))
        == "Announced 23 September 2013 : 20 September 2013"
    )

    ru_quote = russian.select_one(".source blockquote")
    assert ru_quote["lang"] == "ru"
    assert text_of(ru_quote).startswith(EXERCISES_RU)
    assert russian.select_one(".source figcaption a")["href"] == "/ru" + SOCHI + "#ru-s7"
    assert EXERCISES_EN not in russian.get_text()
    assert text_of(russian.select_one(".date-steps")).startswith("Объявлено 23 сентября 2013")


def test_an_untranslated_citation_is_shown_in_its_original_and_marked(seeded, soup_of):
    event = Event.objects.get(slug="csc-session-2014")
    statement = Statement.objects.create(
        slug="moscow-2014",
        title_en="Statement after the Moscow session",
        date=dt.date(2014, 12, 23),
    )
    keep_text(statement, {"en": "Today's session in Moscow ended. We thank Russia."})
    cite(event, sentences_quoted(statement, "Today's session in Moscow ended."))

    russian = soup_of("/ru/events/csc-session-2014/")

    quotes = russian.select(".source blockquote")
    assert [q["lang"] for q in quotes] == ["ru", "en"]
    assert text_of(quotes[1]) == "Today's session in Moscow ended."
    assert "(без перевода)" in text_of(russian.select(".source figcaption")[1])
    assert text_of(russian.select_one(".source h2")) == "Источники"


def test_the_event_page_shows_how_a_date_firmed_up(seeded, soup_of):
    event = Event.objects.get(slug="csc-session-2014")
    statement = Statement.objects.create(
        slug="moscow-2014",
        title_en="Statement after the Moscow session",
        date=dt.date(2014, 12, 23),
    )
    keep_text(statement, {"en": "The session was held in Moscow on 23 December 2014."})
    event.start_date = event.end_date = dt.date(2014, 12, 23)
    event.start_precision = event.end_precision = "day"
    event.status = "confirmed"
    event.full_clean()
    event.save()
    cite(event, statement.sentences.all())

    _quotes, steps = cited_sources(event, "en")
    page = soup_of("/events/csc-session-2014/")

    assert [(s.statement.slug, s.span) for s in steps] == [
        ("csc-session-sochi-2013", "2014"),
        ("moscow-2014", "23 December 2014"),
    ]
    assert text_of(page.select_one(".date-steps")) == (
        "Announced 23 September 2013 : 2014 · Confirmed 23 December 2014 : 23 December 2014"
    )
    links = page.select(".date-steps a")
    assert [a["href"] for a in links] == [SOCHI, "/sources/moscow-2014/"]


def test_the_api_lists_statements_and_gives_each_with_its_sentences(seeded, client):
    listing = client.get("/api/statements/").json()
    one = client.get("/api/statements/csc-session-sochi-2013/").json()

    assert [s["slug"] for s in listing["results"]] == ["csc-session-sochi-2013"]
    assert listing["results"][0]["url"] == "http://testserver" + SOCHI
    assert listing["results"][0]["language"] == "en"
    assert "sentences" not in listing["results"][0]
    assert len(one["sentences"]) == 33
    seventh = one["sentences"][6]
    assert seventh["position"] == 7
    assert seventh["text_en"].startswith(EXERCISES_EN)
    assert seventh["text_ru"].startswith(EXERCISES_RU)
    assert sorted(seventh["events"]) == [
        "grom-2013",
        "interaction-2013",
        "unbreakable-brotherhood-2013",
    ]
    assert client.get("/api/statements/nothing/").status_code == 404
