"""When anything on the calendar last changed.

One row, moved by every save and delete of an event or series. Feeds answer
Last-Modified and cache their bytes by it, so an unchanged calendar is never
serialised again, on any app server. How the stamp is cached is delivery's
business (events/delivery/stamp.py): the model only says that it moved, through
two signals.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Sent inside the writing transaction at every change of the calendar.
calendar_changed = Signal()
# Sent once that change has committed (never for one rolled back).
calendar_change_committed = Signal()

# The stamp before the first change: a fixed point, so an empty calendar still
# has stable validators.
NEVER_CHANGED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class CalendarStamp(models.Model):
    # Counts the changes: feed files are named by it, and a feed's older versions
    # are the ones with smaller numbers.
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()
    # New at every change: cache keys use it, so two databases (or a restored
    # backup) never share cached bytes.
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("calendar change stamp")

    def __str__(self) -> str:
        return f"{self.version} at {self.changed_at.isoformat()}"

    @classmethod
    def read(cls) -> CalendarStamp:
        """The stamp as the database has it."""
        stamp: CalendarStamp | None = cls.objects.filter(pk=1).first()
        if stamp is None:
            stamp = cls(pk=1, version=0, changed_at=NEVER_CHANGED, token=uuid.UUID(int=0))
        return stamp

    @classmethod
    def touch(cls) -> None:
        """Record a change of the calendar (inside the writer's transaction)."""
        now = timezone.now().replace(microsecond=0)
        token = uuid.uuid4()
        moved = cls.objects.filter(pk=1).update(
            version=F("version") + 1, changed_at=now, token=token
        )
        if not moved:
            cls.objects.get_or_create(
                pk=1, defaults={"version": 1, "changed_at": now, "token": token}
            )
        calendar_changed.send(sender=cls)
        transaction.on_commit(lambda: calendar_change_committed.send(sender=cls), robust=True)
