"""The calendar's data: one events table, exercise series, per-kind proxies, the
change stamp, the statements the dates come from, and the webhooks public changes
are sent to. Settings, migrations and the rest of the project import from here."""

from events.enums import KIND_PLURALS, TEXT_LANGUAGES, ChangeKind, Kind, Precision, Status
from events.models.change import Change
from events.models.event import Event
from events.models.expressions import DateRange, Overlaps
from events.models.kinds import (
    KIND_PROXIES,
    ChairmanshipTerm,
    Exercise,
    KindManager,
    KindProxy,
    Milestone,
    Operation,
    Summit,
)
from events.models.queryset import EventQuerySet
from events.models.series import ExerciseSeries
from events.models.stamp import CalendarStamp
from events.models.statement import Citation, Statement, StatementSentence
from events.models.tracking import SUBSCRIBER_FIELDS, TRACKED_FIELDS
from events.models.webhook import MAX_ATTEMPTS, Webhook, WebhookDelivery

__all__ = [
    "KIND_PLURALS",
    "KIND_PROXIES",
    "MAX_ATTEMPTS",
    "SUBSCRIBER_FIELDS",
    "TEXT_LANGUAGES",
    "TRACKED_FIELDS",
    "CalendarStamp",
    "ChairmanshipTerm",
    "Change",
    "ChangeKind",
    "Citation",
    "DateRange",
    "Event",
    "EventQuerySet",
    "Exercise",
    "ExerciseSeries",
    "Kind",
    "KindManager",
    "KindProxy",
    "Milestone",
    "Operation",
    "Overlaps",
    "Precision",
    "Statement",
    "StatementSentence",
    "Status",
    "Summit",
    "Webhook",
    "WebhookDelivery",
]
