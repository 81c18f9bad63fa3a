"""Webhooks end to end: a public change is POSTed, signed, to a real webhook_receiver on
loopback; failures are retried after their backoff and given up in the end; a
slow or dead webhook_receiver never holds up the save that made the change."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from events.delivery.webhooks import THREAD_NAME, deliver_due, site_url
from events.enums import ChangeKind, Precision
from events.models import Change, Event, Statement, WebhookDelivery
from tests.factories import ExerciseFactory, ExerciseSeriesFactory, WebhookFactory

MINUTE = dt.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.CSTOCAL_SITE_URL = "https://calendar.example.org"


def wait_for_background_delivery() -> None:
    for thread in threading.enumerate():
        if thread.name == THREAD_NAME:
            thread.join(timeout=30)


def interaction_2014() -> Event:
    return ExerciseFactory(
        series=ExerciseSeriesFactory(
            slug="interaction", name_en="Interaction", name_ru="Взаимодействие"
        ),
        series_year=2014,
        start_date=dt.date(2014, 1, 1),
        start_precision=Precision.YEAR,
        end_date=dt.date(2014, 12, 31),
        end_precision=Precision.YEAR,
    )


def make_precise(exercise: Event) -> None:
    exercise.start_date, exercise.end_date = dt.date(2014, 8, 18), dt.date(2014, 8, 22)
    exercise.start_precision = exercise.end_precision = Precision.DAY
    exercise.save()


@pytest.mark.django_db
def test_a_change_reaches_the_receiver_signed_and_told_in_both_languages(webhook_receiver):
    hook = WebhookFactory(url=webhook_receiver.url)
    exercise = interaction_2014()
    make_precise(exercise)

    report = deliver_due()

    assert report.delivered == 2
    assert [r.json["kind"] for r in webhook_receiver.received] == ["added", "dates"]
    sent = webhook_receiver.received[1]
    change = Change.objects.get(event=exercise, kind=ChangeKind.DATES)
    delivery = WebhookDelivery.objects.get(change=change)
    assert sent.json == {
        "id": f"urn:uuid:{change.uid}",
        "kind": "dates",
        "at": change.at.isoformat(),
        "event": {
            "uid": str(exercise.uid),
            "slug": "interaction-2014",
            "url": "https://calendar.example.org/events/interaction-2014/",
            "name": {"en": "Interaction-2014", "ru": "Взаимодействие-2014"},
        },
        "statement": None,
        "title": {
            "en": "Interaction-2014: dates made precise",
            "ru": "Взаимодействие-2014: даты уточнены",
        },
        "before": change.before,
        "after": change.after,
    }
    assert (sent.json["before"]["start_date"], sent.json["before"]["start_precision"]) == (
        "2014-01-01",
        "year",
    )
    assert (sent.json["after"]["start_date"], sent.json["after"]["end_date"]) == (
        "2014-08-18",
        "2014-08-22",
    )
    expected = hmac.new(hook.secret.encode(), sent.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(sent.headers["X-Cstocal-Signature"], f"sha256={expected}")
    assert sent.headers["X-Cstocal-Delivery"] == str(delivery.pk)
    assert sent.headers["Content-Type"] == "application/json; charset=utf-8"
    assert sent.headers["User-Agent"].startswith("cstocal")
    assert (delivery.attempts, delivery.last_status, delivery.last_error) == (1, 200, "")
    assert delivery.delivered_at is not None
    assert delivery.next_attempt_at is None


@pytest.mark.django_db
def test_a_signature_under_another_secret_does_not_verify(webhook_receiver):
    WebhookFactory(url=webhook_receiver.url)
    interaction_2014()

    deliver_due()

    (sent,) = webhook_receiver.received
    forged = hmac.new(b"not the secret", sent.body, hashlib.sha256).hexdigest()
    assert not hmac.compare_digest(sent.headers["X-Cstocal-Signature"], f"sha256={forged}")


@pytest.mark.django_db
def test_a_failed_attempt_is_retried_after_its_backoff(webhook_receiver):
    webhook_receiver.statuses = [500, 200]
    WebhookFactory(url=webhook_receiver.url)
    interaction_2014()
    start = timezone.now()

    first = deliver_due(now=start)

    delivery = WebhookDelivery.objects.get()
    assert (first.retrying, first.delivered) == (1, 0)
    assert (delivery.attempts, delivery.last_status) == (1, 500)
    assert delivery.last_error == "HTTP 500 Internal Server Error: no"
    assert delivery.next_attempt_at == start + MINUTE
    assert delivery.delivered_at is None

    early = deliver_due(now=start + 30 * dt.timedelta(seconds=1))
    assert early.attempted == 0

    later = deliver_due(now=start + MINUTE)

    delivery.refresh_from_db()
    assert later.delivered == 1
    assert (delivery.attempts, delivery.last_status, delivery.last_error) == (2, 200, "")
    assert delivery.delivered_at == start + MINUTE
    assert [r.json["id"] for r in webhook_receiver.received] == [
        f"urn:uuid:{delivery.change.uid}"
    ] * 2
    assert {r.headers["X-Cstocal-Delivery"] for r in webhook_receiver.received} == {
        str(delivery.pk)
    }


@pytest.mark.django_db
def test_a_delivery_is_given_up_after_six_failed_attempts(webhook_receiver):
    webhook_receiver.statuses = [503]
    WebhookFactory(url=webhook_receiver.url)
    interaction_2014()
    at = timezone.now()
    waits = []

    for _attempt in range(6):
        deliver_due(now=at)
        delivery = WebhookDelivery.objects.get()
        if delivery.next_attempt_at is not None:
            waits.append(delivery.next_attempt_at - at)
            at = delivery.next_attempt_at

    assert [wait / MINUTE for wait in waits] == [1, 5, 30, 120, 720]
    assert delivery.attempts == 6
    assert delivery.next_attempt_at is None
    assert delivery.delivered_at is None
    assert delivery.state == "failed"
    assert delivery.last_error == "HTTP 503 Service Unavailable: no"
    assert deliver_due(now=at + dt.timedelta(days=30)).attempted == 0
    assert len(webhook_receiver.received) == 6


@pytest.mark.django_db
def test_a_redirect_is_not_followed(webhook_receiver):
    webhook_receiver.statuses = [302]
    WebhookFactory(url=webhook_receiver.url)
    interaction_2014()

    report = deliver_due()

    delivery = WebhookDelivery.objects.get()
    assert report.retrying == 1
    assert (delivery.attempts, delivery.last_status) == (1, 302)
    assert delivery.last_error.startswith("HTTP 302")
    assert len(webhook_receiver.received) == 1


@pytest.mark.django_db
def test_an_answer_slower_than_the_timeout_is_a_failed_attempt(webhook_receiver):
    webhook_receiver.delay = 1.0
    WebhookFactory(url=webhook_receiver.url)
    interaction_2014()

    report = deliver_due(timeout=0.2)

    delivery = WebhookDelivery.objects.get()
    assert report.retrying == 1
    assert (delivery.attempts, delivery.last_status) == (1, None)
    assert delivery.last_error == "no answer within 0.2 s"


@pytest.mark.django_db
def test_inactive_hooks_get_nothing(webhook_receiver):
    active = WebhookFactory(url=webhook_receiver.url)
    WebhookFactory(url=webhook_receiver.url + "/inactive", active=False)
    paused = WebhookFactory(url=webhook_receiver.url + "/paused")
    exercise = interaction_2014()
    paused.active = False
    paused.save()
    make_precise(exercise)

    report = deliver_due()

    assert set(WebhookDelivery.objects.values_list("webhook__url", flat=True)) == {
        active.url,
        paused.url,
    }
    assert report.delivered == 2
    assert [r.json["kind"] for r in webhook_receiver.received] == ["added", "dates"]
    # The paused hook's job waits for it to be active again.
    assert WebhookDelivery.objects.get(webhook=paused).state == "pending"


@pytest.mark.django_db
def test_the_payload_of_a_new_statement_and_of_a_deleted_event(webhook_receiver):
    WebhookFactory(url=webhook_receiver.url)
    exercise = interaction_2014()
    uid = str(exercise.uid)
    exercise.delete()
    Statement.objects.create(
        slug="moscow-2014",
        title_en="Statement after the Moscow session",
        title_ru="Заявление по итогам сессии в Москве",
        date=dt.date(2014, 12, 23),
    )

    deliver_due()

    added, removed, statement = (r.json for r in webhook_receiver.received)
    # Deleted by the time it was sent: known by its UID and names, with no page.
    gone = {
        "uid": uid,
        "slug": None,
        "url": None,
        "name": {"en": "Interaction-2014", "ru": "Взаимодействие-2014"},
    }
    assert added["event"] == gone
    assert added["title"]["en"] == "Interaction-2014 added to the calendar"
    assert removed["kind"] == "removed"
    assert removed["event"] == gone
    assert removed["before"]["start_date"] == "2014-01-01"
    assert removed["title"]["ru"] == "Взаимодействие-2014: убрано из календаря"
    assert statement["kind"] == "statement"
    assert statement["statement"] == {
        "slug": "moscow-2014",
        "url": "https://calendar.example.org/sources/moscow-2014/",
        "title": {
            "en": "Statement after the Moscow session",
            "ru": "Заявление по итогам сессии в Москве",
        },
    }
    assert statement["after"] == {"date": "2014-12-23"}


@pytest.mark.django_db
def test_links_without_a_site_url_use_the_first_allowed_host(settings):
    settings.CSTOCAL_SITE_URL = ""
    settings.ALLOWED_HOSTS = ["*", ".example.org", "calendar.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    https = site_url()
    settings.ALLOWED_HOSTS = []

    assert (https, site_url()) == ("https://calendar.example.org", "http://localhost")


# Outside the request --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_after_the_commit_a_background_thread_delivers(webhook_receiver):
    WebhookFactory(url=webhook_receiver.url)

    with transaction.atomic():
        interaction_2014()
        assert webhook_receiver.received == []
    wait_for_background_delivery()

    assert [r.json["kind"] for r in webhook_receiver.received] == ["added"]
    assert WebhookDelivery.objects.get().state == "delivered"


@pytest.mark.django_db(transaction=True)
def test_a_slow_receiver_does_not_hold_up_the_save(webhook_receiver):
    webhook_receiver.delay = 2.0
    WebhookFactory(url=webhook_receiver.url)

    started = time.perf_counter()
    with transaction.atomic():
        interaction_2014()
    saved_in = time.perf_counter() - started
    wait_for_background_delivery()

    assert saved_in < 1.0  # the receiver takes 2 s
    assert len(webhook_receiver.received) == 1
    assert WebhookDelivery.objects.get().state == "delivered"


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_is_down_does_not_fail_the_save(closed_url):
    WebhookFactory(url=closed_url)

    started = time.perf_counter()
    with transaction.atomic():
        exercise = interaction_2014()
    saved_in = time.perf_counter() - started
    wait_for_background_delivery()

    assert saved_in < 0.5
    assert Event.objects.filter(pk=exercise.pk).exists()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending"
    assert delivery.attempts == 1
    assert delivery.last_error.startswith("not reached: ")
    assert delivery.next_attempt_at > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_save_sends_nothing(webhook_receiver):
    WebhookFactory(url=webhook_receiver.url)
    jobs_before_rollback = []

    def save_then_fail() -> None:
        with transaction.atomic():
            interaction_2014()
            jobs_before_rollback.append(WebhookDelivery.objects.count())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        save_then_fail()
    wait_for_background_delivery()

    assert jobs_before_rollback == [1]

    assert not Change.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert webhook_receiver.received == []


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the SQLite test database is an in-memory shared cache, which refuses a second "
    "writer at once (database table is locked) where a database file waits for it",
)
@pytest.mark.django_db(transaction=True)
def test_workers_delivering_at_once_send_each_change_once(webhook_receiver):
    webhook_receiver.delay = 0.05
    WebhookFactory(url=webhook_receiver.url)
    WebhookFactory(url=webhook_receiver.url + "/second")
    with transaction.atomic():
        for year in range(2014, 2026):
            ExerciseFactory(series_year=year, start_date=dt.date(year, 5, 5))
    wait_for_background_delivery()
    WebhookDelivery.objects.update(delivered_at=None, next_attempt_at=timezone.now(), attempts=0)
    webhook_receiver.received.clear()

    workers = [threading.Thread(target=_deliver_and_close) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    sent = sorted(r.headers["X-Cstocal-Delivery"] for r in webhook_receiver.received)
    assert sent == sorted(str(pk) for pk in WebhookDelivery.objects.values_list("pk", flat=True))
    assert set(WebhookDelivery.objects.values_list("attempts", flat=True)) == {1}


def _deliver_and_close() -> None:
    try:
        deliver_due()
    finally:
        connections.close_all()
