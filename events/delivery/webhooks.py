"""Sending public changes to webhooks, outside the request that made them.

Each change commits with one job per active hook (events/models/webhook.py).
After the commit a daemon thread in the same process sends what is due, with its
own database connection, so the save returns at once and a slow or dead receiver
costs the editor nothing; ``manage.py deliverwebhooks`` (cron) sends the retries
as they fall due, and whatever a process that stopped mid-way left behind.

Several threads and processes may deliver at once. A job is claimed before it is
sent by moving its ``next_attempt_at`` to a lease (LEASE from now): on
PostgreSQL the due rows are locked FOR UPDATE SKIP LOCKED, so two workers take
different jobs; on SQLite, which has no row locks, by a compare-and-set (an
UPDATE that holds only while ``next_attempt_at`` is still the value read), so of
two workers reading the same job one claims it. A worker that dies with a job
claimed leaves it to be tried again when the lease ends.

A delivery is an HTTP POST of the JSON body (events/domain/webhooks.py) with a
short timeout. A 2xx answer delivers it; anything else (a redirect included: it
is not followed, the hook's address should be the final one), a timeout or a
network error is a failed attempt, tried again after BACKOFF_SECONDS, and given
up after MAX_ATTEMPTS with the last error kept for admin.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from events.domain.webhooks import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    change_payload,
    payload_body,
    signature,
)
from events.models import MAX_ATTEMPTS, WebhookDelivery
from events.models.webhook import BACKOFF_SECONDS

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5.0
# Jobs claimed at a time, and how long a claim holds: longer than a batch can
# take to send (BATCH × TIMEOUT_SECONDS), so no job is sent twice at once.
BATCH = 10
LEASE = dt.timedelta(minutes=5)
# Of an error answer's body, what admin shows.
ERROR_BODY_BYTES = 500
USER_AGENT = "cstocal-webhooks/1"
THREAD_NAME = "cstocal-webhooks"


@dataclass(frozen=True)
class Attempt:
    """How one attempt went."""

    delivery_id: int
    url: str
    status: int | None
    error: str

    @property
    def delivered(self) -> bool:
        return not self.error


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    given_up: int = 0

    @property
    def attempted(self) -> int:
        return self.delivered + self.retrying + self.given_up


def site_url() -> str:
    """The site's address for links in a body sent without a request:
    CSTOCAL_SITE_URL, or else the first plain host in ALLOWED_HOSTS (https when
    the site redirects to it), or else http://localhost."""
    if settings.CSTOCAL_SITE_URL:
        return str(settings.CSTOCAL_SITE_URL)
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
    return f"{scheme}://{hosts[0]}" if hosts else "http://localhost"


def deliver_due(
    *,
    now: dt.datetime | None = None,
    timeout: float = TIMEOUT_SECONDS,
    on_attempt: Callable[[Attempt], None] | None = None,
) -> DeliveryReport:
    """Send every job due at ``now`` (the present, as it goes, unless given),
    batch by batch, until none is left; each attempt is told to ``on_attempt``."""

    def clock() -> dt.datetime:
        return now or timezone.now()

    report = DeliveryReport()
    bodies: dict[int, bytes] = {}
    base = site_url()
    while claimed := _claim(clock()):
        jobs = WebhookDelivery.objects.filter(pk__in=claimed).select_related(
            "webhook", "change__event__series", "change__statement"
        )
        for job in jobs.order_by("change_id", "id"):
            if job.change_id not in bodies:
                bodies[job.change_id] = payload_body(change_payload(job.change, site_url=base))
            attempt = send(job, bodies[job.change_id], timeout=timeout)
            outcome = _record(job, attempt, clock())
            report.delivered += outcome == "delivered"
            report.retrying += outcome == "retrying"
            report.given_up += outcome == "given up"
            if on_attempt is not None:
                on_attempt(attempt)
    return report


