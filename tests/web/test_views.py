"""Year, agenda and timeline views; filters, the picker and subscribe links on every view."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.http import QueryDict
from django.utils import timezone

from events.web import views
from events.web.filters import EventFilter
from tests.conftest import text_of, visible_text
from tests.factories import (
    EventFactory,
    ExerciseFactory,
    ExerciseSeriesFactory,
)

pytestmark = pytest.mark.django_db

VIEWS = ["/2013/09/", "/2013/", "/agenda/?from=2012-01-01", "/timeline/"]


# Year ----------------------------------------------------------------------


def test_year_view_marks_each_day_with_the_kinds_it_holds(seeded, soup_of):
    soup = soup_of("/2013/")
    september = soup.select("table.mini-month")[8]

    kinds = {
        td.a["href"].rsplit("#d-", 1)[1]: [
            mark["class"][1].removeprefix("kind-mark--") for mark in td.select(".dots .kind-mark")
        ]
        for td in september.select("td.has-events")
    }
    spoken = [
        text_of(td.select_one(".visually-hidden")) for td in september.select("td.has-events")
    ]

    assert len(soup.select("table.mini-month")) == 12
    assert text_of(september.caption) == "September 2013 6 events"
    # One mark per kind on the day, in the order kinds are listed everywhere.
    assert kinds == {
        "2013-09-19": ["exercise"],
        "2013-09-20": ["exercise"],
        "2013-09-21": ["exercise"],
        "2013-09-22": ["exercise"],
        "2013-09-23": ["exercise", "term", "summit", "milestone"],
        "2013-09-24": ["exercise"],
        "2013-09-25": ["exercise"],
    }
    assert spoken[1] == "20 September 2013: 2 events"
    assert spoken[4] == "23 September 2013: 5 events"
    assert september.select_one("td.has-events a")["href"] == "/2013/09/#d-2013-09-19"


def test_year_view_mini_months_have_six_week_rows(seeded, soup_of):
    soup = soup_of("/2013/")

    # Equal heights: February 2013 takes four weeks and June six; every table has six rows.
    assert [len(table.select("tbody tr")) for table in soup.select("table.mini-month")] == [6] * 12


def test_year_view_marks_a_month_precision_event_on_its_month(seeded, soup_of):
    soup = soup_of("/2013/")
    may = soup.select("section.mini")[4]

    assert text_of(may.caption) == "May 2013 1 event"
    assert [visible_text(li) for li in may.select(".mini-undated li")] == [
        "Informal Collective Security Council summit, Bishkek"
    ]
    # Known only to the month, it is not listed again for the whole year.
    year_wide = [visible_text(li) for li in soup.select(".unplaced li")]
    assert not any("Bishkek" in text for text in year_wide)


def test_year_view_lists_terms_once_and_uncertain_dates(seeded, soup_of):
    soup = soup_of("/2013/")
    later = soup_of("/2014/")

    assert [visible_text(li) for li in soup.select(".strips li")] == [
        "Chairmanship: Kyrgyzstan December 2012 – 23 September 2013",
        "Chairmanship: Russia 23 September 2013 – 2014",
        "Activity plan for military cooperation through 2020 23 September 2013 – 2020",
    ]
    # Known to the month: marked on May, not in the year's list.
    assert soup.select(".unplaced li") == []
    # Known only to the year: listed once for the year.
    assert [visible_text(li) for li in later.select(".unplaced li")] == [
        "Next Collective Security Council session 2014",
        "CSTO budget for 2014 2014",
    ]
    assert text_of(soup.select_one(".period-summary")) == "2013: 8 events"


def test_empty_year_links_to_nearest_events(seeded, soup_of):
    soup = soup_of("/2030/")

    assert [a["href"] for a in soup.select(".empty-period a")] == ["/2020/12/"]


# Agenda --------------------------------------------------------------------


def test_agenda_groups_by_month_with_uncertain_years_and_undated(seeded, soup_of):
    soup = soup_of("/agenda/?from=2013-09-20&to=2014-12-31")

    groups = {
        text_of(section.h2): [visible_text(a) for a in section.select("a.event")]
        for section in soup.select(".agenda-group")
    }
    undated = [visible_text(a) for a in soup.select(".agenda-undated a.event")]

    assert groups == {
        "Already under way": ["Chairmanship: Kyrgyzstan", "Interaction-2013"],
        "September 2013": [
            "Grom-2013",
            "Collective Security Council session, Sochi",
            "Chairmanship: Russia",
            "Activity plan for military cooperation through 2020",
        ],
        "October 2013": ["Unbreakable Brotherhood-2013"],
        "2014": ["Next Collective Security Council session", "CSTO budget for 2014"],
    }
    assert text_of(soup.select_one(".agenda-undated h3")) == "Operations"
    assert undated == [
        "Regular operation against crime in the information area",
        "Regular operation against drug trafficking",
        "Regular operation against illegal immigration",
    ]


def test_agenda_is_upcoming_by_default(soup_of):
    today = timezone.localdate()
    EventFactory(title_en="Past", start_date=today - dt.timedelta(days=30))
    EventFactory(title_en="Soon", start_date=today + dt.timedelta(days=3))

    soup = soup_of("/agenda/")

    assert text_of(soup.h1) == "Upcoming"
    assert [visible_text(a) for a in soup.select(".agenda-group a.event")] == ["Soon"]


def test_agenda_explains_bad_dates_and_keeps_the_rest(seeded, client):
    response = client.get("/agenda/?from=2013-13-01&to=2013-09-01&kind=party")
    page = text_of(BeautifulSoup(response.content, "html.parser").main)

    assert response.status_code == 200
    assert "“2013-13-01” is not a date like 2013-09-19; from was ignored." in page
    assert "These filters were ignored: There is no kind “party”." in page


def test_agenda_pages_long_periods(soup_of):
    for number in range(205):
        EventFactory(
            title_en=f"Drill {number:03d}",
            start_date=dt.date(2015, 1, 1) + dt.timedelta(days=number),
        )

    soup = soup_of("/agenda/?from=2015-01-01")

    assert len(soup.select(".agenda-group a.event")) == 200
    assert soup.select_one(".more-link a")["href"] == "/agenda/?from=2015-07-20"


# Timeline ------------------------------------------------------------------


def test_timeline_rows_and_uncertain_tail(seeded, soup_of):
    soup = soup_of("/timeline/")

    rows = {
        text_of(tr.th): [a["aria-label"] for a in tr.select("a.bar")]
        for tr in soup.select("tr.timeline-row")
    }
    labels = {
        text_of(tr.th): [text_of(label) for label in tr.select(".mark-label")]
        for tr in soup.select("tr.timeline-row")
    }
    russia = soup.select_one('a.bar[href="/events/chairmanship-russia-2013/"]')

    assert text_of(soup.h1) == "Timeline 2012–2020"
    assert list(rows) == [
        "Chairmanship",
        "Summits",
        "Grom exercises",
        "Interaction exercises",
        "Unbreakable Brotherhood exercises",
        "Milestones",
    ]
    assert rows["Chairmanship"] == [
        "Chairmanship: Kyrgyzstan, December 2012 – 23 September 2013",
        "Chairmanship: Russia, 23 September 2013 – 2014",
    ]
    assert labels["Chairmanship"] == ["Kyrgyzstan", "Russia"]
    assert labels["Summits"] == [
        "Moscow, December 2012",
        "Bishkek, May 2013",
        "Sochi, 23 September 2013",
        "Next Collective Security Council session, 2014",
    ]
    assert rows["Interaction exercises"] == ["Interaction-2013, Belarus, 19–25 September 2013"]
    assert labels["Unbreakable Brotherhood exercises"] == ["Unbreakable Brotherhood-2013, Russia"]
    assert [rect["class"] for rect in russia.select("rect.solid, rect.uncertain")] == [
        ["solid"],
        ["uncertain"],
    ]
    assert russia.select_one("rect.uncertain")["fill"] == "url(#hatch)"
    assert [text_of(mark) for mark in soup.select(".axis-svg .year-label")] == [
        str(year) for year in range(2012, 2021)
    ]


def test_timeline_lists_operations_with_dates_and_the_undated_apart(seeded, soup_of):
    ExerciseSeriesFactory(slug="interaction")
    EventFactory(kind="operation", title_en="Channel 2014", start_date=dt.date(2014, 6, 1),
                 start_precision="month", end_date=dt.date(2014, 6, 30),
                 end_precision="month")  # fmt: skip

    soup = soup_of("/timeline/")
    operations = soup.select_one(".timeline-words--operations")

    assert text_of(operations.h2) == "Operations"
    assert [visible_text(li) for li in operations.select("h2 + ul li")] == [
        "Channel 2014 June 2014"
    ]
    assert text_of(operations.h3) == "Dates not announced"
    assert [visible_text(li) for li in operations.select("h3 + ul li")] == [
        "Regular operation against drug trafficking",
        "Regular operation against illegal immigration",
        "Regular operation against crime in the information area",
    ]
    assert ";" not in text_of(operations)


def test_timeline_filters_and_years_narrow_the_atlas(seeded, soup_of):
    soup = soup_of("/timeline/?from=2013&to=2013&series=interaction")

    assert text_of(soup.h1) == "Timeline 2013"
    assert [text_of(tr.th) for tr in soup.select("tr.timeline-row")] == [
        "Chairmanship",
        "Summits",
        "Interaction exercises",
    ]
    assert [text_of(t) for t in soup.select(".mark-label")] == ["Interaction-2013, Belarus"]
    assert soup.select_one(".timeline-words") is None


def test_timeline_year_window_and_bad_years(seeded, client):
    response = client.get("/timeline/?from=2013&to=abc")

    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert text_of(page.h1) == "Timeline 2013–2020"
    assert "“abc” is not a year from 1 to 9999; to was ignored." in text_of(page.main)


def test_a_crowded_timeline_ends_at_the_year_that_fills_it(client, monkeypatch):
    monkeypatch.setattr(views, "MAX_EVENTS", 5)
    for year in (2010, 2011, 2012):
        for day in (1, 2, 3):
            EventFactory(title_en=f"Meeting {year}-{day}", start_date=dt.date(year, 3, day))

    page = BeautifulSoup(client.get("/timeline/").content, "html.parser")

    assert text_of(page.h1) == "Timeline 2010"
    bars = [text_of(label) for label in page.select(".bar .mark-label")]
    assert sorted(bars) == [
        "Meeting 2010-1, 1 March 2010",
        "Meeting 2010-2, 2 March 2010",
        "Meeting 2010-3, 3 March 2010",
    ]
    assert "The timeline shows at most 5 events at once; it ends in 2010." in text_of(page.main)


# Filters and subscription, on every view ------------------------------------


@pytest.mark.parametrize("url", VIEWS)
def test_every_view_offers_filters_as_labelled_checkbox_groups(seeded, soup_of, url):
    soup = soup_of(url)

    legends = [text_of(f.legend) for f in soup.select("form.filters fieldset")]
    boxes = soup.select("form.filters input[type=checkbox]")

    assert [legend for legend in legends if legend not in {"Period", "Years"}] == [
        "Kind",
        "Country",
        "Exercise series",
    ]
    assert all(soup.select_one(f'label[for="{box["id"]}"]') for box in boxes)
    assert {box["name"] for box in boxes} == {"kind", "country", "series"}
    assert soup.select_one('form.filters label[for="f-q"]') is not None


@pytest.mark.parametrize("url", VIEWS)
def test_every_view_subscribes_to_exactly_what_it_shows(seeded, soup_of, client, url):
    joiner = "&" if "?" in url else "?"
    soup = soup_of(f"{url}{joiner}kind=exercise&country=by&country=KG")

    feed_url = soup.select_one("#feed-url")["value"]
    feed = client.get(feed_url.removeprefix("http://testserver")).getvalue()

    assert feed_url == "http://testserver/calendar.ics?kind=exercise&country=BY,KG"
    assert sorted(line for line in feed.decode().splitlines() if line.startswith("SUMMARY")) == [
        "SUMMARY:Grom-2013",
        "SUMMARY:Interaction-2013",
    ]
    checked = sorted(box["id"] for box in soup.select("form.filters input[checked]"))
    assert checked == ["f-country-BY", "f-country-KG", "f-kind-exercise"]


def test_filters_are_kept_when_navigating(seeded, soup_of):
    soup = soup_of("/2013/09/?series=interaction&q=inter")

    hrefs = {a.get("rel", [a.text.strip()])[0]: a["href"] for a in soup.select(".period-nav a")}
    views = [a["href"] for a in soup.select("nav.views a")]
    hidden = [(i["name"], i["value"]) for i in soup.select("form.picker input[type=hidden]")]

    assert hrefs["prev"] == "/2013/08/?series=interaction&q=inter"
    assert hrefs["next"] == "/2013/10/?series=interaction&q=inter"
    assert views == [
        "/2013/09/?series=interaction&q=inter",
        "/2013/?series=interaction&q=inter",
        "/agenda/?series=interaction&q=inter",
        "/timeline/?series=interaction&q=inter",
        "/sources/",  # the statements: not a view of the events, so not filtered
    ]
    assert hidden == [("series", "interaction"), ("q", "inter")]


def test_month_filters_select_events(seeded, soup_of):
    soup = soup_of("/2013/09/?kind=exercise&country=KG")

    shown = {visible_text(a) for a in soup.select("#month-body a.event")}

    assert shown == {"Grom-2013"}


def test_country_filter_matches_participants(soup_of):
    ExerciseFactory(
        series=ExerciseSeriesFactory(slug="rubezh", name_en="Rubezh"),
        country="RU",
        participants=["AM", "KZ"],
        start_date=dt.date(2015, 4, 2),
    )
    ExerciseFactory(country="BY", participants=["RU"], start_date=dt.date(2015, 4, 9))

    soup = soup_of("/2015/04/?country=KZ")

    assert [visible_text(a) for a in soup.select("#month-body a.event")] == ["Rubezh-2015"]


def test_free_text_search_in_either_language_on_any_database(seeded, soup_of):
    russian = soup_of("/2013/09/?q=ВЗАИМОДЕЙСТВИЕ")
    english = soup_of("/2013/09/?q=interaction")
    place = soup_of("/2013/09/?q=сочи")

    def names(soup):
        return sorted({visible_text(a) for a in soup.select("#month-body a.event")})

    assert names(russian) == names(english) == ["Interaction-2013"]
    assert names(place) == ["Collective Security Council session, Sochi"]


def test_invalid_filters_are_explained_and_ignored(seeded, soup_of):
    soup = soup_of("/2013/09/?kind=party&country=XX&series=nope&q=" + "x" * 101)

    assert [text_of(li) for li in soup.select(".notice li")] == [
        "There is no kind “party”.",
        "“XX” is not an ISO 3166 country code.",
        "There is no exercise series “nope”.",
        "The search text is longer than 100 characters.",
    ]
    assert len({visible_text(a) for a in soup.select("#month-body a.event")}) > 1


def test_feed_refuses_invalid_filters_clearly(client):
    response = client.get("/calendar.ics?kind=party")

    assert response.status_code == 400
    assert response.content.decode() == "There is no kind “party”.\n"


def test_feed_url_is_canonical_whatever_the_order(client, seeded):
    first = client.get("/2013/09/?country=KG&kind=exercise&country=BY")
    second = client.get("/2013/09/?kind=exercise&country=BY,KG")

    def feed(response):
        body = response.content.decode()
        return body.split('id="feed-url" class="feed-url" type="url" readonly value="')[1].split(
            '"'
        )[0]

    assert (
        feed(first)
        == feed(second)
        == ("http://testserver/calendar.ics?kind=exercise&amp;country=BY,KG")
    )


# Picker --------------------------------------------------------------------


def test_picker_goes_to_the_month_keeping_filters(client):
    response = client.get("/go/?year=2013&month=9&kind=exercise")

    assert response.status_code == 302
    assert response["Location"] == "/2013/09/?kind=exercise"


def test_picker_in_russian_stays_in_russian(client):
    response = client.get("/ru/go/?year=2014")

    assert response["Location"] == "/ru/2014/"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc&month=9", "Choose a year from 1 to 9999."),
        ("year=0&month=9", "Choose a year from 1 to 9999."),
        ("year=2013&month=13", "Choose a month from the list."),
    ],
)
def test_picker_refuses_impossible_dates_clearly(client, query, message):
    response = client.get(f"/go/?{query}")

    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert text_of(page.select_one(".notice")) == message


def test_picker_works_as_a_plain_form(seeded, soup_of):
    soup = soup_of("/2013/09/")
    form = soup.select_one("form.picker")

    assert (form["action"], form.get("method")) == ("/go/", "get")
    assert [o["value"] for o in form.select("select[name=month] option[selected]")] == ["9"]
    assert form.select_one("input[name=year]")["value"] == "2013"


# Query counts ----------------------------------------------------------------


def test_pages_keep_their_query_string_canonical():

    parsed = EventFilter.from_query(QueryDict("country=kg&kind=summit&kind=exercise&q=  a   b "))

    assert dict(parse_qsl(urlsplit(parsed.query_string()).query)) == {
        "kind": "exercise,summit",
        "country": "KG",
        "q": "a b",
    }
    assert parsed.query_string() == "?kind=exercise,summit&country=KG&q=a+b"
    assert EventFilter.from_query(QueryDict(parsed.query_string()[1:])) == parsed


@pytest.mark.parametrize("url", VIEWS)
def test_every_view_offers_subscribe_links_for_each_app(seeded, soup_of, url):
    joiner = "&" if "?" in url else "?"
    soup = soup_of(f"{url}{joiner}kind=exercise")

    links = [(visible_text(a), a["href"]) for a in soup.select(".subscribe-links a")]
    feed = "testserver/calendar.ics?kind=exercise"

    assert links == [
        ("Apple Calendar, Thunderbird and other apps (webcal)", f"webcal://{feed}"),
        (
            "Google Calendar",
            "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2F"
            "calendar.ics%3Fkind%3Dexercise",
        ),
        (
            "Outlook.com",
            "https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Ftestserver"
            "%2Fcalendar.ics%3Fkind%3Dexercise&name=CSTO+calendar",
        ),
        (
            "Outlook for Microsoft 365",
            "https://outlook.office.com/calendar/0/addfromweb?url=http%3A%2F%2Ftestserver"
            "%2Fcalendar.ics%3Fkind%3Dexercise&name=CSTO+calendar",
        ),
        ("Download once (.ics)", "/calendar.ics?kind=exercise"),
        ("jCal (JSON)", f"http://{feed.replace('.ics', '.jcal')}"),
        ("Changes to these events, in a feed reader (Atom)", "/changes.atom?kind=exercise"),
    ]
    assert soup.select_one("#feed-url")["value"] == f"http://{feed}"
    assert "Google Calendar refreshes subscribed calendars only about once a day" in (
        text_of(soup.select_one(".subscribe .note"))
    )


@pytest.mark.parametrize(
    ("url", "summary"),
    [
        ("/agenda/?from=2013-01-01", "13 events: 10 dated, 3 with dates not announced"),
        ("/ru/agenda/?from=2013-01-01", "13 событий: с датами — 10, даты не объявлены — 3"),
        ("/agenda/?from=2013-09-23&to=2013-09-23", "8 events: 5 dated, 3 with dates not announced"),
        ("/agenda/?from=2013-01-01&kind=exercise", "3 events"),
    ],
)
def test_agenda_count_is_what_it_lists(seeded, soup_of, url, summary):
    soup = soup_of(url)

    dated = soup.select(".agenda-group li.agenda-item")
    undated = soup.select(".agenda-undated li.agenda-item")

    assert text_of(soup.select_one(".period-summary")) == summary
    assert summary.startswith(f"{len(dated) + len(undated)} ")
    if undated:
        assert str(len(dated)) in summary.split(":")[1]
        assert text_of(soup.select_one(".agenda-undated h2")) in (
            "Dates not announced",
            "Даты не объявлены",
        )
