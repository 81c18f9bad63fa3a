"""The home page: a briefing on what the calendar is and holds, in both languages,
and the search that lists matching events across every date."""

import datetime as dt

import pytest
from django.utils import timezone

from events.enums import Status
from events.models import CalendarStamp
from tests.conftest import text_of, visible_text
from tests.factories import ExerciseFactory, TermFactory

pytestmark = pytest.mark.django_db


def _briefs(soup) -> dict[str, str]:
    return {text_of(section.h2): text_of(section) for section in soup.select(".brief")}


def test_home_says_what_the_calendar_is_and_how_far_its_data_reaches(seeded, soup_of):
    soup = soup_of("/")
    stamp_day = timezone.localtime(CalendarStamp.read().changed_at).date()

    assert text_of(soup.h1) == "The CSTO calendar"
    assert text_of(soup.select_one(".lead")).startswith(
        "The public calendar of the Collective Security Treaty Organization (CSTO)"
    )
    assert text_of(soup.select_one(".coverage")) == (
        f"Dates from 2012 to 2020 · 14 events · data as of {stamp_day.day} "
        f"{stamp_day.strftime('%B')} {stamp_day.year}"
    )
    # The date of the data leads to what changed then.
    assert soup.select_one(".coverage a")["href"] == "/changes/"
    # No month grid on the briefing.
    assert soup.select("table.month") == []


def test_home_names_the_latest_chair_and_summits_at_their_precision(seeded, soup_of):
    briefs = _briefs(soup_of("/"))

    # Today (2026) lies after every term: the latest is said to be the latest known.
    assert briefs["Latest known chairmanship"] == (
        "Latest known chairmanship Russia 23 September 2013 – 2014 "
        "No later chairmanship is on the calendar yet."
    )
    # The 2014 session was only ever tentative; the latest held is Sochi.
    assert briefs["Summits"] == (
        "Summits Next None announced "
        "Latest Collective Security Council session, Sochi 23 September 2013"
    )


def test_home_names_the_current_chair_when_a_term_covers_today(seeded, soup_of):
    today = timezone.localdate()
    TermFactory(
        slug="chairmanship-now",
        country="KZ",
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=300),
    )

    briefs = _briefs(soup_of("/"))

    assert briefs["Chairmanship now"].startswith("Chairmanship now Kazakhstan")


def test_home_lists_the_latest_exercises_plainly_when_none_is_announced(seeded, soup_of):
    soup = soup_of("/")

    assert text_of(soup.select_one("#exercises-title")) == "Latest exercises"
    assert text_of(soup.select_one(".exercises .brief-note")) == (
        "No exercise is announced after today; these are the latest known."
    )
    assert [visible_text(card) for card in soup.select(".cards .card")] == [
        "Unbreakable Brotherhood-2013 7–11 October 2013 Russia · series Unbreakable Brotherhood",
        "Grom-2013 20 September 2013 Kyrgyzstan · series Grom",
        "Interaction-2013 19–25 September 2013 Belarus · series Interaction",
    ]
    assert soup.select_one(".cards a")["href"] == "/events/unbreakable-brotherhood-2013/"


def test_home_shows_upcoming_exercises_as_cards(seeded, soup_of):
    soon = timezone.localdate() + dt.timedelta(days=40)
    ExerciseFactory(
        title_en="Drill Ahead",
        slug="drill-ahead",
        start_date=soon,
        end_date=soon + dt.timedelta(days=2),
        status=Status.CONFIRMED,
    )

    soup = soup_of("/")

    assert text_of(soup.select_one("#exercises-title")) == "Upcoming exercises"
    assert soup.select(".exercises .brief-note") == []
    assert [a["href"] for a in soup.select(".cards a")] == ["/events/drill-ahead/"]


