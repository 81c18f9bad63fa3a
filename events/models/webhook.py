"""Webhooks: addresses integrators register to be told of each public change.

Delivery is a job table, not a queue server: one ``WebhookDelivery`` row per hook
and change, written in the transaction that writes the change (so a save that
rolls back leaves no job, and a save that commits leaves every one), then sent
outside the request by events/delivery/webhooks.py. The row is its own retry
state: ``next_attempt_at`` is when it is due again, and becomes null once there is
nothing more to try (delivered, or given up after MAX_ATTEMPTS).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from events.models.change import Change

# Attempts before a delivery is given up; each failure but the last waits the
# next of BACKOFF_SECONDS (1 min, 5 min, 30 min, 2 h, 12 h): a receiver down for
# most of a day still gets every change.
BACKOFF_SECONDS = (60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """An address that is sent every public change as JSON, signed with ``secret``."""

    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("Where each public change is POSTed as JSON (http or https)."),
    )
    # Shared with the integrator, who checks X-Cstocal-Signature with it.
    secret = models.CharField(_("secret"), max_length=100, default=new_secret, editable=False)
    active = models.BooleanField(_("active"), default=True)
    description = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("Whose it is and what it is for."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["url", "id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        super().clean()
        # URLField also takes ftp:// and ftps://; a delivery is an HTTP POST.
        if self.url and not self.url.lower().startswith(("http://", "https://")):
            raise ValidationError({"url": _("Give an http:// or https:// address.")})


class WebhookDeliveryQuerySet(models.QuerySet["WebhookDelivery"]):
    def due(self, now) -> WebhookDeliveryQuerySet:
        """Jobs whose next attempt has come, for hooks still active."""
        return self.filter(next_attempt_at__lte=now, webhook__active=True)

    def pending(self) -> WebhookDeliveryQuerySet:
        return self.filter(next_attempt_at__isnull=False)

    def delivered(self) -> WebhookDeliveryQuerySet:
        return self.filter(delivered_at__isnull=False)

    def given_up(self) -> WebhookDeliveryQuerySet:
        return self.filter(delivered_at__isnull=True, next_attempt_at__isnull=True)

    def enqueue(self, change: Change) -> list[WebhookDelivery]:
        """A job for ``change`` on every active hook, due now."""
        now = timezone.now()
        jobs = [
            WebhookDelivery(webhook=hook, change=change, next_attempt_at=now)
            for hook in Webhook.objects.filter(active=True)
        ]
        return WebhookDelivery.objects.bulk_create(jobs) if jobs else []


class WebhookDelivery(models.Model):
    """One change to be sent to one hook, and how sending it has gone."""

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    change = models.ForeignKey(
        "events.Change",
        verbose_name=_("public change"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Null once there is nothing more to try: delivered, or given up.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["webhook", "change"], name="one_delivery_per_change")
        ]
        indexes: ClassVar = [models.Index(fields=["next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.change} → {self.webhook}"

    @property
    def state(self) -> str:
        if self.delivered_at is not None:
            return "delivered"
        return "pending" if self.next_attempt_at is not None else "failed"
