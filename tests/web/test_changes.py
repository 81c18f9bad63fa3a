"""The changes page and its Atom feeds: what a follower is told, in both languages,
under the calendar's filters, and what polling costs."""

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone
from django.utils.http import http_date

from events.enums import Precision, Status
from events.models import Change, Citation, Event, Statement, StatementSentence
from tests.conftest import text_of
from tests.factories import EventFactory, ExerciseFactory, ExerciseSeriesFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_problems(body: bytes) -> list[str]:
    """What RFC 4287 requires and the document lacks: the feed's id, title, updated,
    author (or every entry's) and self link; each entry's id, title, updated and link."""
    root = ET.fromstring(body)  # noqa: S314 - our own feed, under test
    problems = []
    if root.tag != f"{ATOM}feed":
        return [f"root is {root.tag}"]
    for name in ("id", "title", "updated"):
        if len(root.findall(f"{ATOM}{name}")) != 1 or not root.findtext(f"{ATOM}{name}"):
            problems.append(f"feed has no single {name}")
    if not any(link.get("rel") == "self" for link in root.findall(f"{ATOM}link")):
        problems.append("feed has no self link")
    entries = root.findall(f"{ATOM}entry")
    if not root.findall(f"{ATOM}author") and not all(e.find(f"{ATOM}author") for e in entries):
        problems.append("no author for the feed or for every entry")
    for number, entry in enumerate(entries):
        for name in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{name}")) != 1 or not entry.findtext(f"{ATOM}{name}"):
                problems.append(f"entry {number} has no single {name}")
        if not entry.findall(f"{ATOM}link"):
            problems.append(f"entry {number} has no link")
        if not entry.findtext(f"{ATOM}id", "").startswith("urn:uuid:"):
            problems.append(f"entry {number} id is not a urn:uuid")
    return problems


def read_feed(client, url: str, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert atom_problems(response.content) == []
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def made_precise(event: Event) -> Event:
    event.start_date, event.end_date = dt.date(2014, 8, 18), dt.date(2014, 8, 22)
    event.start_precision = event.end_precision = Precision.DAY
    event.save()
    return event


@pytest.fixture
def interaction():
    series = ExerciseSeriesFactory(
        slug="interaction", name_en="Interaction", name_ru="Взаимодействие"
    )
    return ExerciseFactory(
        series=series,
        series_year=2014,
        start_date=dt.date(2014, 1, 1),
        start_precision=Precision.YEAR,
        end_date=dt.date(2014, 12, 31),
        end_precision=Precision.YEAR,
        country="RU",
    )


def test_feed_tells_each_change_with_before_and_after(client, interaction):
    made_precise(interaction)
    interaction.status = Status.CANCELLED
    interaction.save()
    summit = EventFactory(title_en="Moscow session", place_en="Moscow")
    summit.country, summit.place_en = "KZ", "Astana"
    summit.save()

    _, feed = read_feed(client, "/changes.atom")

    titles = [entry.title for entry in feed.entries]
    assert titles == [
        "Moscow session: place changed",
        "Moscow session added to the calendar",
        "Interaction-2014: cancelled",
        "Interaction-2014: dates made precise",
        "Interaction-2014 added to the calendar",
    ]
    by_title = {entry.title: entry for entry in feed.entries}
    dates = by_title["Interaction-2014: dates made precise"]
    assert "Before: 2014" in dates.summary
    assert "Now: 18–22 August 2014" in dates.summary
    assert dates.link == f"http://testserver/events/{interaction.slug}/"
    status = by_title["Interaction-2014: cancelled"]
    assert "Before: Confirmed" in status.summary
    assert "Now: Cancelled" in status.summary
    place = by_title["Moscow session: place changed"]
    assert "Before: Moscow, Russia" in place.summary
    assert "Now: Astana, Kazakhstan" in place.summary
    assert feed.feed.title == "Changes to the CSTO calendar"
    assert feed.feed.id == "http://testserver/changes.atom"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [
        "http://testserver/changes.atom"
    ]


def test_entries_keep_their_ids_and_times_as_more_changes_come(client, interaction):
    _, first = read_feed(client, "/changes.atom")
    (added,) = first.entries
    change = Change.objects.get(event=interaction)
    assert added.id == f"urn:uuid:{change.uid}"
    assert added.updated_parsed[:6] == change.at.utctimetuple()[:6]

    made_precise(interaction)
    _, second = read_feed(client, "/changes.atom")

    assert [entry.id for entry in second.entries][1:] == [added.id]
    assert second.entries[1].updated == added.updated
    assert second.feed.updated_parsed[:6] == Change.objects.latest("at").at.utctimetuple()[:6]


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        ((None, None, "day", "day"), ("2015-05-05", "2015-05-07", "day", "day"), "dates announced"),
        (
            ("2015-05-05", "2015-05-07", "day", "day"),
            ("2015-06-01", "2015-06-03", "day", "day"),
            "dates changed",
        ),
        (
            ("2015-05-01", "2015-05-31", "month", "month"),
            ("2015-05-05", "2015-05-07", "day", "day"),
            "dates made precise",
        ),
        (
            ("2015-05-01", "2015-05-31", "month", "month"),
            ("2015-06-05", "2015-06-07", "day", "day"),
            "dates changed",
        ),
        (
            ("2015-05-05", "2015-05-07", "day", "day"),
            (None, None, "day", "day"),
            "dates no longer known",
        ),
    ],
)
def test_dates_changes_are_named_for_what_they_did(client, before, after, words):
    def dates(values):
        start, end, start_precision, end_precision = values
        return {
            "start_date": dt.date.fromisoformat(start) if start else None,
            "end_date": dt.date.fromisoformat(end) if end else None,
            "start_precision": start_precision,
            "end_precision": end_precision,
        }

    event = EventFactory(title_en="Session", **dates(before))
    for name, value in dates(after).items():
        setattr(event, name, value)
    event.save()

    _, feed = read_feed(client, f"/events/{event.slug}/changes.atom")
    assert feed.entries[0].title == f"Session: {words}"


