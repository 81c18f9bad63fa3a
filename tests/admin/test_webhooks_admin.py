"""Webhooks in admin: editors register an address and read its secret, see how
deliveries went and retry the failed ones."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from events.models import Webhook, WebhookDelivery
from tests.conftest import text_of
from tests.factories import EventFactory, WebhookFactory

pytestmark = pytest.mark.django_db

HOOKS = "/admin/events/webhook/"
DELIVERIES = "/admin/events/webhookdelivery/"


@pytest.fixture
def editor_client(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def _soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def _token(client, url: str) -> str:
    return _soup(client, url).select_one("input[name=csrfmiddlewaretoken]")["value"]


def _deliveries_in_each_state() -> tuple[Webhook, list[WebhookDelivery]]:
    hook = WebhookFactory(url="https://hooks.example.org/in", description="Newsroom")
    for _ in range(3):
        EventFactory()
    delivered, pending, failed = WebhookDelivery.objects.order_by("id")
    WebhookDelivery.objects.filter(pk=delivered.pk).update(
        attempts=1, delivered_at=timezone.now(), next_attempt_at=None, last_status=200
    )
    WebhookDelivery.objects.filter(pk=pending.pk).update(
        attempts=2,
        next_attempt_at=timezone.now() + dt.timedelta(minutes=5),
        last_error="not reached: [Errno 111] Connection refused",
    )
    WebhookDelivery.objects.filter(pk=failed.pk).update(
        attempts=6,
        next_attempt_at=None,
        last_status=500,
        last_error="HTTP 500 Internal Server Error",
    )
    return hook, [delivered, pending, failed]


def test_an_editor_registers_a_hook_and_is_shown_its_secret(editor_client):
    response = editor_client.post(
        f"{HOOKS}add/",
        {
            "csrfmiddlewaretoken": _token(editor_client, f"{HOOKS}add/"),
            "url": "https://hooks.example.org/in",
            "description": "Newsroom",
            "active": "on",
        },
    )

    hook = Webhook.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{HOOKS}{hook.pk}/change/"
    page = _soup(editor_client, response["Location"])
    assert text_of(page.select_one(".field-secret .readonly")) == hook.secret
    assert page.select_one("input[name=secret]") is None
    assert (hook.url, hook.description, hook.active) == (
        "https://hooks.example.org/in",
        "Newsroom",
        True,
    )


def test_an_ftp_address_is_refused_with_its_reason(editor_client):
    response = editor_client.post(
        f"{HOOKS}add/",
        {
            "csrfmiddlewaretoken": _token(editor_client, f"{HOOKS}add/"),
            "url": "ftp://hooks.example.org/in",
            "active": "on",
        },
    )

    page = BeautifulSoup(response.content, "html.parser")
    assert [text_of(li) for li in page.select(".errorlist li")] == [
        "Give an http:// or https:// address."
    ]
    assert not Webhook.objects.exists()


def test_the_hook_list_counts_deliveries_by_how_they_went(editor_client):
    _deliveries_in_each_state()

    page = _soup(editor_client, HOOKS)

    (row,) = page.select("#result_list tbody tr")
    cells = {
        name: text_of(row.select_one(f".field-{name}"))
        for name in ("url", "description", "delivered_count", "pending_count", "failed")
    }
    assert cells == {
        "url": "https://hooks.example.org/in",
        "description": "Newsroom",
        "delivered_count": "1",
        "pending_count": "1",
        "failed": "1",
    }


def test_the_delivery_list_shows_status_attempts_and_last_error(superuser_client):
    _deliveries_in_each_state()

    page = _soup(superuser_client, DELIVERIES)

    rows = [
        tuple(
            text_of(row.select_one(f".field-{name}"))
            for name in ("status", "attempts", "last_error")
        )
        for row in page.select("#result_list tbody tr")
    ]
    assert rows == [
        ("failed", "6", "HTTP 500 Internal Server Error"),
        ("pending", "2", "not reached: [Errno 111] Connection refused"),
        ("delivered", "1", "-"),
    ]
    assert superuser_client.get(f"{DELIVERIES}add/").status_code == 403


def test_a_delivery_page_is_read_only(editor_client):
    _hook, (delivered, _pending, _failed) = _deliveries_in_each_state()

    page = _soup(editor_client, f"{DELIVERIES}{delivered.pk}/change/")

    assert text_of(page.select_one(".field-status .readonly")) == "delivered"
    assert page.select("input[type=submit][name=_save]") == []


def test_retry_now_makes_undelivered_deliveries_due(editor_client):
    _hook, jobs = _deliveries_in_each_state()
    before = timezone.now()

    response = editor_client.post(
        DELIVERIES,
        {
            "csrfmiddlewaretoken": _token(editor_client, DELIVERIES),
            "action": "retry_now",
            "_selected_action": [job.pk for job in jobs],
        },
    )

    assert response.status_code == 302
    delivered, pending, failed = (WebhookDelivery.objects.get(pk=job.pk) for job in jobs)
    assert delivered.next_attempt_at is None
    assert before <= pending.next_attempt_at <= timezone.now()
    assert before <= failed.next_attempt_at <= timezone.now()
    assert failed.state == "pending"
    page = _soup(editor_client, DELIVERIES)
    assert [text_of(li) for li in page.select(".messagelist li")] == [
        "2 deliveries will be tried again now."
    ]
