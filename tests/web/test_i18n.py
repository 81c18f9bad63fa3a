"""English at /, Russian at /ru/: interface, dates, plurals and event text."""

import datetime as dt

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from tests.conftest import text_of, visible_text
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_russian_month_page(seeded, soup_of):
    soup = soup_of("/ru/2013/09/")

    assert soup.html["lang"] == "ru"
    assert text_of(soup.h1) == "Сентябрь 2013"
    assert [th.abbr["title"] for th in soup.select("table.month thead th")] == [
        "понедельник",
        "вторник",
        "среда",
        "четверг",
        "пятница",
        "суббота",
        "воскресенье",
    ]
    assert [visible_text(li) for li in soup.select(".strips li")] == [
        "Председательство: Кыргызстан декабрь 2012 г. — 23 сентября 2013 г.",
        "Председательство: Россия 23 сентября 2013 г. — 2014 г.",
        "План военного сотрудничества до 2020 года 23 сентября 2013 г. — 2020 г.",
    ]
    # A bar carries its dates, shown where the month is a list of days (phones).
    assert visible_text(soup.select_one("td[data-date='2013-09-19'] li.item")) == (
        "Взаимодействие-2013 · 19–25 сентября 2013 г."
    )
    assert text_of(soup.select_one("td[data-date='2013-09-20'] .day-number .visually-hidden")) == (
        "20 сентября 2013 г."
    )
    assert text_of(soup.select_one(".period-summary")) == "Сентябрь 2013: 6 событий"
    assert text_of(soup.select_one("nav.views")) == "Месяц Год Список Хронология Источники"


def test_russian_links_stay_in_russian_and_switch_back(seeded, soup_of):
    soup = soup_of("/ru/2013/09/?kind=exercise")

    assert soup.select_one('a[rel="next"]')["href"] == "/ru/2013/10/?kind=exercise"
    assert soup.select_one("a[hreflang=en]")["href"] == "/2013/09/?kind=exercise"
    assert text_of(soup.select_one("a[hreflang=en]")) == "English"
    assert text_of(soup.select_one('.languages [aria-current="true"]')) == "Русский"
    assert soup.select_one("#feed-url")["value"] == (
        "http://testserver/calendar.ics?kind=exercise&lang=ru"
    )


def test_english_page_links_to_russian(seeded, soup_of):
    soup = soup_of("/2013/09/")

    assert soup.select_one("a[hreflang=ru]")["href"] == "/ru/2013/09/"
    assert text_of(soup.select_one("a[hreflang=ru]")) == "Русский"


@pytest.mark.parametrize(
    ("count", "english", "russian"),
    [
        (1, "1 event", "1 событие"),
        (2, "2 events", "2 события"),
        (5, "5 events", "5 событий"),
        (21, "21 events", "21 событие"),
    ],
)
def test_plurals_in_both_languages(soup_of, count, english, russian):
    for day in range(count):
        EventFactory(start_date=dt.date(2016, 3, 1 + day))

    en = soup_of("/2016/")
    ru = soup_of("/ru/2016/")

    assert text_of(en.select("table.mini-month")[2].select_one(".count")) == english
    assert text_of(ru.select("table.mini-month")[2].select_one(".count")) == russian


def test_russian_agenda_and_undated(seeded, soup_of):
    soup = soup_of("/ru/agenda/?from=2013-10-01&to=2014-12-31")

    assert [text_of(h2) for h2 in soup.select(".agenda-group h2")] == [
        "Уже идут",
        "Октябрь 2013",
        "2014",
    ]
    assert text_of(soup.select_one(".agenda-undated h2")) == "Даты не объявлены"
    assert text_of(soup.select_one(".agenda-undated h3")) == "Операции"
    assert visible_text(soup.select_one(".agenda-undated a.event")) == (
        "Регулярная операция против преступлений в информационной сфере"
    )


def test_russian_timeline_rows(seeded, soup_of):
    soup = soup_of("/ru/timeline/")

    assert [text_of(tr.th) for tr in soup.select("tr.timeline-row")] == [
        "Председательство",
        "Саммиты",
        "Учения «Гром»",
        "Учения «Взаимодействие»",
        "Учения «Нерушимое братство»",
        "Решения",
    ]
    assert [text_of(label) for label in soup.select(".timeline-row--terms .mark-label")] == [
        "Кыргызстан",
        "Россия",
    ]
    assert [text_of(label) for label in soup.select(".timeline-row--summits .mark-label")] == [
        "Москва, декабрь 2012 г.",
        "Бишкек, май 2013 г.",
        "Сочи, 23 сентября 2013 г.",
        "Следующая сессия Совета коллективной безопасности, 2014 г.",
    ]
    assert soup.select_one(".timeline-row--series-grom a.bar")["aria-label"] == (
        "Гром-2013, Кыргызстан, 20 сентября 2013\u202fг."
    )
    assert text_of(soup.select_one(".timeline-words--operations h3")) == "Даты не объявлены"
    assert text_of(soup.select_one(".scroll-hint")) == (
        "Диаграмма прокручивается вбок: в ней все годы."
    )


def test_every_interface_string_has_a_russian_translation():
    path = settings.BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)

    def translated(message) -> bool:
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        return not message.fuzzy and all(forms)

    assert [m.id for m in catalog if m.id and not translated(m)] == []
    assert len(catalog) > 150


def test_refused_filters_are_explained_in_russian(seeded, soup_of):
    soup = soup_of("/ru/2013/09/?kind=exercise,party&country=XX")

    assert text_of(soup.select_one(".notice p")) == "Эти фильтры не применены:"
    assert [text_of(li) for li in soup.select(".notice li")] == [
        "Типа «party» нет.",
        "«XX» — не код страны ISO 3166.",
    ]
