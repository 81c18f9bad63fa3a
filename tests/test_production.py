"""Production readiness: deploy checks, security headers on every route, error pages,
a database outage, request logs, backup and restore."""

import json
import logging
import subprocess
import sys
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.test import Client, override_settings

from events.models import Event, ExerciseSeries
from events.seed.statement_2013 import seed_uid
from tests.conftest import text_of

pytestmark = pytest.mark.django_db

SECRET = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cstocal.settings", **env},
        timeout=120,
        check=False,
    )


def test_deploy_checks_pass_with_production_settings():
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="calendar.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_plain_http_is_redirected_to_https_but_health_checks_are_not(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    page = client.get("/2013/09/")
    health = client.get("/healthz")

    assert (page.status_code, page["Location"]) == (301, "https://testserver/2013/09/")
    assert health.status_code == 200


ROUTES = [
    "/",
    "/2013/09/",
    "/2013/",
    "/agenda/",
    "/timeline/",
    "/events/interaction-2013/",
    "/ru/2013/09/",
    "/calendar.ics",
    "/events/interaction-2013.ics",
    "/api/events/",
    f"/api/events/{seed_uid('grom-2013')}/",
    "/api/series/",
    "/api/countries/",
    "/api/schema/",
    "/api/docs/",
    "/admin/login/",
    "/admin/",
    "/healthz",
    "/robots.txt",
    "/no-such-page/",
    "/ru/no-such-page/",
    "/api/no-such-endpoint/",
    "/calendar.ics?lang=xx",
    "/api/events/?start=nope",
]


@pytest.mark.parametrize("url", ROUTES)
def test_every_route_sends_the_security_headers(seeded, url):
    client = Client(enforce_csrf_checks=True)

    response = client.get(url, secure=True)

    csp = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in csp["script-src"]
    assert "unsafe-eval" not in csp["script-src"]
    assert (csp["object-src"], csp["base-uri"], csp["frame-ancestors"]) == ("'none'",) * 3
    for cookie in response.cookies.values():
        assert cookie["secure"] is True, (url, cookie.key)
        assert cookie["httponly"] is True, (url, cookie.key)


def test_session_cookie_after_sign_in_is_secure_and_httponly(django_user_model):
    django_user_model.objects.create_superuser("admin", password="a long passphrase 1")
    client = Client(enforce_csrf_checks=True)
    page = BeautifulSoup(client.get("/admin/login/", secure=True).content, "html.parser")

    response = client.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": page.select_one("input[name=csrfmiddlewaretoken]")["value"],
            "username": "admin",
            "password": "a long passphrase 1",
        },
        secure=True,
        HTTP_REFERER="https://testserver/admin/login/",
    )

    session = response.cookies["sessionid"]
    assert response.status_code == 302
    assert (session["secure"], session["httponly"]) == (True, True)


# Error pages -----------------------------------------------------------------------

LEAKS = ["Traceback", "SELECT ", "SECRET_KEY", "DATABASE", "settings.py", 'File "']


def _assert_clean(body: str) -> None:
    for leak in LEAKS:
        assert leak not in body, leak


@pytest.mark.parametrize(
    ("url", "language", "title"),
    [
        ("/no-such-page/", "en", "Page not found"),
        ("/ru/no-such-page/", "ru", "Страница не найдена"),
        ("/2013/13/", "en", "Page not found"),
    ],
)
def test_404_pages_in_both_languages(client, url, language, title):
    response = client.get(url)

    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 404
    assert (soup.html["lang"], text_of(soup.h1)) == (language, title)
    assert url in text_of(soup.main)  # it speaks of the address asked for
    assert [a["href"].removeprefix("/ru") for a in soup.select("main a")][1:] == [
        "/agenda/?from=1900-01-01",
        "/sources/",
    ]
    _assert_clean(response.content.decode())


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/2013/09/", "Bad request"),
        ("/ru/2013/09/", "Неверный запрос"),
        ("/calendar.ics", "Bad request"),
    ],
)
def test_400_for_a_host_not_allowed(client, url, title, settings):
    settings.CSTOCAL_SITE_URL = "https://calendar.example.org"  # the feed never reads Host
    response = client.get(url, HTTP_HOST="evil.example.com")

    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 400
    assert text_of(soup.h1) == title
    _assert_clean(response.content.decode())