def test_saves_a_reader_cannot_see_make_no_entry(client, interaction):
    interaction.description_en = "More words."
    interaction.source_quote = "A sentence."
    interaction.save()
    draft = EventFactory(published=False, title_en="Draft")
    draft.start_date = draft.end_date = dt.date(2016, 1, 1)
    draft.save()

    _, feed = read_feed(client, "/changes.atom")

    assert [entry.title for entry in feed.entries] == ["Interaction-2014 added to the calendar"]


def test_removed_and_unpublished_events_are_told_and_lead_to_the_changes_page(client):
    summit = EventFactory(title_en="Dropped session")
    summit.published = False
    summit.save()
    EventFactory(title_en="Deleted session").delete()

    _, feed = read_feed(client, "/changes.atom")

    titles = [entry.title for entry in feed.entries]
    # An event deleted keeps its story, under its name as it was.
    assert titles == [
        "Deleted session removed from the calendar",
        "Deleted session added to the calendar",
        "Dropped session removed from the calendar",
        "Dropped session added to the calendar",
    ]
    assert feed.entries[0].link.startswith("http://testserver/changes/#change-")
    assert "Before: 23 September 2013" in feed.entries[2].summary


def test_russian_feed_says_it_in_russian(client, interaction):
    made_precise(interaction)

    _, feed = read_feed(client, "/ru/changes.atom")

    assert feed.feed.title == "Изменения в календаре ОДКБ"
    assert feed.feed.language == "ru"
    entry = feed.entries[0]
    assert entry.title == "Взаимодействие-2014: даты уточнены"
    assert "Было: 2014\u202fг." in entry.summary
    assert "Стало: 18–22 августа 2014\u202fг." in entry.summary
    assert entry.link == f"http://testserver/ru/events/{interaction.slug}/"


def test_a_new_statement_is_an_entry_linking_it(client, interaction):
    statement = Statement.objects.create(
        slug="s-2014", title_en="Statement of May 2014", date=dt.date(2014, 5, 15)
    )
    sentence = StatementSentence.objects.create(statement=statement, position=1, text_en="x")
    Citation.objects.create(event=interaction, sentence=sentence)
    made_precise(interaction)

    _, feed = read_feed(client, "/changes.atom")

    by_title = {entry.title: entry for entry in feed.entries}
    new = by_title["New statement: Statement of May 2014"]
    assert new.link == "http://testserver/sources/s-2014/"
    assert "15 May 2014" in new.summary
    # A change to an event links the statement its dates come from.
    dates = by_title["Interaction-2014: dates made precise"]
    assert 'href="http://testserver/sources/s-2014/"' in dates.summary


def test_filters_apply_to_the_feed(client, interaction):
    grom = ExerciseFactory(series=ExerciseSeriesFactory(slug="grom", name_en="Grom"))
    EventFactory(title_en="A session")
    made_precise(interaction)
    grom.status = Status.POSTPONED
    grom.save()

    _, feed = read_feed(client, "/changes.atom?series=interaction")

    assert [entry.title for entry in feed.entries] == [
        "Interaction-2014: dates made precise",
        "Interaction-2014 added to the calendar",
    ]
    assert feed.feed.title == "Changes to the CSTO calendar: interaction"
    assert feed.feed.id == "http://testserver/changes.atom?series=interaction"

    _, exercises = read_feed(client, "/changes.atom?kind=exercise")
    assert {entry.title.split(":")[0].split(" ")[0] for entry in exercises.entries} == {
        "Interaction-2014",
        grom.name_in("en"),
    }
    assert exercises.feed.title == "Changes to the CSTO calendar: exercises"


def test_a_refused_filter_is_a_clear_400(client):
    response = client.get("/changes.atom?kind=parade")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "parade" in response.content.decode()


def test_one_event_has_its_own_feed(client, interaction):
    other = EventFactory(title_en="Other session")
    made_precise(interaction)
    other.status = Status.CANCELLED
    other.save()

    _, feed = read_feed(client, f"/events/{interaction.slug}/changes.atom")

    assert [entry.title for entry in feed.entries] == [
        "Interaction-2014: dates made precise",
        "Interaction-2014 added to the calendar",
    ]
    assert feed.feed.title == "Changes to Interaction-2014"
    assert feed.feed.link == f"http://testserver/events/{interaction.slug}/"

    _, russian = read_feed(client, f"/ru/events/{interaction.slug}/changes.atom")
    assert russian.feed.title == "Изменения: Взаимодействие-2014"


