"""Webhooks and their deliveries as rows: which addresses are taken, the secret
each hook is made with, and the one job per hook and change."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from events.models import Change, Webhook, WebhookDelivery
from tests.factories import EventFactory, WebhookFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["ftp://hooks.example.org/in", "ftps://hooks.example.org/in"])
def test_only_http_and_https_addresses_are_taken(url):
    hook = Webhook(url=url)

    with pytest.raises(ValidationError) as refused:
        hook.full_clean()

    assert refused.value.message_dict == {"url": ["Give an http:// or https:// address."]}


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/in", "https://hooks.example.org/in"])
def test_http_and_https_addresses_are_valid(url):
    Webhook(url=url).full_clean()


def test_each_hook_is_made_with_a_secret_of_its_own():
    first, second = WebhookFactory(), WebhookFactory()

    assert len(first.secret) >= 40
    assert first.secret != second.secret
    assert Webhook.objects.get(pk=first.pk).secret == first.secret


def test_a_change_makes_one_job_per_active_hook_due_now():
    active = WebhookFactory()
    WebhookFactory(active=False)

    summit = EventFactory()

    (job,) = WebhookDelivery.objects.all()
    assert (job.webhook, job.change) == (active, Change.objects.get(event=summit))
    assert (job.attempts, job.delivered_at, job.state) == (0, None, "pending")
    assert job.next_attempt_at is not None


def test_a_save_no_reader_sees_makes_no_job():
    WebhookFactory()
    summit = EventFactory()
    summit.description_en = "A fuller description."

    summit.save()

    assert WebhookDelivery.objects.count() == 1  # the one for "added"


def test_a_change_is_sent_to_a_hook_once():
    hook = WebhookFactory()
    EventFactory()
    job = WebhookDelivery.objects.get()

    with pytest.raises(IntegrityError):
        WebhookDelivery.objects.create(webhook=hook, change=job.change)


def test_the_names_editors_see_are_in_russian_too():
    with translation.override("ru"):
        names = [
            str(Webhook._meta.verbose_name_plural),
            str(WebhookDelivery._meta.verbose_name_plural),
            str(WebhookDelivery._meta.get_field("last_error").verbose_name),
        ]

    assert names == ["веб-хуки", "доставки веб-хуков", "последняя ошибка"]
