"""propose(): a statement's text in, the events it gives out, for an editor to review.

Pure: no database and no network. Each sentence is read once (words, date phrases,
places), then each kind's finder looks at it; one event named in several sentences
is proposed once, from the sentence that says most about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from events.domain.proposing.building import day
from events.domain.proposing.context import Sentence, Statement
from events.domain.proposing.dates import Dates
from events.domain.proposing.exercises import disowned, find_exercises, followed_up
from events.domain.proposing.milestones import find_milestones
from events.domain.proposing.operations import find_operations
from events.domain.proposing.reading import sentences
from events.domain.proposing.records import KnownSeries, Proposal
from events.domain.proposing.summits import Found, find_summits
from events.domain.proposing.terms import find_terms, term_end
from events.enums import TEXT_LANGUAGES, Precision

_SPEAKERS = frozenset({"president", "президент"})
_DETAIL: dict[str, int] = {Precision.DAY: 2, Precision.MONTH: 1, Precision.YEAR: 0}


def propose(
    text: str, *, date: dt.date, language: str, series: Iterable[KnownSeries]
) -> list[Proposal]:
    """The events ``text``, a statement made on ``date`` in ``language``, gives."""
    if language not in TEXT_LANGUAGES:
        known = ", ".join(TEXT_LANGUAGES)
        raise ValueError(f"Cannot read statements in {language!r}: the languages are {known}.")
    read = [Sentence(text[start:end], start, language, date) for start, end in sentences(text)]
    dateline = next((sentence.dateline for sentence in read[:3] if sentence.dateline), None)
    statement = Statement(date, language, tuple(series), _speaker_country(read), dateline)
    exercises: dict[tuple[str, int], Proposal] = {}
    summits: list[Found] = []
    operations: dict[str, Proposal] = {}
    milestones: dict[tuple[str, Dates | None], Proposal] = {}
    not_ours: set[tuple[str, int]] = set()
    named: list[Proposal] = []  # the exercises the sentence before named
    for sentence in read:
        not_ours |= disowned(sentence, statement)
        followed = followed_up(sentence, statement, named)
        for exercise in followed:
            exercises[_exercise_key(exercise)] = exercise
        found = find_exercises(sentence, statement, named[-1] if named else None)
        for exercise in found:
            key = _exercise_key(exercise)
            exercises[key] = _richer(exercises.get(key), exercise)
        named = [exercises[_exercise_key(e)] for e in found] if found else followed
        summits += find_summits(sentence, statement)
        for operation_key, operation in find_operations(sentence):
            # The mention that dates it over one that only names it.
            earlier = operations.get(operation_key)
            if earlier is None or (earlier.start_date is None and operation.start_date is not None):
                operations[operation_key] = operation
        for milestone in find_milestones(sentence, statement):
            milestones.setdefault((milestone.name_en, _dates(milestone)), milestone)
    for key in not_ours & exercises.keys():
        del exercises[key]
    sessions = _unique_summits(summits)
    last_session = _last_session(sessions, date)
    # A chair changes hands at a session: the statement's own, else the last it names
    # (a ministry's statement the day after, a year-end report).
    own = any(summit.current for summit in summits)
    statement_handover = day(date) if own or last_session is None else last_session
    terms: dict[tuple[str, dt.date | None], Proposal] = {}
    ends: dict[str, Dates | None] = {}
    handovers: list[dt.date] = []
    for sentence in read:
        found_terms = find_terms(sentence, statement, last_session, statement_handover)
        for term in found_terms.found:
            if term.start_date is not None:  # the calendar takes no term without a start
                terms.setdefault((term.country, term.start_date), term)
        if found_terms.handover is not None and found_terms.handover.start <= date:
            handovers.append(found_terms.handover.start)
        end = term_end(sentence, statement)
        if end is not None:
            ends.setdefault(*end)
    found = [
        *exercises.values(),
        *sessions,
        *_terms_ended(list(terms.values()), ends, sessions, date, handovers),
        *operations.values(),
        *milestones.values(),
    ]
    return sorted(map(_ordered, found), key=lambda proposal: proposal.quote_start)


def _ordered(proposal: Proposal) -> Proposal:
    """Never an end before the start: a term the text ends before it began (a statement
    dated after the session it speaks of) is left open for the editor."""
    start, end = proposal.start_date, proposal.end_date
    if start is not None and end is not None and end < start:
        return replace(proposal, end_date=None, end_precision=Precision.DAY)
    return proposal


def _exercise_key(exercise: Proposal) -> tuple[str, int]:
    return str(exercise.series).lower(), exercise.series_year or 0


def _speaker_country(read: list[Sentence]) -> str:
    """The country of the head of state making the statement ("President of Russia …")."""
    for sentence in read[:2]:
        for index, token in enumerate(sentence.tokens):
            if token.lemmas & _SPEAKERS:
                for place in sentence.places:
                    if place.city is None and 0 < place.first - index <= 3:
                        return place.country
    return ""


def _richer(known: Proposal | None, new: Proposal) -> Proposal:
    """Of two mentions of one exercise, the one that says more (host, finer dates)."""
    if known is None:
        return new

    def detail(proposal: Proposal) -> tuple[int, int]:
        return bool(proposal.country), _DETAIL.get(proposal.start_precision, 0) * bool(
            proposal.start_date
        )

    return new if detail(new) > detail(known) else known


def _dates(proposal: Proposal) -> Dates | None:
    if proposal.start_date is None or proposal.end_date is None:
        return None
    return Dates(
        proposal.start_date, proposal.start_precision, proposal.end_date, proposal.end_precision
    )


def _unique_summits(found: list[Found]) -> list[Proposal]:
    """The statement's own session once; every other by its dates, place and form."""
    unique: dict[object, Proposal] = {}
    for summit in found:
        proposal = summit.proposal
        key: object = (
            "current"
            if summit.current
            else (_dates(proposal), proposal.place_en, proposal.informal)
        )
        if key not in unique or (summit.current and not unique[key].place_en and proposal.place_en):
            unique[key] = proposal
    return list(unique.values())


