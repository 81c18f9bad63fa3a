"""Admin filters: kinds read as headings; countries start with the members, and never
list all 249 to scroll past."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django_countries import countries

from tests.conftest import text_of
from tests.factories import ExerciseFactory

pytestmark = pytest.mark.django_db

MEMBERS = [str(countries.name(code)) for code in settings.CSTOCAL_COUNTRIES]


def _country_filter(client, url: str) -> list[str]:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    (details,) = [
        d for d in soup.select("#changelist-filter details") if "country" in text_of(d.summary)
    ]
    return [text_of(a) for a in details.select("li a")]


def test_the_country_filter_offers_the_members_then_the_countries_in_use(admin_client, seeded):
    ExerciseFactory(country="RS", start_date=dt.date(2014, 5, 1))

    for page in ("/admin/events/event/", "/admin/events/exercise/"):
        assert _country_filter(admin_client, page) == ["All", *MEMBERS, "Serbia"]


def test_the_country_filter_filters(admin_client, seeded):
    soup = BeautifulSoup(
        admin_client.get("/admin/events/exercise/?country=BY").content, "html.parser"
    )

    assert [text_of(row.select_one("th")) for row in soup.select("#result_list tbody tr")] == [
        "Interaction-2013"
    ]


def test_country_choices_on_a_form_start_with_the_members(admin_client):
    soup = BeautifulSoup(admin_client.get("/admin/events/exercise/add/").content, "html.parser")

    for name in ("country", "participants"):
        options = [o for o in soup.select(f"select[name={name}] option") if o["value"]]
        assert [text_of(o) for o in options[: len(MEMBERS)]] == MEMBERS
        assert len(options) > 200  # the rest still there, after the members


def test_the_kind_filter_reads_as_headings(admin_client, seeded):
    soup = BeautifulSoup(
        admin_client.get("/admin/events/event/?kind=summit").content, "html.parser"
    )
    (details,) = [
        d for d in soup.select("#changelist-filter details") if "kind" in text_of(d.summary)
    ]
    rows = soup.select("#result_list tbody tr")

    assert [text_of(a) for a in details.select("li a")] == [
        "All",
        "Exercise",
        "Chairmanship term",
        "Summit",
        "Operation",
        "Milestone",
    ]
    assert rows
    assert all("summit" in text_of(row).lower() for row in rows)
