"""Admin under hostile addresses, impossible actions, racing saves and curious staff:
never a 500, a message that names the problem, and nothing half-written."""

import datetime as dt
import threading

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import close_old_connections, connection
from django.test import Client

from events.enums import Kind, Status
from events.models import Event, Exercise, ExerciseSeries
from events.roles import EDITORS
from tests.conftest import PASSWORD, database_state, text_of
from tests.factories import EventFactory, ExerciseFactory, ExerciseSeriesFactory

pytestmark = pytest.mark.django_db

WHOLE = "The whole list is shown instead."


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _messages(response) -> list[str]:
    return [text_of(li) for li in _soup(response).select("ul.messagelist li")]


def _rows(response) -> list[str]:
    return [
        text_of(row.select_one("th")) for row in _soup(response).select("#result_list tbody tr")
    ]


# Lists asked for what they cannot filter by ---------------------------------------


@pytest.mark.parametrize(
    ("page", "query", "problem"),
    [
        ("event", "year=0", "“0” is not a year on the calendar: years run from 1900 to 2200."),
        ("event", "year=10000",
         "“10000” is not a year on the calendar: years run from 1900 to 2200."),
        ("event", "year=%C2%B2", "“²” is not a year on the calendar: years run from 1900 to 2200."),
        ("event", "year=" + "9" * 30,
         "“999999999999999999999999999999” is not a year on the calendar: years run from 1900 "
         "to 2200."),
        ("event", "kind__exact=%00",
         "“kind__exact” in the address holds a NUL character, which no filter or search can "
         "take."),
        ("event", "q=Sochi%00",
         "“q” in the address holds a NUL character, which no filter or search can take."),
        ("chairmanshipterm", "start_date__year=0",
         "“0” is not a year on the calendar: years run from 1900 to 2200."),
        ("event", "start_date__year=0",
         "“0” is not a year on the calendar: years run from 1900 to 2200."),
        ("event", "start_date__year=9999",
         "“9999” is not a year on the calendar: years run from 1900 to 2200."),
        ("event", "start_date__year=99999999999999999999",
         "“99999999999999999999” is not a year on the calendar: years run from 1900 to 2200."),
        ("event", "created_at__year__gte=0",
         "“0” is not a year on the calendar: years run from 1900 to 2200."),
        ("event", "start_date__year=2013&start_date__month=13",
         "“13” is not a month: give 1 to 12."),
        ("event", "start_date__year=2013&start_date__month=2&start_date__day=30",
         "“30” is not a day of that month."),
        ("summit", "title_en__regex=%5B",
         "“title_en__regex”: lists are not filtered by regular expressions."),
        ("event", "series__id__exact=abc", "The list cannot be filtered the way its address asks."),
        ("exerciseseries", "q=%00",
         "“q” in the address holds a NUL character, which no filter or search can take."),
    ],
)  # fmt: skip
def test_admin_list_explains_a_filter_it_cannot_apply(admin_client, seeded, page, query, problem):
    everything = _rows(admin_client.get(f"/admin/events/{page}/"))

    response = admin_client.get(f"/admin/events/{page}/?{query}", follow=True)

    assert response.redirect_chain == [(f"/admin/events/{page}/?e=1", 302)]
    assert _messages(response) == [f"{problem} {WHOLE}"]
    assert _rows(response) == everything
    assert len(everything) > 1


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("/admin/auth/user/?username=%00",
         "“username” in the address holds a NUL character, which no filter or search can take."),
        ("/admin/auth/group/?q=%00",
         "“q” in the address holds a NUL character, which no filter or search can take."),
        ("/admin/auth/user/?date_joined__year=0",
         "“0” is not a year on the calendar: years run from 1900 to 2200."),
        ("/admin/axes/accessattempt/?username__iregex=(",
         "“username__iregex”: lists are not filtered by regular expressions."),
    ],
)  # fmt: skip
def test_every_admin_list_explains_a_filter_it_cannot_apply(admin_client, url, problem):
    response = admin_client.get(url, follow=True)

    assert response.redirect_chain == [(url.split("?")[0] + "?e=1", 302)]
    assert _messages(response) == [f"{problem} {WHOLE}"]


