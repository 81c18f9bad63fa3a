"""Keep the calendar change stamp and the edit history honest.

Saves move the stamp in Event.save(); deletions, including a queryset's
delete() and admin's bulk delete, only reach Python through these signals.
Connecting them also stops Django from "fast-deleting" events without them.

Django sends a proxy's signals with the proxy as sender, so what is done for
Event (here, and django-simple-history's records) is forwarded from each
per-kind proxy (Exercise, Summit, …) as Event's own signals.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from events.models import KIND_PROXIES, CalendarStamp, Event, ExerciseSeries


@receiver(post_delete, sender=Event)
@receiver(post_delete, sender=ExerciseSeries)
def calendar_row_deleted(sender, **kwargs) -> None:
    CalendarStamp.touch()


def _forwarder(signal):
    def forward(sender, signal=signal, **kwargs) -> None:
        signal.send(sender=Event, **kwargs)

    return forward


for _signal in (post_save, pre_delete, post_delete):
    _forward = _forwarder(_signal)
    for _proxy in KIND_PROXIES.values():
        _signal.connect(_forward, sender=_proxy, weak=False, dispatch_uid=f"forward-{_proxy}")
