"""Settings come from the environment, with safe defaults and clear errors."""

import json
import subprocess
import sys

import pytest
from django.conf import settings

SCRIPT = (
    "import json, django; django.setup(); from django.conf import settings as s;"
    "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'],"
    " 'name': str(s.DATABASES['default']['NAME']), 'hosts': s.ALLOWED_HOSTS}))"
)


def _settings_with(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cstocal.settings", **env},
        cwd=settings.BASE_DIR,
        timeout=60,
        check=False,
    )


def test_missing_secret_key_outside_debug_is_a_clear_startup_error():
    result = _settings_with()

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set." in result.stderr


def test_defaults_are_debug_off_and_sqlite_under_the_project():
    result = _settings_with(DJANGO_SECRET_KEY="k" * 50)

    assert json.loads(result.stdout) == {
        "debug": False,
        "engine": "django.db.backends.sqlite3",
        "name": str(settings.BASE_DIR / "db.sqlite3"),
        "hosts": ["localhost", "127.0.0.1", "[::1]"],
    }


def test_database_url_selects_postgresql_and_hosts_come_from_the_environment():
    result = _settings_with(
        DJANGO_SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/cstocal",
        DJANGO_ALLOWED_HOSTS="calendar.example.org, www.calendar.example.org",
    )

    values = json.loads(result.stdout)
    assert (values["engine"], values["name"]) == ("django.db.backends.postgresql", "cstocal")
    assert values["hosts"] == ["calendar.example.org", "www.calendar.example.org"]


def test_debug_runs_without_a_secret_key_only_when_asked():
    result = _settings_with(DJANGO_DEBUG="true")

    assert json.loads(result.stdout)["debug"] is True


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_debug_flag_is_refused(value):
    result = _settings_with(DJANGO_DEBUG=value, DJANGO_SECRET_KEY="k" * 50)

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr
    assert repr(value) in result.stderr
