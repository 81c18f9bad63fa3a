"""Webhooks in admin: editors register an address, copy its secret for the
integrator, and see how each change's delivery went, with "retry now" for those
that failed."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.delivery.webhooks import deliver_after_commit
from events.models import Webhook, WebhookDelivery

STATES = {
    "delivered": _("delivered"),
    "pending": _("pending"),
    "failed": _("failed"),
}


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """The secret is made when the hook is saved and never typed: it is shown on
    the hook's page, read-only, for the integrator to check signatures with."""

    list_display = ("url", "description", "active", "delivered_count", "pending_count", "failed")
    list_filter = ("active",)
    search_fields = ("url", "description")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("url", "description", "active")
        return ("url", "description", "active", "secret", "created")

    def get_readonly_fields(self, request, obj=None):
        return ("secret", "created") if obj is not None else ()

    def get_queryset(self, request) -> QuerySet[Webhook]:
        delivered = Q(deliveries__delivered_at__isnull=False)
        pending = Q(deliveries__next_attempt_at__isnull=False)
        failed = Q(deliveries__delivered_at__isnull=True, deliveries__next_attempt_at__isnull=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                delivered_total=Count("deliveries", filter=delivered),
                pending_total=Count("deliveries", filter=pending),
                failed_total=Count("deliveries", filter=failed),
            )
        )

    @admin.display(description=_("delivered"), ordering="delivered_total")
    def delivered_count(self, hook: Webhook) -> int:
        return hook.delivered_total  # type: ignore[attr-defined]

    @admin.display(description=_("pending"), ordering="pending_total")
    def pending_count(self, hook: Webhook) -> int:
        return hook.pending_total  # type: ignore[attr-defined]

    @admin.display(description=_("failed"), ordering="failed_total")
    def failed(self, hook: Webhook) -> int:
        return hook.failed_total  # type: ignore[attr-defined]

    def response_add(self, request, obj, post_url_continue=None):
        # To the hook's page, where its new secret is shown.
        self.message_user(
            request,
            _("Give the integrator the secret below: each delivery is signed with it."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:events_webhook_change", args=[obj.pk]))


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """A record of each change sent to each hook: read, and retried, never edited."""

    list_display = (
        "created",
        "webhook",
        "change",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status",
        "last_error",
    )
    list_filter = ("webhook",)
    list_select_related = ("webhook", "change")
    readonly_fields = (
        "webhook",
        "change",
        "status",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_status",
        "last_error",
        "created",
    )
    fields = readonly_fields
    actions = ("retry_now",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Change permission is what "retry now" needs; no delivery is edited.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("status"))
    def status(self, delivery: WebhookDelivery) -> str:
        return str(STATES[delivery.state])

    @admin.action(description=_("Retry now"), permissions=["change"])
    def retry_now(self, request, queryset: QuerySet[WebhookDelivery]) -> None:
        count = WebhookDelivery.objects.filter(
            pk__in=queryset.values("pk"), delivered_at__isnull=True
        ).update(next_attempt_at=timezone.now())
        if count:
            deliver_after_commit()
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery will be tried again now.",
                "%(count)d deliveries will be tried again now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
