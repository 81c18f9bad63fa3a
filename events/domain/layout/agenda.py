"""Pure grouping of events for the agenda: by month, honest about uncertain dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from events.enums import KIND_PLURALS, Kind, Precision

if TYPE_CHECKING:
    from collections.abc import Iterable

    from events.models import Event


@dataclass(frozen=True)
class AgendaGroup:
    """Events starting in one month, or in one year when only the year is known.

    ``ongoing`` is the group of events already under way when the agenda begins.
    """

    year: int
    month: int | None
    events: tuple[Event, ...]
    ongoing: bool = False

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, 1)

    @property
    def precision(self) -> str:
        return Precision.MONTH if self.month else Precision.YEAR

    @property
    def anchor(self) -> str:
        if self.ongoing:
            return "ongoing"
        return f"m-{self.year:04d}-{self.month:02d}" if self.month else f"y-{self.year:04d}"


def _group_key(event: Event, start: dt.date) -> tuple[int, int]:
    if event.start_precision == Precision.YEAR:
        return start.year, 0
    return start.year, start.month


def agenda_groups(events: Iterable[Event], *, start: dt.date | None) -> tuple[AgendaGroup, ...]:
    """Group dated ``events`` (in chronological order) by the month they start in.

    An event whose start is known only to the year is grouped under the year,
    before that year's months; one that began before ``start`` is "under way".
    """
    ongoing = []
    keyed: dict[tuple[int, int], list[Event]] = {}
    for event in events:
        if event.start_date is None:
            continue
        if start is not None and event.start_date < start:
            ongoing.append(event)
            continue
        keyed.setdefault(_group_key(event, event.start_date), []).append(event)

    groups = []
    if ongoing and start is not None:
        groups.append(AgendaGroup(start.year, start.month, tuple(ongoing), ongoing=True))
    for (year, month), group_events in sorted(keyed.items()):
        groups.append(AgendaGroup(year, month or None, tuple(group_events)))
    return tuple(groups)


def undated_by_kind(events: Iterable[Event]) -> tuple[tuple[str, tuple[Event, ...]], ...]:
    """Undated events under their kind's name, kinds in their usual order."""
    by_kind: dict[str, list[Event]] = {}
    for event in events:
        if event.start_date is None:
            by_kind.setdefault(event.kind, []).append(event)
    return tuple(
        (str(KIND_PLURALS[kind]), tuple(by_kind[kind])) for kind in Kind if kind in by_kind
    )


def listed_counts(
    groups: Iterable[AgendaGroup], undated: Iterable[tuple[str, tuple[Event, ...]]]
) -> tuple[int, int]:
    """How many dated and undated events the agenda lists: its heading counts
    exactly these, so the number and the lists never disagree."""
    return (
        sum(len(group.events) for group in groups),
        sum(len(events) for _kind, events in undated),
    )
