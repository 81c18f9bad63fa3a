"""manage.py deliverwebhooks: what is due is sent, with a line per attempt and a
summary."""

import io

import pytest
from django.core.management import call_command

from tests.factories import EventFactory, WebhookFactory


@pytest.mark.django_db
def test_deliverwebhooks_sends_what_is_due_and_sums_it_up(webhook_receiver, closed_url):
    WebhookFactory(url=webhook_receiver.url)
    WebhookFactory(url=closed_url)
    EventFactory()
    out = io.StringIO()

    call_command("deliverwebhooks", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "2 deliveries due."
    assert sorted(line.split(": ", 1)[1] for line in lines[1:3]) == [
        "delivered (200)",
        "not reached: [Errno 111] Connection refused",
    ]
    assert lines[-1] == "2 attempted: 1 delivered, 1 to retry, 0 given up."
    assert [r.json["kind"] for r in webhook_receiver.received] == ["added"]


@pytest.mark.django_db
def test_deliverwebhooks_with_nothing_due_says_so():
    out = io.StringIO()

    call_command("deliverwebhooks", stdout=out)

    assert out.getvalue().splitlines() == [
        "0 deliveries due.",
        "0 attempted: 0 delivered, 0 to retry, 0 given up.",
    ]
