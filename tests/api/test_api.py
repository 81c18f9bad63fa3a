"""The JSON API: reading, writing with permissions and If-Match, filters and windows,
the OpenAPI document, throttling, query counts."""

import datetime as dt
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import close_old_connections, connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Event
from events.seed.statement_2013 import seed_uid
from tests.factories import EventFactory, ExerciseFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(django_user_model):
    """Signed in, but without the permissions to change events."""
    user = django_user_model.objects.create_user("reader", password="x" * 20)
    client = APIClient()
    client.force_authenticate(user)
    return client


NEW_SUMMIT = {
    "kind": "summit",
    "title_en": "Collective Security Council session, Moscow",
    "title_ru": "Сессия Совета коллективной безопасности, Москва",
    "country": "RU",
    "place_en": "Moscow",
    "start_date": "2014-12-23",
    "end_date": "2014-12-23",
}


# Reading -----------------------------------------------------------------------


def test_list_is_public_paginated_and_chronological(seeded, api):
    response = api.get("/api/events/?kind=exercise")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 3
    assert [e["name_en"] for e in body["results"]] == [
        "Interaction-2013",
        "Grom-2013",
        "Unbreakable Brotherhood-2013",
    ]
    assert body["results"][0]["name_ru"] == "Взаимодействие-2013"
    assert body["results"][0]["series"] == "interaction"
    assert body["results"][0]["url"] == "http://testserver/events/interaction-2013/"


def test_detail_carries_an_etag(seeded, api):
    uid = seed_uid("chairmanship-russia-2013")

    response = api.get(f"/api/events/{uid}/")

    body = response.json()
    assert response["ETag"] == body["etag"] == Event.objects.get(uid=uid).etag
    assert (body["start_date"], body["end_date"], body["end_precision"]) == (
        "2013-09-23",
        "2014-12-31",
        "year",
    )


def test_unknown_and_malformed_uids_are_not_found(api):
    assert api.get("/api/events/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert api.get("/api/events/not-a-uid/").status_code == 404


def test_unpublished_events_are_hidden_from_the_public(api, editor_api):
    draft = EventFactory(published=False)

    assert api.get(f"/api/events/{draft.uid}/").status_code == 404
    assert api.get("/api/events/").json()["count"] == 0
    assert editor_api.get(f"/api/events/{draft.uid}/").status_code == 200


def test_series_and_countries_are_read_only_lists(seeded, api):
    series = api.get("/api/series/").json()
    countries = api.get("/api/countries/").json()

    assert [s["slug"] for s in series] == ["grom", "interaction", "unbreakable-brotherhood"]
    assert api.get("/api/countries/kg/").json() == {
        "code": "KG",
        "name_en": "Kyrgyzstan",
        "name_ru": "Кыргызстан",
    }
    assert [c["code"] for c in countries] == ["AM", "BY", "KG", "KZ", "RU", "TJ"]
    assert api.post("/api/series/", {"slug": "x"}).status_code in {401, 403, 405}
    assert api.get("/api/countries/xx/").status_code == 404


# Filters and windows --------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("start=2013-09-20&end=2013-09-20", ["Chairmanship: Kyrgyzstan", "Interaction-2013",
                                             "Grom-2013"]),
        ("country=BY,KG&kind=exercise", ["Interaction-2013", "Grom-2013"]),
        ("series=unbreakable-brotherhood", ["Unbreakable Brotherhood-2013"]),
        ("status=tentative", ["Next Collective Security Council session"]),
        ("q=сочи", ["Collective Security Council session, Sochi"]),
        ("kind=summit&kind=milestone&start=2014-01-01&end=2014-06-30",
         ["Activity plan for military cooperation through 2020",
          "Next Collective Security Council session", "CSTO budget for 2014"]),
    ],
)  # fmt: skip
def test_filters_and_windows(seeded, api, query, names):
    response = api.get(f"/api/events/?{query}")

    assert response.status_code == 200
    assert [e["name_en"] for e in response.json()["results"]] == names


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("start=2013-09-30&end=2013-09-01", {"end": ["The end is before the start."]}),
        ("start=2000-01-01&end=2030-01-01", {"end": ["The window is longer than 3660 days."]}),
        ("start=2013-13-01", {"start": ["Write the date like 2013-09-19."]}),
        ("start=99999-01-01", {"start": ["Write the date like 2013-09-19."]}),
        # The words pages and feeds use (events/web/filters.py), each value named.
        ("kind=party", {"kind": ["There is no kind “party”."]}),
        ("kind=party,exercise,fete", {"kind": ["There is no kind “party”.",
                                               "There is no kind “fete”."]}),
        ("country=XX", {"country": ["“XX” is not an ISO 3166 country code."]}),
        ("status=maybe", {"status": ["There is no status “maybe”."]}),
        ("q=" + "x" * 101, {"q": ["The search text is longer than 100 characters."]}),
    ],
)  # fmt: skip
def test_bad_queries_get_400_with_field_errors(api, query, errors):
    response = api.get(f"/api/events/?{query}")

    assert response.status_code == 400
    assert response.json() == errors