@pytest.mark.parametrize("query", ["o=abc", "o=1.-99.x", "p=-1", "p=abc", "p=99999999999", "e=1"])
def test_admin_list_shrugs_off_a_hostile_order_page_or_error_flag(admin_client, seeded, query):
    response = admin_client.get(f"/admin/events/exercise/?{query}")

    assert response.status_code == 200
    assert sorted(_rows(response)) == [
        "Grom-2013",
        "Interaction-2013",
        "Unbreakable Brotherhood-2013",
    ]


def test_admin_list_still_filtering_badly_after_the_whole_list_says_so(admin_client, seeded):
    response = admin_client.get("/admin/events/event/?e=1&year=0")

    assert response.status_code == 200
    assert text_of(_soup(response).select_one("#content h1")) == "This list cannot be shown"
    assert text_of(_soup(response).select_one("#content p")) == (
        "Its address asks for filters the list cannot apply. Open the list again from the "
        "menu, without them."
    )


def test_admin_list_good_year_and_hierarchy_filters_still_apply(admin_client, seeded):
    by_year = admin_client.get("/admin/events/exercise/?year=2013")
    by_month = admin_client.get(
        "/admin/events/exercise/?start_date__year=2013&start_date__month=10&start_date__day=7"
    )

    assert sorted(_rows(by_year)) == [
        "Grom-2013",
        "Interaction-2013",
        "Unbreakable Brotherhood-2013",
    ]
    assert _rows(by_month) == ["Unbreakable Brotherhood-2013"]
    assert _messages(by_year) == _messages(by_month) == []


# History pages ----------------------------------------------------------------------


def test_every_series_history_page_shows_who_changed_it(editor, seeded):
    client = _client(editor)
    grom = ExerciseSeries.objects.get(slug="grom")
    page = _soup(client.get(f"/admin/events/exerciseseries/{grom.pk}/change/"))
    data = {
        field["name"]: field.get("value", "") or field.get_text()
        for field in page.select("form#exerciseseries_form [name]")
        if field.get("type") != "submit"
    }
    data["name_en"] = "Thunder"

    saved = client.post(f"/admin/events/exerciseseries/{grom.pk}/change/", data)
    pages = {
        series.slug: client.get(f"/admin/events/exerciseseries/{series.pk}/history/")
        for series in ExerciseSeries.objects.all()
    }

    assert saved.status_code == 302
    assert {slug: page.status_code for slug, page in pages.items()} == dict.fromkeys(
        ["grom", "interaction", "unbreakable-brotherhood"], 200
    )
    rows = [
        [text_of(td) for td in tr.select("th, td")]
        for tr in _soup(pages["grom"]).select("#change-history tbody tr")
    ]
    assert len(rows) == 1
    assert rows[0][1:] == ["editor", "Changed Name (English)."]


@pytest.mark.parametrize(
    "path",
    ["{pk}/history/abc/", "{pk}/history/%C2%B2/", "{pk}/history/99999999999999999999/",
     "abc/history/", "%00/history/", "99999999999999999999/history/"],
)  # fmt: skip
def test_history_of_a_hostile_id_is_not_found(admin_client, seeded, path):
    event = Event.objects.get(slug="grom-2013")

    response = admin_client.get("/admin/events/event/" + path.format(pk=event.pk))

    assert response.status_code == 404
    assert "Nothing is published at /" in response.content.decode()


# Actions: all or nothing --------------------------------------------------------------


def _action(client, page: str, action: str, events) -> tuple[int, list[str]]:
    url = f"/admin/events/{page}/"
    token = _soup(client.get(url)).select_one("input[name=csrfmiddlewaretoken]")["value"]
    response = client.post(
        url,
        {"csrfmiddlewaretoken": token, "action": action,
         "_selected_action": [e.pk for e in events]},
        follow=True,
    )  # fmt: skip
    return response.status_code, _messages(response)


def test_copy_refuses_them_all_when_the_next_slug_is_taken(editor, seeded):
    EventFactory(title_en="Interaction 2014 planning conference", slug="interaction-2014")
    chosen = list(Event.objects.filter(slug__in=["grom-2013", "interaction-2013"]))
    before = database_state()

    status, messages = _action(_client(editor), "exercise", "copy_as_next_year_draft", chosen)

    assert status == 200
    assert messages == [
        "Nothing was copied: fix or leave out what is named below.",
        "Interaction-2014: Event with this Slug already exists.",
    ]
    assert database_state() == before


