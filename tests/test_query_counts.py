"""What each page, feed and API read costs in queries, and that it does not grow
with the number of events. Each count says which queries make it up; a cached
answer (the same address again, nothing changed) costs none.
"""

import datetime as dt

import pytest

from events.models import Event
from tests.factories import EventFactory, ExerciseFactory, TermFactory, mixed_events
from tests.ical_oracle import build_calendar, ical_bytes

pytestmark = pytest.mark.django_db

FEED = "/calendar.ics"


def test_build_calendar_is_pure(django_assert_num_queries):
    events = list(
        Event.objects.for_display().filter(
            pk__in=[EventFactory().pk, TermFactory().pk, EventFactory(start_date=None).pk]
        )
    )

    with django_assert_num_queries(0):
        body = ical_bytes(
            build_calendar(
                events,
                base_url="https://example.org",
                language="en",
                feed_url="https://example.org/calendar.ics",
            )
        )

    assert body.count(b"BEGIN:VEVENT") == 2
    assert b"URL:https://example.org/events/" in body


@pytest.mark.parametrize("count", [1, 3])
def test_feed_query_count_is_constant(client, django_assert_num_queries, count):
    for day in range(count):
        EventFactory(start_date=dt.date(2013, 9, 10 + day), participants=["BY", "RU"])

    # The change stamp, the time zones, the series' names, the events' versions
    # and the events to serialise; a second request is answered from the file,
    # with no query at all.
    with django_assert_num_queries(5):
        body = client.get("/calendar.ics").getvalue()
    with django_assert_num_queries(0):
        again = client.get("/calendar.ics").getvalue()

    assert body.count(b"BEGIN:VEVENT") == count
    assert again == body


@pytest.mark.parametrize("count", [1, 3])
def test_month_page_query_count_is_constant(client, django_assert_num_queries, count):
    for day in range(count):
        EventFactory(start_date=dt.date(2013, 9, 10 + day), end_date=dt.date(2013, 9, 12 + day))

    # The change stamp, the series (for the filter form) and the month's events;
    # the same page again comes from the cache, with the stamp, in one trip.
    with django_assert_num_queries(3):
        response = client.get("/2013/09/?country=RU&q=session")
    with django_assert_num_queries(0):
        again = client.get("/2013/09/?country=RU&q=session")

    assert response.content.count(b'class="event event--summit"') == count
    assert again.content == response.content


@pytest.mark.parametrize("count", [1, 3])
def test_event_page_query_count_is_constant(client, django_assert_num_queries, count):
    EventFactory(slug="target", participants=["BY", "KG", "RU"][:count])

    # The change stamp, the event, what it cites (nothing here; a cited event
    # adds one query per citing statement, for its history) and its public changes.
    with django_assert_num_queries(4):
        response = client.get("/events/target/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("url", "queries", "marker"),
    [
        ("/2013/09/", 3, b'class="event event--exercise"'),
        ("/2013/", 3, b'class="has-events"'),
        # The agenda reads the events still on at its start, then those after it.
        ("/agenda/?from=2013-01-01", 5, b'class="event event--exercise"'),
        # The timeline reads its default period from the extremes, then its dated
        # events (those on at its start, those after) and its undated ones.
        ("/timeline/", 6, b'class="bar bar--exercise"'),
        ("/ru/2013/09/", 3, b'class="event event--exercise"'),
    ],
)
def test_view_query_count_is_constant(
    client, django_assert_num_queries, count, url, queries, marker
):
    mixed_events(count)

    with django_assert_num_queries(queries):
        response = client.get(url)

    # Each of the ``count`` exercises (three days each) is drawn.
    assert response.content.count(marker) >= count


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_is_constant(api, django_assert_num_queries, count):
    for day in range(count):
        ExerciseFactory(
            series_year=2010 + day, start_date=dt.date(2013, 9, 1 + day), participants=["BY"]
        )

    with django_assert_num_queries(3):  # the change stamp, the count and the page
        response = api.get("/api/events/?start=2013-01-01&end=2013-12-31")
    with django_assert_num_queries(0):  # the same read comes from the cache, with the stamp
        again = api.get("/api/events/?start=2013-01-01&end=2013-12-31")

    assert response.json()["count"] == count
    assert again.json() == response.json()


def test_a_feed_naming_a_series_costs_no_query_while_nothing_changes(
    seeded, client, django_assert_num_queries
):
    first = client.get(f"{FEED}?series=interaction")

    with django_assert_num_queries(0):
        again = client.get(f"{FEED}?series=interaction")
    with django_assert_num_queries(0):
        refused = client.get(f"{FEED}?series=nope")

    assert again.getvalue() == first.getvalue()
    assert first.getvalue().count(b"BEGIN:VEVENT") == 1
    assert refused.status_code == 400
