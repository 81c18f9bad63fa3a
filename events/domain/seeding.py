"""Seeding: the first statement's series and events, loaded (or restored) by fixed UID."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from events.domain.results import WriteResult
from events.domain.statements import cite, keep_text, sentences_quoted
from events.models import Event, ExerciseSeries, Statement
from events.seed import statement_2013


@transaction.atomic
def seed_load(*, reset: bool = False) -> WriteResult:
    """Load the 2013 statement's events; safe to run any number of times.

    Missing series and events are created. An event that exists (by its fixed UID)
    is left as editors made it, unless ``reset`` asks to restore the statement's
    values; a reset that changes nothing writes nothing, so revisions stay put.
    """
    result = WriteResult()
    series: dict[str, ExerciseSeries] = {}
    for spec in statement_2013.SERIES:
        series[spec["slug"]], _ = ExerciseSeries.objects.get_or_create(
            slug=spec["slug"], defaults=spec
        )

    statement = _seed_statement()
    for spec in statement_2013.EVENTS:
        values = {**statement_2013.SOURCE, **spec}
        if "series" in values:
            values["series"] = series[str(values["series"])]
        uid = statement_2013.seed_uid(spec["slug"])
        event = Event.objects.filter(uid=uid).first()
        if event is None:
            event = Event(uid=uid, **values)
            # The database checks its own constraints as the row is written;
            # asking each in Python first costs a query apiece, half the time
            # of loading the seed (which most tests do).
            event.full_clean(validate_constraints=False)
            event.save()
            cite(event, sentences_quoted(statement, spec["source_quote"]))
            result.created.append(event.slug)
            continue
        cite(event, sentences_quoted(statement, spec["source_quote"]))
        if not reset:
            result.unchanged.append(event.slug)
            continue
        defaults = {name: f.get_default() for name, f in _resettable_fields().items()}
        for name, value in {**defaults, **values}.items():
            setattr(event, name, value)
        if event.changed_fields():
            event.full_clean()
            event.save()
            result.updated.append(event.slug)
        else:
            result.unchanged.append(event.slug)
    return result


def _seed_statement() -> Statement:
    """The statement itself, with its English text and its Russian rendering."""
    spec = statement_2013.STATEMENT
    statement, created = Statement.objects.get_or_create(slug=spec["slug"], defaults=spec)
    if created or not statement.sentences.exists():
        keep_text(
            statement,
            {
                "en": statement_2013.STATEMENT_PATH.read_text(encoding="utf-8"),
                "ru": statement_2013.STATEMENT_RU_PATH.read_text(encoding="utf-8"),
            },
        )
    return statement


def _resettable_fields() -> dict[str, Any]:
    """Editable fields a reset puts back to their defaults unless the seed sets them."""
    return {
        f.name: f
        for f in Event._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in {"uid", "slug"}
    }