def test_copy_refuses_them_all_when_a_year_would_pass_the_calendar(editor, seeded):
    late = ExerciseFactory(
        series=ExerciseSeriesFactory(name_en="Frontier"), start_date=dt.date(2200, 6, 1)
    )
    odd = ExerciseFactory(series=ExerciseSeriesFactory(name_en="Shield"), series_year=32767)
    grom = Event.objects.get(slug="grom-2013")
    before = database_state()

    status, messages = _action(
        _client(editor), "exercise", "copy_as_next_year_draft", [grom, late, odd]
    )

    assert status == 200
    assert messages == [
        "Nothing was copied: fix or leave out what is named below.",
        "Frontier-2201: Dates must fall between 1900-01-01 and 2200-12-31.",
        "Shield-32768: Dates must fall between 1900-01-01 and 2200-12-31.",
    ]
    assert database_state() == before
    assert not Event.objects.filter(slug="grom-2014").exists()


def test_copy_refuses_an_edition_already_on_the_calendar(editor, seeded):
    interaction = Event.objects.get(slug="interaction-2013")
    ExerciseFactory(series=interaction.series, start_date=dt.date(2014, 8, 1), slug="i-14")
    before = database_state()

    status, messages = _action(
        _client(editor), "exercise", "copy_as_next_year_draft", [interaction]
    )

    assert status == 200
    assert messages == [
        "Nothing was copied: fix or leave out what is named below.",
        "Interaction-2014: This series already has an exercise in that year.",
    ]
    assert database_state() == before


def test_copy_makes_every_draft_when_nothing_is_wrong(editor, seeded):
    chosen = list(Event.objects.filter(kind=Kind.EXERCISE))

    status, messages = _action(_client(editor), "exercise", "copy_as_next_year_draft", chosen)

    assert status == 200
    assert messages == [
        "Drafts made (unpublished, tentative, dates to confirm): Grom-2014, Interaction-2014, "
        "Unbreakable Brotherhood-2014"
    ]
    assert set(
        Event.objects.filter(series_year=2014).values_list("slug", "status", "published")
    ) == {
        ("grom-2014", Status.TENTATIVE, False),
        ("interaction-2014", Status.TENTATIVE, False),
        ("unbreakable-brotherhood-2014", Status.TENTATIVE, False),
    }


def test_cancel_refuses_them_all_when_one_breaks_the_calendars_rules(editor, seeded):
    # A row written before the calendar's date range was enforced.
    legacy = EventFactory(title_en="Old import", start_date=dt.date(2013, 5, 1))
    Event.objects.filter(pk=legacy.pk).update(end_date=dt.date(2999, 1, 1))
    sochi = Event.objects.get(slug="csc-session-2013-sochi")
    before = database_state()

    status, messages = _action(_client(editor), "summit", "cancel_selected", [sochi, legacy])

    assert status == 200
    assert messages == [
        "Nothing was cancelled: fix or leave out what is named below.",
        "Old import: Dates must fall between 1900-01-01 and 2200-12-31.",
    ]
    assert database_state() == before


# No lost edits, even when saves race ---------------------------------------------------


def _change_form(client, url: str) -> dict:
    form = _soup(client.get(url)).select_one("form#summit_form")
    data = {}
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.name == "select":
            values = [o.get("value", "") for o in field.select("option[selected]")]
            data[name] = values if field.has_attr("multiple") else (values[0] if values else "")
        elif field.name == "textarea":
            data[name] = field.get_text()
        elif field.get("type") != "checkbox":
            data[name] = field.get("value", "")
        elif field.has_attr("checked"):
            data[name] = field.get("value", "on")
    return data


STALE = "Someone else saved this event after you opened it"


