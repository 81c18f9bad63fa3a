"""Admin: every model registered, an exercise and a chairmanship term added
through the real forms, with CSRF checks on, and violations explained."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib import admin

from events.models import Event, ExerciseSeries
from tests.conftest import text_of
from tests.factories import ExerciseSeriesFactory, TermFactory

pytestmark = pytest.mark.django_db


def _post_form(client, url: str, data: dict):
    """Load the admin form like a browser, then submit it with its hidden fields
    (the CSRF token, the ETag the form was opened with) and ``data``."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    hidden = {i["name"]: i.get("value", "") for i in page.select("form input[type=hidden]")}
    return client.post(url, {**hidden, **data})


BLANK = {
    "status": "confirmed",
    "published": "on",
    "start_precision": "day",
    "end_precision": "day",
}


def _errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [text_of(li) for li in soup.select(".errorlist li")]


def test_every_model_is_registered_in_admin():
    assert {Event, ExerciseSeries} <= set(admin.site._registry)


def test_admin_adds_an_exercise(superuser_client):
    series = ExerciseSeriesFactory(slug="interaction", name_en="Interaction")

    response = _post_form(
        superuser_client,
        "/admin/events/event/add/",
        {
            **BLANK,
            "kind": "exercise",
            "series": series.pk,
            "series_year": "2014",
            "country": "KZ",
            "participants": ["KZ", "RU"],
            "start_date": "2014-08-10",
            "end_date": "2014-08-15",
        },
    )

    assert response.status_code == 302, _errors(response)
    event = Event.objects.get()
    assert (event.display_name, event.slug, event.country.code, event.end_date) == (
        "Interaction-2014",
        "interaction-2014",
        "KZ",
        dt.date(2014, 8, 15),
    )
    assert [c.code for c in event.participants] == ["KZ", "RU"]


def test_admin_adds_a_chairmanship_term(superuser_client):
    response = _post_form(
        superuser_client,
        "/admin/events/event/add/",
        {
            **BLANK,
            "kind": "term",
            "country": "KG",
            "start_date": "2012-12-19",
            "end_date": "2013-09-23",
        },
    )

    assert response.status_code == 302, _errors(response)
    assert Event.objects.get().display_name == "Chairmanship: Kyrgyzstan"


def test_admin_explains_an_overlapping_term_and_saves_nothing(superuser_client):
    TermFactory(country="KG", start_date=dt.date(2012, 12, 19), end_date=dt.date(2013, 9, 23))

    response = _post_form(
        superuser_client,
        "/admin/events/event/add/",
        {
            **BLANK,
            "kind": "term",
            "country": "RU",
            "start_date": "2013-09-01",
            "end_date": "2014-12-31",
        },
    )

    assert response.status_code == 200
    assert _errors(response) == [
        "This term overlaps Chairmanship: Kyrgyzstan (19 December 2012 – 23 September 2013). "
        "Terms may share only the handover day; change one of them first."
    ]
    assert Event.objects.count() == 1


def test_admin_explains_end_before_start(superuser_client):
    response = _post_form(
        superuser_client,
        "/admin/events/event/add/",
        {
            **BLANK,
            "kind": "summit",
            "title_en": "Session",
            "start_date": "2013-09-25",
            "end_date": "2013-09-19",
        },
    )

    assert _errors(response) == ["The end cannot be before the start."]
    assert Event.objects.count() == 0


def test_admin_change_raises_revision(superuser_client, seeded):
    event = Event.objects.get(slug="grom-2013")
    url = f"/admin/events/event/{event.pk}/change/"

    response = _post_form(
        superuser_client,
        url,
        {
            **BLANK,
            "kind": "exercise",
            "slug": "grom-2013",
            "series": event.series_id,
            "series_year": "2013",
            "country": "KG",
            "start_date": "2013-09-21",
            "end_date": "2013-09-21",
            "source_title": event.source_title,
            "source_date": "2013-09-23",
            "source_quote": event.source_quote,
        },
    )

    assert response.status_code == 302, _errors(response)
    event.refresh_from_db()
    assert (event.start_date, event.revision) == (dt.date(2013, 9, 21), 1)


def test_admin_event_list_shows_readable_dates(superuser_client, seeded):
    soup = BeautifulSoup(superuser_client.get("/admin/events/event/").content, "html.parser")

    rows = {
        text_of(row.select_one(".field-name")): text_of(row.select_one(".field-dates"))
        for row in soup.select("#result_list tbody tr")
    }

    assert rows["Interaction-2013"] == "19–25 September 2013"
    assert rows["Chairmanship: Russia"] == "23 September 2013 – 2014"
    assert rows["Regular operation against drug trafficking"] == "Date to be announced"
