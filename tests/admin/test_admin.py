"""Editing in admin: pages per kind, validation, history, no lost edits, roles,
guarded login, actions. Through the real admin views, with CSRF enforced."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client

from events.enums import Kind, Precision, Status
from events.models import Event, ExerciseSeries
from events.roles import EDITORS, editor_permission_codenames
from tests.conftest import PASSWORD, text_of
from tests.factories import EventFactory, ExerciseSeriesFactory, TermFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def _form(client, url: str) -> dict:
    """The change form's current values, as a browser would submit them."""
    page = _page(client, url)
    form = page.select_one("form#event_form, form[id$=_form]")
    data = {}
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.name == "select":
            selected = field.select("option[selected]")
            values = [o.get("value", "") for o in selected]
            data[name] = values if field.has_attr("multiple") else (values[0] if values else "")
        elif field.name == "textarea":
            data[name] = field.get_text()
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def _errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [text_of(li) for li in soup.select(".errorlist li")]


# A page per kind -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "shown", "hidden"),
    [
        ("exercise", ["series", "series_year", "country", "participants", "forces_en"],
         ["title_en", "informal", "kind"]),
        ("chairmanshipterm", ["country", "start_date", "end_precision"],
         ["series", "participants", "title_en", "kind"]),
        ("summit", ["title_en", "title_ru", "informal", "place_en", "latitude"],
         ["series", "participants", "kind"]),
        ("operation", ["title_en", "participants"], ["series", "informal", "kind"]),
        ("milestone", ["title_en", "title_ru"], ["series", "country", "participants", "kind"]),
    ],
)  # fmt: skip
def test_each_kind_has_a_page_with_only_its_fields(admin_client, page, shown, hidden):
    soup = _page(admin_client, f"/admin/events/{page}/add/")

    names = {field.get("name") for field in soup.select("form [name]")}

    assert set(shown) <= names
    assert not set(hidden) & names


def test_kind_pages_list_their_kind_with_readable_columns(admin_client, seeded):
    soup = _page(admin_client, "/admin/events/chairmanshipterm/")

    headers = [text_of(th) for th in soup.select("#result_list thead th")][1:]
    rows = [
        [text_of(td) or td.img["alt"] for td in row.select("th, td")[1:]]
        for row in soup.select("#result_list tbody tr")
    ]

    assert headers == ["Name", "Dates", "Country", "Status", "Published"]
    assert rows == [
        ["Chairmanship: Kyrgyzstan", "December 2012 – 23 September 2013", "Kyrgyzstan",
         "Confirmed", "True"],
        ["Chairmanship: Russia", "23 September 2013 – 2014", "Russia", "Confirmed", "True"],
    ]  # fmt: skip


def test_exercise_page_filters_search_hierarchy_and_view_on_site(admin_client, seeded):
    soup = _page(admin_client, "/admin/events/exercise/?q=ВЗАИМОДЕЙСТВИЕ")
    filters = [text_of(h) for h in soup.select("#changelist-filter details summary")]
    names = [text_of(row.select_one("th")) for row in soup.select("#result_list tbody tr")]
    by_year = _page(admin_client, "/admin/events/exercise/?year=2013")
    event = Event.objects.get(slug="interaction-2013")
    change = _page(admin_client, f"/admin/events/exercise/{event.pk}/change/")

    assert filters == ["By status", "By published", "By year", "By country", "By series"]
    assert names == ["Interaction-2013"]
    assert len(by_year.select("#result_list tbody tr")) == 3
    hierarchy = _page(admin_client, "/admin/events/exercise/").select(".toplinks a, .xfull a")
    assert [text_of(a) for a in hierarchy] == ["‹ All dates", "September 2013", "October 2013"]
    view_on_site = admin_client.get(change.select_one("a.viewsitelink")["href"])
    assert view_on_site["Location"].endswith("/events/interaction-2013/")


def test_adding_an_exercise_through_its_page_sets_the_kind(admin_client):
    series = ExerciseSeriesFactory(slug="rubezh", name_en="Rubezh", name_ru="Рубеж")
    data = _form(admin_client, "/admin/events/exercise/add/")
    data.update(
        series=series.pk, series_year="2014", country="KZ", start_date="2014-08-10",
        end_date="2014-08-15",
    )  # fmt: skip

    response = admin_client.post("/admin/events/exercise/add/", data)

    assert response.status_code == 302, _errors(response)
    event = Event.objects.get()
    assert (event.kind, event.display_name, event.slug) == (
        Kind.EXERCISE,
        "Rubezh-2014",
        "rubezh-2014",
    )


# Validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "messages"),
    [
        ({"start_date": "2014-08-15", "end_date": "2014-08-10"},
         ["The end cannot be before the start."]),
        ({"start_date": "2014-03-05", "start_precision": "year", "end_date": "2014-12-31",
          "end_precision": "year"},
         ["A start known only to the year is stored as 2014-01-01; 2014-03-05 does not fit "
          "that precision."]),
        ({"slug": "taken"}, ["Event with this Slug already exists."]),
    ],
)  # fmt: skip
def test_validation_names_the_problem(admin_client, changes, messages):
    EventFactory(slug="taken")
    data = _form(admin_client, "/admin/events/summit/add/")
    data.update({"title_en": "Session", "start_date": "2014-08-10", "end_date": "2014-08-10"})
    data.update(changes)

    response = admin_client.post("/admin/events/summit/add/", data)

    assert _errors(response) == messages
    assert Event.objects.count() == 1


def test_overlapping_term_names_the_other_term(admin_client):
    TermFactory(country="KG", start_date=dt.date(2012, 12, 19), end_date=dt.date(2013, 9, 23))
    data = _form(admin_client, "/admin/events/chairmanshipterm/add/")
    data.update(country="RU", start_date="2013-09-01", end_date="2014-12-31")

    response = admin_client.post("/admin/events/chairmanshipterm/add/", data)

    assert _errors(response) == [
        "This term overlaps Chairmanship: Kyrgyzstan (19 December 2012 – 23 September 2013). "
        "Terms may share only the handover day; change one of them first."
    ]


# History and lost edits ------------------------------------------------------------------


def test_history_records_who_changed_what(editor, seeded):
    client = _client(editor)
    event = Event.objects.get(slug="grom-2013")
    url = f"/admin/events/exercise/{event.pk}/change/"
    data = _form(client, url)
    data.update(start_date="2013-09-21", end_date="2013-09-21")

    assert client.post(url, data).status_code == 302
    history = _page(client, f"/admin/events/exercise/{event.pk}/history/")
    rows = [[text_of(td) for td in tr.select("td, th")] for tr in history.select("table tbody tr")]

    assert len(rows) == 2
    latest = " ".join(rows[0])
    assert "editor" in latest
    assert "Changed" in latest or "~" in latest
    assert "start date" in latest.lower() or "start_date" in latest
    assert event.history.count() == 2
    assert event.history.first().history_user == editor


def test_the_second_of_two_concurrent_saves_is_refused(admin_client, django_user_model, seeded):
    other = django_user_model.objects.create_superuser("other", password=PASSWORD)
    second_client = _client(other)
    event = Event.objects.get(slug="csc-session-2013-sochi")
    url = f"/admin/events/summit/{event.pk}/change/"
    first = _form(admin_client, url)
    second = _form(second_client, url)

    first["place_en"] = "Sochi, Bocharov Ruchei"
    saved = admin_client.post(url, first)
    second["title_en"] = "A colleague's title"
    refused = second_client.post(url, second)

    event.refresh_from_db()
    assert saved.status_code == 302
    assert refused.status_code == 200
    assert len(_errors(refused)) == 1
    assert _errors(refused)[0].startswith(
        "Someone else saved this event after you opened it (now revision 1, at "
    )
    assert _errors(refused)[0].endswith(
        "Your changes were not saved: reload the page to see theirs, then make yours again."
    )
    assert (event.place_en, event.title_en) == (
        "Sochi, Bocharov Ruchei",
        "Collective Security Council session, Sochi",
    )


# Roles and login -----------------------------------------------------------------------


def test_editors_group_has_exactly_the_calendar_permissions():
    group = Group.objects.get(name=EDITORS)

    codenames = set(group.permissions.values_list("codename", flat=True))

    assert codenames == editor_permission_codenames()
    assert "add_user" not in codenames
    assert {"change_event", "change_exercise", "view_historicalevent"} <= codenames


def test_staff_outside_editors_cannot_change_events(django_user_model, editor, seeded):
    staff = django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)
    event = Event.objects.get(slug="grom-2013")
    url = f"/admin/events/exercise/{event.pk}/change/"

    assert _client(staff).get(url).status_code == 403
    assert _client(staff).get("/admin/events/event/").status_code == 403
    assert _client(editor).get(url).status_code == 200


def _login(client, username, password, address):
    page = BeautifulSoup(client.get("/admin/login/", REMOTE_ADDR=address).content, "html.parser")
    token = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    return client.post(
        "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": username, "password": password,
         "next": "/admin/"},
        REMOTE_ADDR=address,
    )  # fmt: skip


