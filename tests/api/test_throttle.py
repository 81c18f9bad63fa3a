"""The API throttle tells anonymous clients apart by the address the trusted proxies
saw, never by a header the client chose: DJANGO_TRUSTED_PROXY_COUNT sets it for the
throttle and the login lockout alike."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def _statuses(client: APIClient, forwarded_for: list[str], remote_addr: str = PROXY) -> list[int]:
    return [
        client.get("/api/events/", HTTP_X_FORWARDED_FOR=value, REMOTE_ADDR=remote_addr).status_code
        for value in forwarded_for
    ]


def test_throttle_without_trusted_proxies_ignores_a_rotated_forwarded_for(settings):
    settings.CSTOCAL_API_RATE_ANON = "3/min"
    rotated = [f"198.51.100.{n}" for n in range(5)]

    statuses = _statuses(APIClient(), rotated, remote_addr="203.0.113.9")
    elsewhere = _statuses(APIClient(), ["198.51.100.200"], remote_addr="203.0.113.10")

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    assert statuses == [200, 200, 200, 429, 429]
    assert elsewhere == [200]


def test_throttle_without_trusted_proxies_counts_requests_without_the_header_too(settings):
    settings.CSTOCAL_API_RATE_ANON = "2/min"
    client = APIClient()

    with_header = _statuses(client, ["192.0.2.1", "192.0.2.2"], remote_addr="203.0.113.9")
    without = client.get("/api/events/", REMOTE_ADDR="203.0.113.9")

    assert with_header == [200, 200]
    assert without.status_code == 429
    assert int(without["Retry-After"]) > 0


def test_throttle_behind_one_proxy_counts_the_rightmost_address(settings):
    settings.CSTOCAL_API_RATE_ANON = "3/min"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # What the client put in front is forged; the proxy appended what it saw.
    forged = [f"192.0.2.{n}, 203.0.113.5" for n in range(5)]

    same_client = _statuses(APIClient(), forged)
    other_client = _statuses(APIClient(), ["192.0.2.1, 203.0.113.6"])

    assert same_client == [200, 200, 200, 429, 429]
    assert other_client == [200]


def _proxy_settings(**env: str) -> subprocess.CompletedProcess:
    script = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.REST_FRAMEWORK['NUM_PROXIES'], s.AXES_IPWARE_PROXY_COUNT,"
        " s.AXES_IPWARE_META_PRECEDENCE_ORDER]))"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "cstocal.settings",
            "DJANGO_SECRET_KEY": "k" * 50,
            **env,
        },
        cwd=settings.BASE_DIR,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, [0, None, ["REMOTE_ADDR"]]),
        ({"DJANGO_TRUSTED_PROXY_COUNT": "0"}, [0, None, ["REMOTE_ADDR"]]),
        ({"DJANGO_TRUSTED_PROXY_COUNT": "1"}, [1, 1, ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]]),
        ({"DJANGO_TRUSTED_PROXY_COUNT": "2"}, [2, 2, ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]]),
    ],
)
def test_trusted_proxy_count_sets_the_throttle_and_the_lockout_alike(env, expected):
    result = _proxy_settings(**env)

    assert json.loads(result.stdout) == expected


@pytest.mark.parametrize("value", ["-1", "one", "1.5", "²"])
def test_a_malformed_trusted_proxy_count_is_refused_at_startup(value):
    result = _proxy_settings(DJANGO_TRUSTED_PROXY_COUNT=value)

    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXY_COUNT must be a whole number, 0 or more, not" in result.stderr
    assert repr(value) in result.stderr
