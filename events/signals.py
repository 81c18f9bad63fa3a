"""Keep the calendar change stamp honest when rows go away.

Saves move the stamp in Event.save(); deletions, including a queryset's
delete() and admin's bulk delete, only reach Python through these signals.
Connecting them also stops Django from "fast-deleting" events without them.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from events.models import CalendarStamp, Event, ExerciseSeries


@receiver(post_delete, sender=Event)
@receiver(post_delete, sender=ExerciseSeries)
def calendar_row_deleted(sender, **kwargs) -> None:
    CalendarStamp.touch()