def test_absurd_page_sizes_are_clamped(api):
    for day in range(3):
        EventFactory(start_date=dt.date(2013, 9, 1 + day))

    huge = api.get("/api/events/?page_size=1000000").json()
    negative = api.get("/api/events/?page_size=-5").json()
    small = api.get("/api/events/?page_size=2").json()

    assert len(huge["results"]) == 3
    assert len(negative["results"]) == 3
    assert (len(small["results"]), small["next"]) == (
        2,
        "http://testserver/api/events/?page=2&page_size=2",
    )
    assert api.get("/api/events/?page=99").status_code == 404


# Writing -------------------------------------------------------------------------


def test_anonymous_and_unprivileged_clients_cannot_write(api, reader):
    assert api.post("/api/events/", NEW_SUMMIT, format="json").status_code == 401
    assert reader.post("/api/events/", NEW_SUMMIT, format="json").status_code == 403
    assert Event.objects.count() == 0


def test_create_returns_the_event_with_its_etag_and_location(editor_api):
    response = editor_api.post("/api/events/", NEW_SUMMIT, format="json")

    body = response.json()
    event = Event.objects.get()
    assert response.status_code == 201
    assert (body["uid"], body["slug"], body["revision"]) == (
        str(event.uid),
        "collective-security-council-session-moscow",
        0,
    )
    assert response["ETag"] == event.etag
    assert response["Location"] == f"http://testserver/api/events/{event.uid}/"


def test_session_authentication_works_with_csrf(django_user_model):
    user = django_user_model.objects.create_superuser("admin", password="x" * 20)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    refused = client.post("/api/events/", NEW_SUMMIT, format="json")

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]


def test_validation_mirrors_the_model(editor_api):
    TermFactory(country="KG", start_date=dt.date(2012, 12, 19), end_date=dt.date(2013, 9, 23))

    overlap = editor_api.post(
        "/api/events/",
        {"kind": "term", "country": "RU", "start_date": "2013-09-01", "end_date": "2014-12-31"},
        format="json",
    )
    backwards = editor_api.post(
        "/api/events/", {**NEW_SUMMIT, "end_date": "2014-12-01"}, format="json"
    )

    assert overlap.status_code == 400
    assert overlap.json() == {
        "start_date": [
            "This term overlaps Chairmanship: Kyrgyzstan (19 December 2012 – 23 September "
            "2013). Terms may share only the handover day; change one of them first."
        ]
    }
    assert backwards.json() == {"end_date": ["The end cannot be before the start."]}
    assert Event.objects.count() == 1


def test_duplicate_slug_is_a_clear_400(editor_api):
    EventFactory(slug="collective-security-council-session-moscow")

    response = editor_api.post("/api/events/", NEW_SUMMIT, format="json")

    assert response.status_code == 400
    assert response.json() == {"slug": ["Event with this Slug already exists."]}


def test_writes_need_if_match(editor_api):
    event = EventFactory(title_en="Session")
    url = f"/api/events/{event.uid}/"

    missing = editor_api.patch(url, {"title_en": "Renamed"}, format="json")
    stale = editor_api.patch(url, {"title_en": "Renamed"}, format="json", HTTP_IF_MATCH='"stale"')
    delete_missing = editor_api.delete(url)

    assert (missing.status_code, stale.status_code, delete_missing.status_code) == (428, 412, 428)
    assert stale.json() == {
        "detail": "The event has changed since you read it; fetch it again and retry."
    }
    event.refresh_from_db()
    assert (event.title_en, event.revision) == ("Session", 0)


