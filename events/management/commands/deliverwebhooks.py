"""Send the webhook deliveries that are due: retries as they fall due, and any job
a process left behind. For cron (every minute or few); the thread each change
starts after its commit sends the first attempt without it.

``--wait SECONDS`` keeps looking for that long, so a cron entry every five
minutes with ``--wait 290`` sends retries within seconds of falling due.
"""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from events.delivery.webhooks import Attempt, DeliveryReport, deliver_due
from events.models import WebhookDelivery

POLL_SECONDS = 5.0


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due, and say how it went."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait",
            type=float,
            default=0.0,
            metavar="SECONDS",
            help="Keep sending what falls due for this many seconds (default: once).",
        )

    def handle(self, *args, wait: float = 0.0, **options):
        until = time.monotonic() + wait
        due = WebhookDelivery.objects.due(timezone.now()).count()
        self.stdout.write(f"{due} deliveries due.")
        total = DeliveryReport()
        done = 0

        def progress(attempt: Attempt) -> None:
            nonlocal done
            done += 1
            how = f"delivered ({attempt.status})" if attempt.delivered else attempt.error
            self.stdout.write(f"[{done}] {attempt.url}: {how}")

        while True:
            report = deliver_due(on_attempt=progress)
            total.delivered += report.delivered
            total.retrying += report.retrying
            total.given_up += report.given_up
            if time.monotonic() + POLL_SECONDS > until:
                break
            time.sleep(POLL_SECONDS)
        self.stdout.write(
            f"{total.attempted} attempted: {total.delivered} delivered, "
            f"{total.retrying} to retry, {total.given_up} given up."
        )