@pytest.mark.parametrize(
    ("url", "title"), [("/admin/login/", "Not allowed"), ("/ru/go/", "Доступ запрещён")]
)
def test_403_for_a_form_without_its_csrf_token(url, title):
    client = Client(enforce_csrf_checks=True)

    response = client.post(url, {"username": "x", "password": "y"})

    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 403
    assert text_of(soup.h1) == title
    _assert_clean(response.content.decode())


def test_500_page_tells_nothing_of_the_error(client, caplog):
    with override_settings(ROOT_URLCONF="tests.broken_urls"):
        client.raise_request_exception = False
        response = client.get("/broken/")

    # The view's own error, logged with its traceback; not shown.
    logged = [r.exc_info[0] for r in caplog.records if r.name == "django.request" and r.exc_info]
    assert logged == [ZeroDivisionError]
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "Ошибка на сервере" in body
    _assert_clean(body)
    assert "ZeroDivisionError" not in body


OUTAGE = (
    "import django; django.setup();"
    "from django.test import Client;"
    "c = Client();"
    "out = {}\n"
    "for url in ['/2013/09/', '/ru/2013/09/', '/api/events/', '/calendar.ics', '/healthz']:\n"
    "    r = c.get(url)\n"
    "    out[url] = [r.status_code, r.get('Retry-After'), r['Content-Type'],"
    " r.content.decode()[:2000]]\n"
    "import json; print(json.dumps(out))"
)


def test_database_outage_answers_503_with_retry_after():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", OUTAGE],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "cstocal.settings",
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:9/none?connect_timeout=2",
        },
    )

    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert {url: a[:2] for url, a in answers.items()} == {
        "/2013/09/": [503, "30"],
        "/ru/2013/09/": [503, "30"],
        "/api/events/": [503, "30"],
        "/calendar.ics": [503, "30"],
        "/healthz": [503, "30"],
    }
    assert "Briefly unavailable" in answers["/2013/09/"][3]
    assert "Временно недоступно" in answers["/ru/2013/09/"][3]
    assert answers["/api/events/"][2] == "application/json"
    assert json.loads(answers["/api/events/"][3]) == {
        "detail": "The service is briefly unavailable. Please retry shortly."
    }
    for answer in answers.values():
        _assert_clean(answer[3])


# Logs --------------------------------------------------------------------------------


def test_one_log_line_per_request_with_status_and_duration(seeded, client, caplog):
    with caplog.at_level(logging.INFO, logger="cstocal.request"):
        client.get("/2013/09/")
        client.get("/no-such-page/")
        client.get("/calendar.ics")

    lines = [r for r in caplog.records if r.name == "cstocal.request"]
    assert [(r.method, r.path, r.status) for r in lines] == [
        ("GET", "/2013/09/", 200),
        ("GET", "/no-such-page/", 404),
        ("GET", "/calendar.ics", 200),
    ]
    assert all(r.duration_ms >= 0 for r in lines)
    assert lines[0].getMessage().startswith("GET /2013/09/ 200 ")


# Backup and restore ----------------------------------------------------------------------

# Permissions and content types are made by migrate; the backup refers to them by name.
BACKUP_APPS = ["events", "auth.group", "auth.user", "authtoken"]


def _events_snapshot():
    return sorted(
        (str(e.uid), tuple(sorted(model_to_dict(e, exclude=["id", "series"]).items(), key=str)))
        for e in Event.objects.all()
    )


# Transactional: PostgreSQL cannot TRUNCATE (flush) inside the test's own transaction.
@pytest.mark.django_db(transaction=True)
def test_backup_restores_identical_events_into_an_empty_database(seeded, tmp_path):
    backup = tmp_path / "backup.json"
    before = _events_snapshot()
    call_command(
        "dumpdata",
        *BACKUP_APPS,
        "--natural-foreign",
        "--natural-primary",
        output=str(backup),
        verbosity=0,
    )

    call_command("flush", "--no-input", verbosity=0)
    assert Event.objects.count() == ExerciseSeries.objects.count() == 0
    call_command("loaddata", str(backup), verbosity=0, stdout=StringIO())

    assert _events_snapshot() == before
    assert Event.objects.get(slug="interaction-2013").series.name_ru == "Взаимодействие"