def _claim(now: dt.datetime) -> list[int]:
    lease = now + LEASE
    due = WebhookDelivery.objects.due(now).order_by("next_attempt_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(
                due.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[
                    :BATCH
                ]
            )
            WebhookDelivery.objects.filter(pk__in=ids).update(next_attempt_at=lease)
        return ids
    claimed = []
    for pk, seen in due.values_list("pk", "next_attempt_at")[:BATCH]:
        if WebhookDelivery.objects.filter(pk=pk, next_attempt_at=seen).update(
            next_attempt_at=lease
        ):
            claimed.append(pk)
    return claimed


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises the 3xx as an HTTPError


_opener = urllib.request.build_opener(_NoRedirects)


def send(job: WebhookDelivery, body: bytes, *, timeout: float = TIMEOUT_SECONDS) -> Attempt:
    """POST ``body`` to the job's hook, signed; never raises."""
    hook = job.webhook
    request = urllib.request.Request(  # noqa: S310 - the model allows http(s) only
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: signature(hook.secret, body),
            DELIVERY_HEADER: str(job.pk),
        },
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(ERROR_BODY_BYTES)
            status = response.status
    except urllib.error.HTTPError as exc:
        answer = exc.read(ERROR_BODY_BYTES).decode(errors="replace").strip()
        error = f"HTTP {exc.code} {exc.reason}" + (f": {answer}" if answer else "")
        return Attempt(job.pk, hook.url, exc.code, error)
    except TimeoutError:
        return Attempt(job.pk, hook.url, None, f"no answer within {timeout:g} s")
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return Attempt(job.pk, hook.url, None, f"no answer within {timeout:g} s")
        return Attempt(job.pk, hook.url, None, f"not reached: {exc.reason}")
    except (OSError, ValueError) as exc:
        return Attempt(job.pk, hook.url, None, f"not reached: {exc}")
    if not 200 <= status < 300:
        return Attempt(job.pk, hook.url, status, f"HTTP {status}")
    return Attempt(job.pk, hook.url, status, "")


def _record(job: WebhookDelivery, attempt: Attempt, now: dt.datetime) -> str:
    """Keep how the attempt went; say whether it was delivered, will be retried
    or was the last."""
    rows = WebhookDelivery.objects.filter(pk=job.pk)
    if attempt.delivered:
        rows.update(
            attempts=F("attempts") + 1,
            delivered_at=now,
            next_attempt_at=None,
            last_status=attempt.status,
            last_error="",
        )
        return "delivered"
    attempts = job.attempts + 1
    retry_at = None if attempts >= MAX_ATTEMPTS else now + _backoff(attempts)
    rows.update(
        attempts=attempts,
        next_attempt_at=retry_at,
        last_status=attempt.status,
        last_error=attempt.error,
    )
    if retry_at is None:
        logger.warning("webhook %s: gave up after %d attempts: %s", job.pk, attempts, attempt.error)
        return "given up"
    return "retrying"


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1])


# The background worker ------------------------------------------------------------


class _Worker:
    """At most one delivering thread per process; a wake while it runs makes it
    look again rather than start another."""

    running = threading.Lock()
    wake = threading.Event()


def deliver_in_background() -> threading.Thread | None:
    """Send what is due in a daemon thread; the thread started, or None when one
    is already running (it will look again). Called after a commit."""
    _Worker.wake.set()
    if not _Worker.running.acquire(blocking=False):
        return None
    try:
        thread = threading.Thread(target=_work, name=THREAD_NAME, daemon=True)
        thread.start()
    except RuntimeError:
        _Worker.running.release()
        raise
    return thread


def deliver_after_commit() -> None:
    """Start the background delivery once the current transaction commits: a
    save that rolls back sends nothing."""
    transaction.on_commit(deliver_in_background)


def _work() -> None:
    while True:
        try:
            while _Worker.wake.is_set():
                _Worker.wake.clear()
                try:
                    deliver_due()
                except Exception:
                    # The jobs stay in the table: cron delivers them.
                    logger.exception("webhook delivery stopped")
        finally:
            # This thread's own connection, never the request's.
            connections.close_all()
            _Worker.running.release()
        # A wake between the last look and the release found the lock still held.
        if not _Worker.wake.is_set() or not _Worker.running.acquire(blocking=False):
            return