def test_home_lists_the_newest_statements_and_links_everywhere(seeded, soup_of):
    soup = soup_of("/")
    today = timezone.localdate()

    statements = [text_of(li) for li in soup.select(".newest-statements li")]
    assert statements == [
        "Statement by the President of Russia following the CSTO Collective Security "
        "Council session, Sochi 23 September 2013 , Sochi"
    ]
    explore = {text_of(a): a["href"] for a in soup.select(".explore a")}
    assert explore == {
        "This month": f"/{today.year:04d}/{today.month:02d}/",
        "This year": f"/{today.year}/",
        "Agenda": "/agenda/",
        "Timeline": "/timeline/",
        "Sources": "/sources/",
        "What changed": "/changes/",
    }
    assert soup.select_one(".subscribe #feed-url")["value"] == "http://testserver/calendar.ics"
    # The navigation's Month leads to the current month, not back to the briefing.
    month = soup.select_one(".views a[data-follows='month']")
    assert month["href"] == f"/{today.year:04d}/{today.month:02d}/"


def test_home_in_russian(seeded, soup_of):
    soup = soup_of("/ru/")

    assert text_of(soup.h1) == "Календарь ОДКБ"
    assert text_of(soup.select_one(".coverage")).startswith("Даты за 2012–2020 гг. · 14 событий")
    assert text_of(soup.select_one("#chair-title")) == "Последнее известное председательство"
    assert text_of(soup.select_one("#exercises-title")) == "Последние учения"
    assert soup.select_one(".subscribe #feed-url")["value"].endswith("/calendar.ics?lang=ru")


def test_home_of_an_empty_calendar_says_so(soup_of):
    soup = soup_of("/")

    assert text_of(soup.select_one(".coverage")) == "No events yet."
    assert _briefs(soup)["Latest known chairmanship"].endswith(
        "No chairmanship is on the calendar yet."
    )
    assert text_of(soup.select_one(".exercises")).endswith("No exercise is on the calendar yet.")
    assert text_of(soup.select_one(".newest-statements")).endswith("No statements yet.")


def test_old_links_to_home_with_filters_go_to_the_current_month(client):
    today = timezone.localdate()

    response = client.get("/?kind=exercise")

    assert response.status_code == 302
    assert response["Location"] == f"/{today.year:04d}/{today.month:02d}/?kind=exercise"


# Search -----------------------------------------------------------------------


def test_search_lists_matching_events_across_every_date(seeded, soup_of):
    soup = soup_of("/agenda/?q=grom")

    assert text_of(soup.h1) == "Search: “grom”"
    assert text_of(soup.select_one(".period-summary")) == "1 event"
    # Grom-2013 lies years before today: a search is not limited to what is upcoming.
    assert [visible_text(a) for a in soup.select(".agenda-group a.event")] == ["Grom-2013"]
    # The header's search box shows what was searched.
    assert soup.select_one("#site-q")["value"] == "grom"


def test_search_in_russian_finds_russian_names(seeded, soup_of):
    soup = soup_of("/ru/agenda/?q=гром")

    assert text_of(soup.h1) == "Поиск: «гром»"
    assert [visible_text(a) for a in soup.select(".agenda-group a.event")] == ["Гром-2013"]


def test_search_with_a_period_keeps_to_the_period(seeded, soup_of):
    soup = soup_of("/agenda/?q=2013&from=2013-10-01")

    groups = {
        text_of(section.h2): [visible_text(a) for a in section.select("a.event")]
        for section in soup.select(".agenda-group")
    }
    # Grom-2013 and Interaction-2013 ended in September: outside the period.
    assert groups == {
        "Already under way": ["Chairmanship: Russia"],
        "October 2013": ["Unbreakable Brotherhood-2013"],
    }


def test_search_without_a_match_says_so_and_offers_to_drop_other_filters(seeded, soup_of):
    soup = soup_of("/agenda/?q=nothing+like+this&kind=summit")

    assert text_of(soup.select_one(".empty-search")) == (
        "No event matches this search, on any date. Search again without the other filters"
    )
    assert soup.select_one(".empty-search a")["href"] == "/agenda/?q=nothing%20like%20this"


def test_every_page_has_the_search_box_leading_to_the_list(seeded, soup_of):
    for url in ("/", "/2013/09/", "/timeline/", "/events/grom-2013/", "/sources/"):
        form = soup_of(url).select_one("form.site-search")

        assert form["action"] == "/agenda/", url
        assert form.select_one("input[type=search]")["name"] == "q", url
