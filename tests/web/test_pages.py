"""Server-rendered pages: the month, the current month, the event page, health."""

import datetime as dt
import subprocess
import sys

import pytest
from babel.dates import format_date
from django.conf import settings
from django.utils import timezone

from events.enums import Precision, Status
from tests.conftest import text_of, visible_text
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _days(soup) -> dict[str, list[str]]:
    """Each day cell of the month table: ISO date → what is drawn in it.

    A bar is drawn in the first day of each week it crosses; the other days it
    covers are listed separately (``_covered``)."""
    return {
        cell["data-date"]: [
            visible_text(item)
            for item in cell.select("li.item:not(.item--covered), li.handover, li.more li")
        ]
        for cell in soup.select("table.month tbody td")
    }


def _covered(soup) -> dict[str, list[str]]:
    return {
        cell["data-date"]: [visible_text(item) for item in cell.select("li.item--covered")]
        for cell in soup.select("table.month tbody td")
    }


def test_month_page_shows_september_2013(seeded, soup_of):
    soup = soup_of("/2013/09/")
    days, covered = _days(soup), _covered(soup)

    assert text_of(soup.h1) == "September 2013"
    assert text_of(soup.select_one("table.month caption")) == "September 2013"
    assert text_of(soup.select_one(".period-summary")) == "September 2013: 6 events"
    assert days["2013-09-18"] == []
    assert days["2013-09-19"] == ["Interaction-2013 · 19–25 September 2013"]
    assert days["2013-09-20"] == ["Grom-2013"]
    assert covered["2013-09-20"] == ["Interaction-2013 continues"]
    assert days["2013-09-23"] == [
        "Chairmanship passes from Kyrgyzstan to Russia",
        "Interaction-2013 continues · 19–25 September 2013",
        "Collective Security Council session, Sochi",
        "Activity plan for military cooperation through 2020 begins",
    ]
    assert covered["2013-09-25"] == ["Interaction-2013 continues"]
    assert days["2013-09-26"] == []
    assert covered["2013-09-26"] == []
    assert [visible_text(li) for li in soup.select(".strips li")] == [
        "Chairmanship: Kyrgyzstan December 2012 – 23 September 2013",
        "Chairmanship: Russia 23 September 2013 – 2014",
        "Activity plan for military cooperation through 2020 23 September 2013 – 2020",
    ]


def test_month_bar_is_split_at_the_week_edge_and_marked(seeded, soup_of):
    soup = soup_of("/2013/09/")

    first = soup.select_one("td[data-date='2013-09-19'] li.item--bar")
    second = soup.select_one("td[data-date='2013-09-23'] li.item--bar")

    assert first["class"] == ["lane", "item", "item--bar", "span-4", "continues-after"]
    assert second["class"] == ["lane", "item", "item--bar", "span-3", "continues-before"]
    assert [visible_text(li) for li in soup.select("td[data-date='2013-09-19'] li.item")] == [
        "Interaction-2013 · 19–25 September 2013"
    ]


def test_month_shows_a_long_term_once_not_on_every_week(seeded, soup_of):
    soup = soup_of("/2013/11/")

    mentions = [a for a in soup.select("#month-body a") if "Chairmanship: Russia" in text_of(a)]

    assert [a.find_parent("li")["class"] for a in mentions] == [["strip", "strip--term"]]


def test_month_overflowing_day_folds_into_more(soup_of):
    for number in range(200):
        EventFactory(title_en=f"Drill {number:03d}", start_date=dt.date(2016, 5, 10))

    soup = soup_of("/2016/05/")
    cell = soup.select_one("td[data-date='2016-05-10']")

    assert len(soup.select("table.month")) == 1
    assert [visible_text(li) for li in cell.select("li.item")] == [
        "Drill 000",
        "Drill 001",
        "Drill 002",
        "Drill 003",
    ]
    assert text_of(cell.select_one(".more summary")) == "+196 more"
    assert len(cell.select(".more li")) == 196
    assert text_of(soup.select_one(".period-summary")) == "May 2016: 200 events"


def test_month_page_links_the_handover_to_both_terms(seeded, soup_of):
    soup = soup_of("/2013/09/")

    links = soup.select("td li.handover a")

    assert [(a["href"], text_of(a)) for a in links] == [
        ("/events/chairmanship-kyrgyzstan-2012/", "Kyrgyzstan"),
        ("/events/chairmanship-russia-2013/", "Russia"),
    ]


def test_month_page_weeks_start_on_monday_with_named_columns(seeded, soup_of):
    soup = soup_of("/2013/09/")

    headers = [(th["scope"], th.abbr["title"]) for th in soup.select("table.month thead th")]
    first_week = [td["data-date"] for td in soup.select("table.month tbody tr")[0]("td")]

    assert headers == [
        ("col", day)
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    ]
    assert first_week[0] == "2013-08-26"
    assert first_week[-1] == "2013-09-01"