def test_patch_with_the_current_etag_succeeds_and_the_etag_moves(editor_api):
    event = EventFactory(title_en="Session")
    url = f"/api/events/{event.uid}/"
    etag = editor_api.get(url)["ETag"]

    response = editor_api.patch(url, {"title_en": "Renamed"}, format="json", HTTP_IF_MATCH=etag)
    again = editor_api.patch(url, {"title_en": "Again"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert response.json()["revision"] == 1
    assert response["ETag"] != etag
    assert again.status_code == 412
    assert Event.objects.get().title_en == "Renamed"


def test_put_replaces_and_delete_removes(editor_api):
    event = ExerciseFactory(start_date=dt.date(2015, 5, 1))
    url = f"/api/events/{event.uid}/"
    etag = editor_api.get(url)["ETag"]

    put = editor_api.put(url, NEW_SUMMIT, format="json", HTTP_IF_MATCH=etag)
    deleted = editor_api.delete(url, HTTP_IF_MATCH=put["ETag"])

    assert put.status_code == 200
    assert put.json()["kind"] == "summit"
    assert deleted.status_code == 204
    assert Event.objects.count() == 0


def test_invalid_json_and_wrong_types_are_400(editor_api):
    bad_json = editor_api.generic("POST", "/api/events/", "{not json", "application/json")
    wrong = editor_api.post("/api/events/", {**NEW_SUMMIT, "participants": "RU"}, format="json")

    assert bad_json.status_code == 400
    assert wrong.status_code == 400
    assert wrong.json() == {"participants": ['Expected a list of items but got type "str".']}


# Throttling ------------------------------------------------------------------------


def test_throttling_answers_429_with_retry_after(api, settings):
    settings.CSTOCAL_API_RATE_ANON = "3/min"

    statuses = [api.get("/api/events/").status_code for _ in range(4)]
    limited = api.get("/api/events/")

    assert statuses == [200, 200, 200, 429]
    assert int(limited["Retry-After"]) > 0
    assert "throttled" in limited.json()["detail"]


def test_anonymous_clients_are_held_to_the_anonymous_rate_alone(api, reader, settings):
    # A deployment may allow anonymous readers more than signed-in ones.
    settings.CSTOCAL_API_RATE_ANON = "5/min"
    settings.CSTOCAL_API_RATE_USER = "2/min"

    anonymous = [api.get("/api/events/").status_code for _ in range(6)]
    signed_in = [reader.get("/api/events/").status_code for _ in range(3)]

    assert anonymous == [200] * 5 + [429]
    assert signed_in == [200, 200, 429]


# OpenAPI ---------------------------------------------------------------------------


def test_openapi_schema_validates_without_warnings(tmp_path):
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(tmp_path / "schema.yml"),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "openapi: 3" in (tmp_path / "schema.yml").read_text()


def test_schema_and_docs_are_served_without_a_cdn(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    docs = api.get("/api/docs/")

    assert schema.status_code == 200
    assert "/api/events/{uid}/" in schema.json()["paths"]
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html


def test_the_schema_marks_reads_public_and_writes_authenticated(api):
    paths = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]

    reads = [op for ops in paths.values() for method, op in ops.items() if method == "get"]
    writes = [
        op
        for ops in paths.values()
        for method, op in ops.items()
        if method in {"post", "put", "patch", "delete"}
    ]
    assert reads
    assert all(op["security"] == [] for op in reads)
    assert writes
    assert all(
        {"tokenAuth", "cookieAuth"} <= {name for scheme in op["security"] for name in scheme}
        for op in writes
    )


# Query counts -----------------------------------------------------------------------


def test_a_cached_read_sees_the_next_change(api):
    event = ExerciseFactory(start_date=dt.date(2013, 9, 1), place_en="Brest")
    url = "/api/events/?start=2013-09-01&end=2013-09-30"
    api.get(url)
    api.get(f"/api/events/{event.uid}/")

    event.place_en = "Sochi"
    event.save()

    assert api.get(url).json()["results"][0]["place_en"] == "Sochi"
    detail = api.get(f"/api/events/{event.uid}/")
    assert detail.json()["place_en"] == "Sochi"
    assert detail["ETag"] == event.etag


def test_editors_never_get_a_cached_public_answer(api, django_user_model):
    ExerciseFactory(start_date=dt.date(2013, 9, 1), published=False)
    url = "/api/events/?start=2013-09-01&end=2013-09-30"
    assert api.get(url).json()["count"] == 0

    editor = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    api.force_authenticate(editor)

    assert api.get(url).json()["count"] == 1


# Concurrency (PostgreSQL: real row locks between real connections) ---------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_with_one_etag_give_one_success(django_user_model):
    """On PostgreSQL twenty threads race on one row; SQLite writes one at a time anyway,
    so there they come one after another, with the same outcome required."""
    user = django_user_model.objects.create_superuser("admin", password="x" * 20)
    token = Token.objects.create(user=user).key
    event = EventFactory(title_en="Session")
    etag = event.etag
    barrier = threading.Barrier(20)
    statuses: list[int] = []

    def patch(number: int) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        barrier.wait()
        try:
            response = client.patch(
                f"/api/events/{event.uid}/",
                {"title_en": f"Writer {number}"},
                format="json",
                HTTP_IF_MATCH=etag,
            )
            statuses.append(response.status_code)
        finally:
            close_old_connections()
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=patch, args=(n,)) for n in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        barrier = threading.Barrier(1)
        for number in range(20):
            patch(number)

    event.refresh_from_db()
    assert sorted(statuses) == [200] + [412] * 19
    assert event.revision == 1
    assert event.title_en.startswith("Writer ")
