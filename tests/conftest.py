import socket

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.delivery import feed_store
from events.delivery.stamp import forget_recent_stamp
from events.domain.seeding import seed_load
from events.roles import EDITORS
from tests.delivery.webhook_receiver import Receiver, serve


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Hashed static names need collectstatic; pages under test need only the names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache(settings, tmp_path):
    # The cache, the feed files and the process's VEVENT bytes outlive a test;
    # each test's database starts afresh, so must they.
    cache.clear()
    feed_store.forget_process_memory()
    forget_recent_stamp()
    settings.CSTOCAL_FEED_DIR = tmp_path / "feeds"


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # A request to /ru/ leaves Russian active in the thread; each test starts in English.
    with translation.override("en"):
        yield


@pytest.fixture
def seeded(db):
    return seed_load()


# Every test user's password.
PASSWORD = "a long passphrase 1"


@pytest.fixture
def editor(django_user_model):
    """An editor: staff, in the Editors group, as a deployment makes them."""
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def api():
    """The JSON API, anonymously."""
    return APIClient()


@pytest.fixture
def editor_api(editor):
    """The JSON API as the editor, signed by a token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.fixture
def superuser_client(django_user_model):
    """Signed in to admin as a superuser, with CSRF checks on like a real browser."""
    user = django_user_model.objects.create_superuser("superuser", password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.fixture
def webhook_receiver():
    """A real HTTP server on loopback taking webhook deliveries, answering 200;
    set ``statuses`` or ``delay`` to change that."""
    found = Receiver()
    server = serve(found)
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_url() -> str:
    """An address on loopback where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


@pytest.fixture
def soup_of(client):
    """GET a page and parse it, asserting it is an HTML page that rendered."""

    def get(url: str) -> BeautifulSoup:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response["Content-Type"] == "text/html; charset=utf-8"
        return BeautifulSoup(response.content, "html.parser")

    return get


def text_of(node) -> str:
    """A node's visible text with whitespace folded."""
    return " ".join(node.get_text(" ", strip=True).split())


def visible_text(node) -> str:
    """What a sighted reader sees: text without aria-hidden marks or screen-reader-only text."""
    node = BeautifulSoup(str(node), "html.parser")
    for hidden in node.select('[aria-hidden="true"], .visually-hidden'):
        hidden.decompose()
    return text_of(node)


def database_state() -> dict[str, list[tuple]]:
    """Every row of the calendar's tables (events, series, their history, the change
    stamp), in a fixed order: equal before and after a refused write when nothing
    was lost or half-written."""
    from django.apps import apps

    state = {}
    for model in apps.get_app_config("events").get_models():
        if model._meta.proxy:
            continue
        state[model._meta.db_table] = list(model._base_manager.order_by("pk").values_list())
    return state
