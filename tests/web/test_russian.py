"""Russian as the organisation writes it, the same on every page, in the feed and
in the API: capitalised month headings, one dash rule, «г.» after a year, names of
exercises in «», «Председательство», and the members' own names for themselves."""

import pytest
from icalendar import Calendar

from events.seed.statement_2013 import seed_uid
from tests.conftest import text_of, visible_text

pytestmark = pytest.mark.django_db

# Names the organisation does not use for its members.
OLD_NAMES = ("Киргизия", "Белоруссия", "Российская Федерация")


def _without_quotes(soup):
    """The page's own text: the statement quoted on it keeps the statement's words."""
    for quote in soup.select("blockquote, q, .quote, .statement-text"):
        quote.decompose()
    return text_of(soup)


def test_russian_month_headings_are_capitalised_without_year_mark(seeded, soup_of):
    month = soup_of("/ru/2013/09/")
    year = soup_of("/ru/2013/")
    agenda = soup_of("/ru/agenda/?from=2012-01-01")

    assert text_of(month.h1) == "Сентябрь 2013"
    assert text_of(month.select_one("table.month caption")) == "Сентябрь 2013"
    assert [text_of(caption.a) for caption in year.select("table caption") if caption.a] == [
        "Январь 2013",
        "Февраль 2013",
        "Март 2013",
        "Апрель 2013",
        "Май 2013",
        "Июнь 2013",
        "Июль 2013",
        "Август 2013",
        "Сентябрь 2013",
        "Октябрь 2013",
        "Ноябрь 2013",
        "Декабрь 2013",
    ]
    assert [text_of(h2) for h2 in agenda.select(".agenda-group h2")] == [
        "Декабрь 2012",
        "Май 2013",
        "Сентябрь 2013",
        "Октябрь 2013",
        "2014",
    ]


def test_russian_dates_in_running_text_use_one_dash_rule_and_year_mark(seeded, client, soup_of):
    month = soup_of("/ru/2013/09/")
    raw = client.get("/ru/events/interaction-2013/").content.decode()

    assert text_of(soup_of("/ru/events/interaction-2013/").select_one(".when")) == (
        "19–25 сентября 2013 г."
    )
    # Between numbers an en dash without spaces; a no-break space before «г.».
    assert "19\u201325 сентября 2013\u202fг." in raw
    assert [visible_text(li) for li in month.select(".strips li")] == [
        "Председательство: Кыргызстан декабрь 2012 г. — 23 сентября 2013 г.",
        "Председательство: Россия 23 сентября 2013 г. — 2014 г.",
        "План военного сотрудничества до 2020 года 23 сентября 2013 г. — 2020 г.",
    ]
    assert text_of(soup_of("/ru/events/csc-session-2014/").select_one(".when")) == "2014 г."
    assert text_of(soup_of("/ru/events/csc-session-2012-moscow/").select_one(".when")) == (
        "декабрь 2012 г."
    )
    assert text_of(month.select_one("td[data-date='2013-09-20'] .visually-hidden")) == (
        "20 сентября 2013 г."
    )


def test_russian_kind_names_read_naturally(seeded, soup_of):
    month = soup_of("/ru/2013/09/")

    kinds = [
        text_of(div.label) for div in month.select("fieldset .check") if "kind" in div.input["name"]
    ]
    assert kinds == [
        "▲ Учение",
        "⚑ Председательство",
        "◆ Саммит",
        "● Операция",
        "■ Решение",
    ]
    assert "рок председательства" not in text_of(month)
    assert "ех" not in " ".join(kinds)


def test_russian_names_of_exercises_and_series_are_quoted_in_running_text(seeded, soup_of):
    event = soup_of("/ru/events/grom-2013/")
    timeline = soup_of("/ru/timeline/")

    assert text_of(event.h1) == "Гром-2013"
    assert text_of(event.select_one(".when").find_previous("dd")) == "▲ Учение — серия «Гром»"
    assert [text_of(tr.th) for tr in timeline.select("tr.timeline-row")][2:5] == [
        "Учения «Гром»",
        "Учения «Взаимодействие»",
        "Учения «Нерушимое братство»",
    ]


def test_english_names_are_not_quoted(seeded, soup_of):
    event = soup_of("/events/grom-2013/")

    assert text_of(event.select_one(".when").find_previous("dd")) == "▲ Exercise — series Grom"


def test_russian_country_names_on_pages(seeded, soup_of):
    agenda = soup_of("/ru/agenda/?from=2012-01-01")
    term = soup_of("/ru/events/chairmanship-kyrgyzstan-2012/")

    assert [text_of(label) for label in agenda.select("label[for^=f-country-]")] == [
        "Армения",
        "Беларусь",
        "Казахстан",
        "Кыргызстан",
        "Россия",
        "Таджикистан",
    ]
    assert text_of(term.h1) == "Председательство: Кыргызстан"
    assert text_of(term.select_one(".country")) == "Кыргызстан"
    assert "Взаимодействие-2013 Учение · Беларусь" in text_of(agenda)
    for page in (agenda, term, soup_of("/ru/2013/09/"), soup_of("/ru/timeline/")):
        text = _without_quotes(page)
        assert [name for name in OLD_NAMES if name in text] == []


def test_russian_feed_speaks_as_the_pages_do(seeded, client):
    body = client.get("/calendar.ics?lang=ru").getvalue()
    vevents = {str(v["UID"]): v for v in Calendar.from_ical(body).walk("VEVENT")}

    grom = vevents[str(seed_uid("grom-2013"))]
    interaction = vevents[str(seed_uid("interaction-2013"))]
    kyrgyz_term = vevents[str(seed_uid("chairmanship-kyrgyzstan-2012"))]
    russian_term = vevents[str(seed_uid("chairmanship-russia-2013"))]
    next_session = vevents[str(seed_uid("csc-session-2014"))]
    sochi = vevents[str(seed_uid("csc-session-2013-sochi"))]

    assert str(grom["LOCATION"]) == "Кыргызстан"
    assert str(interaction["LOCATION"]) == "Беларусь"
    assert str(kyrgyz_term["SUMMARY"]) == "Председательство: Кыргызстан"
    assert kyrgyz_term["CATEGORIES"].cats == ["председательство", "Кыргызстан"]
    assert str(kyrgyz_term["DESCRIPTION"]).startswith(
        "Сроки: декабрь 2012\u202fг.\u00a0— 23 сентября 2013\u202fг.; "
        "точный день пока неизвестен.\n\n"
    )
    assert str(russian_term["DESCRIPTION"]).startswith(
        "Сроки: 23 сентября 2013\u202fг.\u00a0— 2014\u202fг.; точный день пока неизвестен."
    )
    assert str(next_session["DESCRIPTION"]).startswith(
        "Сроки: 2014\u202fг.; точный день пока неизвестен.\n\n"
    )
    assert "председательство перешло от Кыргызстана к России." in str(sochi["DESCRIPTION"])
    text = body.decode()
    assert [name for name in OLD_NAMES if name in text.replace("\r\n ", "")] == []
    assert "Вех" not in text.replace("\r\n ", "")


def test_russian_names_in_the_api(seeded, api):
    term = api.get(f"/api/events/{seed_uid('chairmanship-kyrgyzstan-2012')}/").json()
    countries = api.get("/api/countries/").json()

    assert term["name_ru"] == "Председательство: Кыргызстан"
    assert {c["code"]: c["name_ru"] for c in countries} == {
        "AM": "Армения",
        "BY": "Беларусь",
        "KG": "Кыргызстан",
        "KZ": "Казахстан",
        "RU": "Россия",
        "TJ": "Таджикистан",
    }