def test_an_unknown_or_unpublished_event_has_no_feed(client):
    draft = EventFactory(published=False)

    assert client.get("/events/no-such-event/changes.atom").status_code == 404
    assert client.get(f"/events/{draft.slug}/changes.atom").status_code == 404


def test_polling_an_unchanged_feed_is_answered_304_without_a_query(
    client, interaction, django_assert_num_queries
):
    first = client.get("/changes.atom")
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert modified == http_date(int(Event.objects.get().updated_at.timestamp()))
    assert first["Cache-Control"] == "public, max-age=300"

    with django_assert_num_queries(0):
        by_etag = client.get("/changes.atom", headers={"If-None-Match": etag})
        by_date = client.get("/changes.atom", headers={"If-Modified-Since": modified})
        again = client.get("/changes.atom")
    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert again.content == first.content
    assert again["Cache-Control"] == "public, max-age=300"
    assert again["Access-Control-Allow-Origin"] == "*"

    made_precise(interaction)
    changed = client.get("/changes.atom", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert b"dates made precise" in changed.content


def test_an_empty_calendar_has_a_valid_empty_feed(client):
    _, feed = read_feed(client, "/changes.atom")

    assert feed.entries == []
    assert feed.feed.updated


def test_the_changes_page_lists_changes_by_day_under_the_filters(client, soup_of, interaction):
    made_precise(interaction)
    EventFactory(title_en="A session")

    soup = soup_of("/changes/?kind=exercise")

    main = soup.find("main")
    titles = [text_of(node) for node in main.select(".change-title")]
    assert titles == [
        "Interaction-2014: dates made precise",
        "Interaction-2014 added to the calendar",
    ]
    values = text_of(main.select_one(".change--dates .change-values"))
    assert values == "Before: 2014 → Now: 18–22 August 2014"
    assert main.select_one(".changes-day h2 time")["datetime"] == timezone.localdate().isoformat()
    assert "Only changes to exercises." in text_of(main.select_one(".lead"))
    follow = main.select_one(".changes-follow a")
    assert follow["href"] == "/changes.atom?kind=exercise"


def test_the_changes_page_pages_and_says_when_a_page_does_not_exist(client, soup_of):
    for number in range(51):
        EventFactory(title_en=f"Session {number:02d}")

    first = soup_of("/changes/")
    assert len(first.select(".change")) == 50
    older = first.select_one("a[rel=next]")
    assert older["href"] == "?page=2"
    second = soup_of("/changes/?page=2")
    assert [text_of(n) for n in second.select(".change-title")] == [
        "Session 00 added to the calendar"
    ]
    missing = soup_of("/changes/?page=9")
    assert "There is no such page of changes; this is the first." in text_of(missing.find("main"))
    assert len(missing.select(".change")) == 50


def test_every_subscribe_block_offers_the_changes_feed_of_its_view(client, soup_of, seeded):
    for path, feed in [
        ("/2013/09/?kind=exercise", "/changes.atom?kind=exercise"),
        ("/ru/agenda/?series=interaction", "/ru/changes.atom?series=interaction"),
        ("/timeline/", "/changes.atom"),
        ("/", "/changes.atom"),
    ]:
        soup = soup_of(path)
        offered = [a["href"] for a in soup.select(".subscribe a[type='application/atom+xml']")]
        assert offered == [feed], path
        alternate = soup.select_one("head link[rel=alternate][type='application/atom+xml']")
        assert alternate["href"] == feed, path


def test_the_event_page_shows_its_history_and_its_feed(client, soup_of, interaction):
    made_precise(interaction)

    soup = soup_of(f"/events/{interaction.slug}/")

    history = soup.select_one(".history")
    items = [" ".join(item.get_text("").split()) for item in history.select(".change")]
    today = timezone.localdate().strftime("%-d %B %Y")
    assert items == [
        f"{today}: Dates made precise Before: 2014 → Now: 18–22 August 2014",
        f"{today}: Added to the calendar 2014 · Russia",
    ]
    follow = soup.select_one(".event-links a[type='application/atom+xml']")
    assert follow["href"] == f"/events/{interaction.slug}/changes.atom"
    alternate = soup.select_one("head link[rel=alternate][type='application/atom+xml']")
    assert alternate["href"] == f"/events/{interaction.slug}/changes.atom"


@pytest.mark.parametrize(
    "url", ["/ru/changes.atom", "/changes.atom?series=interaction", "/events/{slug}/changes.atom"]
)
def test_every_changes_feed_answers_an_unchanged_poll_without_a_query(
    client, interaction, django_assert_num_queries, url
):
    url = url.format(slug=interaction.slug)
    first = client.get(url)
    assert first.status_code == 200
    assert b"Interaction-2014" in first.content or "Взаимодействие".encode() in first.content

    with django_assert_num_queries(0):
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