def test_month_page_links_previous_and_next_months(seeded, soup_of):
    soup = soup_of("/2013/09/")

    assert soup.select_one('a[rel="prev"]')["href"] == "/2013/08/"
    assert soup.select_one('a[rel="next"]')["href"] == "/2013/10/"


def test_month_page_lists_dates_not_known_to_the_day(seeded, soup_of):
    soup = soup_of("/2012/12/")

    assert [visible_text(li) for li in soup.select(".unplaced li")] == [
        "Collective Security Council session, Moscow December 2012"
    ]
    assert all(day == [] for day in _days(soup).values())


def test_month_page_of_an_uncertain_year_shows_the_year_never_a_day(seeded, soup_of):
    soup = soup_of("/2014/12/")
    text = " ".join(text_of(node) for node in soup.select(".strips, .unplaced, .day-events"))

    assert [visible_text(li) for li in soup.select(".unplaced li")] == [
        "Next Collective Security Council session 2014",
        "CSTO budget for 2014 2014",
    ]
    assert "31 December 2014" not in text
    assert _days(soup)["2014-12-31"] == []


def test_month_page_shows_cancelled_events_struck_through(soup_of):
    EventFactory(title_en="Drill", status=Status.CANCELLED, start_date=dt.date(2015, 3, 3))

    soup = soup_of("/2015/03/")

    entry = soup.select_one("td li.item")
    assert visible_text(entry) == "Drill (cancelled)"
    assert text_of(entry.select_one("del")) == "Drill"


def test_empty_month_links_to_nearest_earlier_and_later_events(soup_of):
    EventFactory(title_en="January drill", start_date=dt.date(2020, 1, 10))
    EventFactory(title_en="Older", start_date=dt.date(2019, 5, 10))
    EventFactory(title_en="March summit", start_date=dt.date(2020, 3, 5))
    EventFactory(title_en="Later", start_date=dt.date(2021, 3, 5))

    soup = soup_of("/2020/02/")

    assert [text_of(li) for li in soup.select(".empty-period li")] == [
        "Nearest earlier: January drill , 10 January 2020",
        "Nearest later: March summit , 5 March 2020",
    ]
    assert [a["href"] for a in soup.select(".empty-period a")] == ["/2020/01/", "/2020/03/"]


def test_current_month_page_marks_today(soup_of):
    today = timezone.localdate()

    soup = soup_of(f"/{today.year:04d}/{today.month:02d}/")

    assert text_of(soup.h1) == format_date(today, "LLLL y", locale="en_GB")
    marked = soup.select('td[aria-current="date"]')
    assert [td["data-date"] for td in marked] == [today.isoformat()]
    assert text_of(marked[0].select_one(".today-label")) == "today"


def test_empty_current_month_points_to_nearest_events(seeded, soup_of):
    today = timezone.localdate()
    # The seed's latest event ends in 2020, long before this month.
    soup = soup_of(f"/{today.year:04d}/{today.month:02d}/")

    assert [a["href"] for a in soup.select(".empty-period a")] == ["/2020/12/"]
    assert text_of(soup.select_one(".empty-period li")) == (
        "Nearest earlier: Activity plan for military cooperation through 2020 , "
        "23 September 2013 – 2020"
    )