@pytest.mark.django_db(transaction=True)
def test_concurrent_admin_saves_with_one_etag_give_one_success(django_user_model):
    """On PostgreSQL twelve threads, each with its own connection, post the same form
    at once; SQLite writes one at a time, so there they come one after another."""
    writers = 12
    users = [
        django_user_model.objects.create_superuser(f"editor{n}", password=PASSWORD)
        for n in range(writers)
    ]
    event = EventFactory(title_en="Session", place_en="Minsk")
    url = f"/admin/events/summit/{event.pk}/change/"
    loaded = _change_form(_client(users[0]), url)
    clients = []
    for user in users:
        clients.append(Client())  # no CSRF token to carry between threads
        clients[-1].force_login(user)
    parallel = connection.vendor == "postgresql"
    barrier = threading.Barrier(writers if parallel else 1)
    outcomes: list[tuple[int, bool]] = []

    def save(number: int) -> None:
        client = clients[number]
        data = {**loaded, "title_en": f"Writer {number}"}
        barrier.wait()
        try:
            response = client.post(url, data)
            outcomes.append((response.status_code, STALE in response.content.decode()))
        finally:
            close_old_connections()
            connection.close()

    if parallel:
        threads = [threading.Thread(target=save, args=(n,)) for n in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for number in range(writers):
            save(number)

    event.refresh_from_db()
    assert sorted(outcomes) == [(200, True)] * (writers - 1) + [(302, False)]
    assert event.revision == 1
    assert event.title_en.startswith("Writer ")
    assert event.history.count() == 2


# View on site ---------------------------------------------------------------------------


@pytest.fixture
def unpublished(db):
    return EventFactory(title_en="Secret session", slug="secret-session-2014", published=False)


def _shortcut(event, model=Event) -> str:
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return f"/admin/r/{content_type.pk}/{event.pk}/"


def test_view_on_site_hides_the_address_from_staff_without_event_permissions(
    django_user_model, unpublished
):
    staff = _client(django_user_model.objects.create_user("staff", PASSWORD, is_staff=True))
    missing = EventFactory.build(pk=999_999)

    asked = staff.get(_shortcut(unpublished))
    as_proxy = staff.get(_shortcut(unpublished, Exercise))
    nothing = staff.get(_shortcut(missing))

    assert (asked.status_code, as_proxy.status_code, nothing.status_code) == (404, 404, 404)
    assert "Location" not in asked
    assert b"secret-session" not in asked.content
    # The same page as for an event that does not exist, but for the address it names.
    assert asked.content.replace(_shortcut(unpublished).encode(), b"") == nothing.content.replace(
        _shortcut(missing).encode(), b""
    )


@pytest.mark.parametrize("who", ["editor", "viewer", "superuser"])
def test_view_on_site_redirects_those_who_may_see_events(django_user_model, unpublished, who):
    if who == "editor":
        user = django_user_model.objects.create_user("e", PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=EDITORS))
    elif who == "viewer":
        user = django_user_model.objects.create_user("v", PASSWORD, is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="view_event"))
    else:
        user = django_user_model.objects.create_superuser("s", password=PASSWORD)
    client = _client(user)

    response = client.get(_shortcut(unpublished))

    assert response.status_code == 302
    assert response["Location"].endswith("/events/secret-session-2014/")


@pytest.mark.parametrize("path", ["abc/1/", "%C2%B2/1/", "99999999999/1/", "1/abc/"])
def test_view_on_site_with_a_hostile_address_is_not_found(admin_client, path):
    response = admin_client.get("/admin/r/" + path)

    assert response.status_code == 404
    assert "Nothing is published at /" in response.content.decode()


def test_an_earlier_version_is_shown_to_read_and_never_saved_back(admin_client, seeded):
    event = Event.objects.get(slug="csc-session-2013-sochi")
    url = f"/admin/events/summit/{event.pk}/change/"
    data = _change_form(admin_client, url)
    data["place_en"] = "Sochi, Bocharov Ruchei"
    assert admin_client.post(url, data).status_code == 302
    first = event.history.order_by("history_id").first()
    version_url = f"/admin/events/summit/{event.pk}/history/{first.history_id}/"
    page = _soup(admin_client.get(version_url))
    before = database_state()

    revert = admin_client.post(version_url, {**data, "place_en": "Sochi", "_continue": "1"})

    assert [b.get("value") for b in page.select("input[type=submit]")] == []
    assert text_of(page.select_one("#content h1")).startswith("View ")
    assert revert.status_code == 405
    assert database_state() == before
    event.refresh_from_db()
    assert (event.revision, event.place_en) == (1, "Sochi, Bocharov Ruchei")