def _terms_ended(
    terms: list[Proposal],
    ends: dict[str, Dates | None],
    sessions: list[Proposal],
    date: dt.date,
    handovers: list[dt.date],
) -> list[Proposal]:
    """Each chair's term once, ended where the statement says. A term runs from
    session to session: when the chair changes hands (the latest handover the text
    dates, by the statement's date), a term begun before it ("has chaired since …")
    ends that day; one begun that day or later ends where a sentence says ("Russia
    will chair until …"), else at the next session the statement names."""
    # Without a dated handover, one a few days before the statement: a session's.
    recent = [
        term.start_date
        for term in terms
        if term.start_date is not None and 0 <= (date - term.start_date).days <= 14
    ]
    handover = max(handovers) if handovers else (max(recent) if recent else None)
    following = sorted(
        (s for s in sessions if not s.informal and s.start_date and s.start_date > date),
        key=lambda s: s.start_date or date,
    )
    ended = []
    for term in terms:
        if term.end_date is None and term.start_date is not None:
            until: Dates | None = None
            if handover is not None and term.start_date < handover:
                until = Dates(handover, Precision.DAY, handover, Precision.DAY)
            elif term.country in ends or (term.start_date == handover and following):
                until = ends.get(term.country) or (_dates(following[0]) if following else None)
            if until is not None:
                term = replace(term, end_date=until.end, end_precision=until.end_precision)
        ended.append(term)
    # One term per chair and end: one with a stated start over one left open.
    unique: dict[tuple[str, dt.date | None], Proposal] = {}
    for term in ended:
        key = (term.country, term.end_date)
        if key not in unique or (unique[key].start_date is None and term.start_date):
            unique[key] = term
    return [t for t in ended if unique.get((t.country, t.end_date)) is t]


def _last_session(sessions: list[Proposal], date: dt.date) -> Dates | None:
    """The latest formal session before the statement's: where the outgoing chair began."""
    before = [
        proposal
        for proposal in sessions
        if not proposal.informal and proposal.start_date and proposal.start_date < date
    ]
    if not before:
        return None
    latest = max(before, key=lambda proposal: proposal.start_date or date)
    return _dates(latest)