@pytest.mark.parametrize("url", ["/2013/13/", "/2013/00/", "/0000/01/", "/13/09/", "/2013/9/"])
def test_impossible_months_are_not_found(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_first_and_last_representable_months_render(soup_of):
    first = soup_of("/0001/01/")
    last = soup_of("/9999/12/")

    assert first.select_one('a[rel="prev"]') is None
    assert first.select_one('a[rel="next"]')["href"] == "/0001/02/"
    assert last.select_one('a[rel="next"]') is None
    assert _days(last)["9999-12-31"] == []


def test_event_page_shows_dates_country_status_and_quote(seeded, soup_of):
    soup = soup_of("/events/interaction-2013/")
    facts = dict(
        zip(
            [text_of(dt_) for dt_ in soup.select("dl.facts dt")],
            [text_of(dd) for dd in soup.select("dl.facts dd")],
            strict=True,
        )
    )

    assert text_of(soup.h1) == "Interaction-2013"
    assert facts == {
        "Kind": "▲ Exercise — series Interaction",
        "When": "19–25 September 2013",
        "Status": "Confirmed",
        "Country": "Belarus",
    }
    assert soup.select_one(".when time")["datetime"] == "2013-09-19"
    assert text_of(soup.blockquote) == (
        "In September-October this year, we will hold three big exercises: Grom-2013 in "
        "Kyrgyzstan on September 20, Interaction-2013 in Belarus on September 19–25, and "
        "Unbreakable Brotherhood-2013 in Russia on October 7–11."
    )
    assert text_of(soup.select_one(".citation")).endswith(", 23 September 2013")


def test_event_page_end_known_to_the_year_reads_the_year(seeded, soup_of):
    soup = soup_of("/events/chairmanship-russia-2013/")
    page = text_of(soup.main)

    assert text_of(soup.select_one(".when")) == "23 September 2013 – 2014"
    assert "31 December" not in page
    assert "Chair Russia" in page


def test_event_page_of_an_undated_operation(seeded, soup_of):
    soup = soup_of("/events/operation-drug-trafficking/")

    assert text_of(soup.select_one(".when")) == "Date to be announced"
    assert soup.main.select_one('a[href$=".ics"]') is None


def test_event_page_in_russian(seeded, soup_of):
    soup = soup_of("/ru/events/interaction-2013/")

    assert soup.html["lang"] == "ru"
    assert text_of(soup.h1) == "Взаимодействие-2013"
    assert text_of(soup.select_one(".when")) == "19–25 сентября 2013 г."
    assert text_of(soup.select_one(".country")) == "Беларусь"


def test_unpublished_and_unknown_events_are_not_found(client):
    EventFactory(slug="draft", published=False)

    assert client.get("/events/draft/").status_code == 404
    assert client.get("/events/no-such-event/").status_code == 404


def test_pages_have_no_inline_script_or_style(seeded, soup_of):
    for url in ("/2013/09/", "/events/interaction-2013/", "/ru/2013/09/"):
        soup = soup_of(url)
        inline = soup.select("script:not([src])")

        # A JSON-LD data block is never run by a browser; nothing else is inline.
        data_blocks = [s for s in inline if s.get("type") == "application/ld+json"]
        assert inline == data_blocks
        assert len(data_blocks) == (1 if url.startswith("/events/") else 0)
        assert soup.select("[style]") == []
        assert soup.select("style") == []


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    """A real unreachable database: a closed port on loopback, in a fresh process."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r['Retry-After'], r.json()['database'])"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cstocal.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/none?connect_timeout=2",
    }

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=60,
        check=False,
    )

    assert result.stdout.strip() == "503 30 unreachable", result.stderr


def test_unknown_precision_never_reaches_a_page(soup_of):
    EventFactory(
        title_en="Drill in March",
        start_date=dt.date(2016, 3, 1),
        start_precision=Precision.MONTH,
        end_date=dt.date(2016, 3, 31),
        end_precision=Precision.MONTH,
    )

    soup = soup_of("/2016/03/")

    assert [visible_text(li) for li in soup.select(".unplaced li")] == ["Drill in March March 2016"]
    assert all(day == [] for day in _days(soup).values())


def test_the_footer_links_the_sources_the_feed_the_changes_and_the_api_docs(seeded, soup_of):
    for url in ("/2013/09/", "/ru/agenda/"):
        footer = soup_of(url).select_one("footer")
        prefix = "/ru" if url.startswith("/ru/") else ""

        assert [a["href"] for a in footer.select("a")] == [
            f"{prefix}/sources/",
            "/calendar.ics?lang=ru" if prefix else "/calendar.ics",
            f"{prefix}/changes/",
            "/api/docs/",
        ]


def test_month_lists_a_bar_once_per_week_row_with_its_dates(seeded, soup_of):
    soup = soup_of("/2013/09/")

    # What a phone shows of each week row: every item but the days a bar only covers.
    per_week = [
        [
            visible_text(item)
            for item in row.select("li.item:not(.item--covered)")
            if "Interaction-2013" in visible_text(item)
        ]
        for row in soup.select("table.month tr.week")
    ]

    assert [names for names in per_week if names] == [
        ["Interaction-2013 · 19–25 September 2013"],
        ["Interaction-2013 continues · 19–25 September 2013"],
    ]


def test_month_names_carry_their_whole_text_and_each_day_links_to_its_list(seeded, soup_of):
    soup = soup_of("/2013/09/?kind=summit,term")

    day = soup.select_one("td[data-date='2013-09-23']")

    assert [li["title"] for li in day.select("li.item")] == [
        "Chairmanship passes from Kyrgyzstan to Russia",
        "Collective Security Council session, Sochi · 23 September 2013",
    ]
    assert day.select_one("a.day-link")["href"] == (
        "/agenda/?kind=summit,term&from=2013-09-23&to=2013-09-23"
    )
    assert text_of(day.select_one("a.day-link")) == "23 September 2013 23"
