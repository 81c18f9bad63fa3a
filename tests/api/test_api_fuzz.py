"""schemathesis fuzzes every API operation against the OpenAPI document.

Examples per operation: SCHEMATHESIS_EXAMPLES, 200 by default (the CI figure);
writes are sent with an editor's token. Two checks must hold for every example:
no server error, and every response matches the schema it is documented with.
"""

from __future__ import annotations

import os
import zlib

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from events.domain.seeding import seed_load
from events.models import Event

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "200"))


# Loaded at collection (pytest-django has set Django up by then); serving the
# schema touches no database. (schemathesis' lazy from_fixture does not run on pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def _keep_test_connection():
    """The WSGI handler closes "old" connections after each request; inside a test's
    transaction that would close it under the test (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(db, django_user_model, settings, _keep_test_connection) -> str:
    # The fuzzer sends thousands of requests; throttling is tested elsewhere.
    settings.CSTOCAL_API_RATE_ANON = settings.CSTOCAL_API_RATE_USER = "1000000/min"
    seed_load()
    user = django_user_model.objects.create_user("fuzzer", password="x" * 20)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_event", "change_event", "delete_event"])
    )
    return Token.objects.create(user=user).key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_errors_and_always_matches_its_schema(case, editor_token):
    if case.method in {"PUT", "PATCH", "DELETE"} and case.path_parameters:
        # Aim most writes at a real event with its current ETag, so that generated
        # bodies reach validation and the database instead of stopping at 404 or 412.
        events = list(Event.objects.order_by("slug"))
        pick = zlib.crc32(repr(case.body).encode())
        if events and pick % 4:
            target = events[pick % len(events)]
            case.path_parameters = {**case.path_parameters, "uid": str(target.uid)}
            case.headers = {**(case.headers or {}), "If-Match": target.etag}
    case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
