"""Keep the calendar change stamp, the edit history and the public changes honest,
and send each public change to the webhooks.

Saves move the stamp in Event.save(); deletions, including a queryset's
delete() and admin's bulk delete, only reach Python through these signals.
Connecting them also stops Django from "fast-deleting" events without them.

Django sends a proxy's signals with the proxy as sender, so what is done for
Event (here, and django-simple-history's records) is forwarded from each
per-kind proxy (Exercise, Summit, …) as Event's own signals.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from events.delivery.webhooks import deliver_after_commit
from events.models import (
    KIND_PROXIES,
    CalendarStamp,
    Change,
    Event,
    ExerciseSeries,
    Statement,
    WebhookDelivery,
)


@receiver(post_delete, sender=Event)
@receiver(post_delete, sender=ExerciseSeries)
def calendar_row_deleted(sender, **kwargs) -> None:
    CalendarStamp.touch()


@receiver(post_save, sender=Event)
def record_public_changes(
    sender, instance: Event, created: bool, raw: bool = False, **kwargs
) -> None:
    # Fixtures (raw) load history as it was; they make none. The values as read
    # are still the instance's until Event.save() takes the new ones after this.
    if not raw:
        Change.record_event_save(instance, None if created else instance._loaded_values)


@receiver(post_delete, sender=Event)
def record_removal(sender, instance: Event, **kwargs) -> None:
    Change.record_event_removed(instance)


@receiver(post_save, sender=Statement)
def record_new_statement(sender, instance: Statement, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        Change.record_new_statement(instance)


@receiver(post_save, sender=Change)
def send_to_webhooks(sender, instance: Change, created: bool, raw: bool = False, **kwargs):
    # The jobs commit or roll back with the change; only a commit starts sending.
    if created and not raw and WebhookDelivery.objects.enqueue(instance):
        deliver_after_commit()


def _forwarder(signal):
    def forward(sender, signal=signal, **kwargs) -> None:
        signal.send(sender=Event, **kwargs)

    return forward


for _signal in (post_save, pre_delete, post_delete):
    _forward = _forwarder(_signal)
    for _proxy in KIND_PROXIES.values():
        _signal.connect(_forward, sender=_proxy, weak=False, dispatch_uid=f"forward-{_proxy}")