def test_login_locks_a_username_from_an_address_after_five_failures(editor):
    attacker = Client(enforce_csrf_checks=True)
    for _ in range(5):
        _login(attacker, "editor", "wrong", "203.0.113.7")

    locked = _login(attacker, "editor", PASSWORD, "203.0.113.7")
    elsewhere = _login(Client(enforce_csrf_checks=True), "editor", PASSWORD, "198.51.100.2")
    spoofed = Client(enforce_csrf_checks=True)
    page = BeautifulSoup(
        spoofed.get("/admin/login/", REMOTE_ADDR="203.0.113.7").content, "html.parser"
    )
    forged = spoofed.post(
        "/admin/login/",
        {"csrfmiddlewaretoken": page.select_one("input[name=csrfmiddlewaretoken]")["value"],
         "username": "editor", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )  # fmt: skip

    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert elsewhere.status_code == 302
    assert forged.status_code == 429


def test_four_failures_do_not_lock(editor):
    client = Client(enforce_csrf_checks=True)
    for _ in range(4):
        _login(client, "editor", "wrong", "203.0.113.8")

    assert _login(client, "editor", PASSWORD, "203.0.113.8").status_code == 302


# Actions ------------------------------------------------------------------------------


def _action(client, page: str, action: str, events) -> BeautifulSoup:
    url = f"/admin/events/{page}/"
    token = _page(client, url).select_one("input[name=csrfmiddlewaretoken]")["value"]
    response = client.post(
        url,
        {"csrfmiddlewaretoken": token, "action": action,
         "_selected_action": [e.pk for e in events]},
        follow=True,
    )  # fmt: skip
    return BeautifulSoup(response.content, "html.parser")


def test_copy_an_exercise_as_next_years_draft(editor, seeded):
    client = _client(editor)
    interaction = Event.objects.get(slug="interaction-2013")

    soup = _action(client, "exercise", "copy_as_next_year_draft", [interaction])
    again = _action(client, "exercise", "copy_as_next_year_draft", [interaction])

    draft = Event.objects.get(slug="interaction-2014")
    assert (draft.display_name, draft.status, draft.published, draft.country.code) == (
        "Interaction-2014",
        Status.TENTATIVE,
        False,
        "BY",
    )
    assert (draft.start_date, draft.start_precision, draft.end_date, draft.end_precision) == (
        dt.date(2014, 1, 1),
        Precision.YEAR,
        dt.date(2014, 12, 31),
        Precision.YEAR,
    )
    assert [text_of(li) for li in soup.select("ul.messagelist li")] == [
        "Drafts made (unpublished, tentative, dates to confirm): Interaction-2014"
    ]
    assert [text_of(li) for li in again.select("ul.messagelist li")] == [
        "Nothing was copied: fix or leave out what is named below.",
        "Interaction-2014: This series already has an exercise in that year.",
    ]


def test_cancel_selected_events(editor, seeded):
    client = _client(editor)
    events = list(Event.objects.filter(kind=Kind.EXERCISE))

    soup = _action(client, "exercise", "cancel_selected", events)

    assert set(Event.objects.filter(kind=Kind.EXERCISE).values_list("status", "revision")) == {
        (Status.CANCELLED, 1)
    }
    assert [text_of(li) for li in soup.select("ul.messagelist li")] == ["3 events cancelled."]


# English and Russian side by side ------------------------------------------------------


def test_english_and_russian_texts_share_a_row(admin_client):
    soup = _page(admin_client, "/admin/events/summit/add/")

    rows = [row["class"] for row in soup.select("div.form-row")]

    for pair in (["field-title_en", "field-title_ru"], ["field-place_en", "field-place_ru"],
                 ["field-description_en", "field-description_ru"]):  # fmt: skip
        assert any(set(pair) <= set(classes) for classes in rows), pair


# Adding and changing through the forms, as a superuser ----------------------


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


def test_the_slug_help_shows_an_example_address(admin_client):
    page = admin_client.get("/admin/events/exercise/add/")
    help_text = BeautifulSoup(page.content, "html.parser").select_one("#id_slug_helptext")

    assert text_of(help_text) == (
        "The last part of the event's address, as interaction-2013 in "
        "/events/interaction-2013/. Derived from the name when left empty."
    )


# Public changes ------------------------------------------------------------------------


def test_editors_see_what_readers_were_told_and_may_withdraw_an_entry_only(editor, seeded):
    event = Event.objects.get(slug="csc-session-2014")
    event.status = "confirmed"
    event.save()
    change = event.changes.get(kind="status")
    client = _client(editor)

    listing = BeautifulSoup(client.get("/admin/events/change/?kind=status").content, "html.parser")
    rows = [
        " ".join(row.get_text(" ", strip=True).split())
        for row in listing.select("#result_list tbody tr")
    ]
    assert len(rows) == 1
    assert "Next Collective Security Council session: confirmed: Tentative → Confirmed" in rows[0]
    assert client.get("/admin/events/change/add/").status_code == 403
    detail = client.get(f"/admin/events/change/{change.pk}/change/")
    assert b'name="kind"' not in detail.content  # shown, never edited
    token = BeautifulSoup(detail.content, "html.parser").select_one(
        "input[name=csrfmiddlewaretoken]"
    )["value"]
    edited = client.post(
        f"/admin/events/change/{change.pk}/change/",
        {"csrfmiddlewaretoken": token, "kind": "dates"},
    )
    assert edited.status_code == 403
    assert event.changes.get(pk=change.pk).kind == "status"

    client.post(
        f"/admin/events/change/{change.pk}/delete/", {"csrfmiddlewaretoken": token, "post": "yes"}
    )
    assert not event.changes.filter(kind="status").exists()
    assert event.changes.filter(kind="added").exists()
