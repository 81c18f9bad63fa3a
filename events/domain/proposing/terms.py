"""Chairmanship handovers: "the chairmanship passing from Kyrgyzstan to Russia",
«председательство перешло от Киргизии к России», "Armenia takes over the chairmanship".

The outgoing chair's term ends on the statement's date and began at the last
session before it that the text names (a term runs from session to session),
else its start is left to the editor. The incoming one starts on the statement's
date and runs "until" what the text says, at that precision.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import NamedTuple

import events.domain.proposing.morph as morph
from events.domain.proposing.building import day, proposal
from events.domain.proposing.context import Sentence, Statement
from events.domain.proposing.dates import DateMention, Dates
from events.domain.proposing.places import Place, country_names, demonyms
from events.domain.proposing.records import Proposal
from events.enums import Kind, Precision

_CHAIR_EN = ("chair", "presidency")
_CHAIR_RU = frozenset({"председательство", "председательствовать", "председатель"})
_HANDOVER_EN = frozenset(
    [
        "pass",
        "passing",
        "passed",
        "passes",
        "hand",
        "handed",
        "handing",
        "handover",
        "transfer",
        "transferred",
        "transfers",
        "transferring",
        "take",
        "takes",
        "took",
        "taking",
        "taken",
        "assume",
        "assumes",
        "assumed",
        "assuming",
        "goes",
        "went",
        "assumption",
        "marked",
    ]
)
_HANDOVER_RU = frozenset(
    {"перейти", "переходить", "передать", "передавать", "передача", "переход", "принять",
     "принимать", "вступить", "вступать"}
)  # fmt: skip
# Verbs whose subject gives the chair away: "Kazakhstan handed it to Russia".
_GIVING = frozenset(
    {"hand", "handed", "handing", "hands", "pass", "passed", "passes", "передать",
     "передавать", "передал", "передала"}
)  # fmt: skip
_TODAY = ("today", "сегодня", "сегодняшний")
# Verbs that say a dated event ends a term: «завершит председательство».
_ENDING = frozenset(
    {"end", "ends", "conclude", "concludes", "close", "closes", "complete", "completes",
     "завершить", "завершать", "закончить", "заканчивать"}
)  # fmt: skip
_FROM = frozenset({"from", "от", "у"})
_TO = frozenset({"to", "к", "ко"})
_UNTIL = frozenset({"until", "till", "до"})
_SINCE = frozenset({"since", "с", "со"})
_TAKING = frozenset({"took", "assumed", "принять", "получить"})
_RELATIVE = frozenset({"which", "that", "которое", "которую", "который", "которая"})
_BEGAN = ("began", "begun", "started", "начал", "начав", "начин", "нача")


class Terms(NamedTuple):
    """The terms a sentence gives, and the day it says the chair changed hands."""

    found: list[Proposal]
    handover: Dates | None = None


def find_terms(
    sentence: Sentence,
    statement: Statement,
    last_session: Dates | None,
    statement_handover: Dates,
) -> Terms:
    """The terms ``sentence`` gives. ``last_session`` is the latest session before the
    statement's (where an outgoing chair began); ``statement_handover`` the day a chair
    changes hands when the sentence does not date it: the session the statement
    reports, else the last one it names."""
    if _is_question(sentence):
        return Terms([])  # an interviewer's question names a term, it does not report one
    ending = _ending(sentence)
    if ending and not _is_handover(sentence):
        return Terms(ending)
    if not _is_handover(sentence) or _handover_recalled(sentence):
        chaired = _chaired_since(sentence)
        if chaired is not None:
            return Terms([chaired])
    if not _is_handover(sentence):
        return Terms(_ending(sentence))
    countries = sorted(
        [place for place in sentence.places if place.city is None] + demonyms(sentence.tokens),
        key=lambda place: place.start,
    )
    outgoing = next((p for p in countries if _lead(sentence, p) in _FROM), None)
    incoming = next((p for p in countries if _lead(sentence, p) in _TO), None)
    giving = _verb(sentence, _GIVING)
    if giving is not None:
        # "Kazakhstan handed the chairmanship to Russia": the giver before the verb.
        outgoing = outgoing or next((p for p in reversed(countries) if p.last < giving), None)
        incoming = incoming or next((p for p in countries if p.first > giving), None)
    if incoming is None:
        # "the assumption of the chairmanship by the Russian Federation"
        incoming = next((p for p in countries if _lead(sentence, p) == "by"), None)
    if incoming is None:
        incoming = _taker(sentence, countries)
    since = _since(sentence)
    if outgoing is None and since is not None:
        # "Russia has chaired the Organisation since …; the chair passes to Tajikistan".
        outgoing = next(
            (p for p in reversed(countries) if p.start < since[0].start and p is not incoming),
            None,
        )
    until = _until(sentence, incoming) if incoming is not None else None
    used = {found[0] for found in (since, until) if found is not None}
    handover = _handover(sentence, used) or (
        day(statement.date) if sentence.has_lemma(*_TODAY) else statement_handover
    )
    if since is not None and handover.start <= since[1].start:
        handover = day(statement.date)  # not at the session where the outgoing chair began
    if since is None and outgoing is not None and sentence.has_lemma(*_TODAY):
        # "Kazakhstan took over the chairmanship on 30 November last year, and today we
        # passed it to our Kyrgyz friends": the past date is when the outgoing began.
        mention = next((m for m in sentence.dates if m not in used), None)
        if mention is not None and handover.start < statement.date:
            since = (mention, handover)
        handover = day(statement.date)
    if outgoing is None and since is not None:
        # «Казахстан, принявший председательство … 23 ноября прошлого года, будет
        # председательствовать до …»: one chair, since then.
        handover = since[1]
    if giving is not None and _is_future(sentence, giving):
        # «Киргизия … передаст председательство на сессии, которая пройдёт 28 ноября».
        handover = _handover(sentence, used, direction="future") or handover
    found = []
    if last_session is not None and last_session.start >= handover.start:
        last_session = None  # the session that hands the chair on began no term
    if outgoing is not None:
        began = since[1] if since else last_session
        start = began.start if began else None
        precision = began.start_precision if began else Precision.DAY
        found.append(
            _term(sentence, outgoing.country, start, precision, handover.end, None, handover)
        )
    if incoming is not None and incoming.country != (outgoing.country if outgoing else ""):
        found.append(
            _term(
                sentence,
                incoming.country,
                handover.start,
                handover.start_precision,
                None,
                until[1] if until else None,
                handover,
            )
        )
    return Terms(found, handover if found else None)


def _lead(sentence: Sentence, place: Place) -> str:
    """The word that leads a country, past "the": "to the Kyrgyz Republic" is "to"."""
    if place.lead == "the" and place.first >= 2:
        return sentence.tokens[place.first - 2].lower
    return place.lead


def _is_question(sentence: Sentence) -> bool:
    lead = sentence.text.lstrip().lower()
    return sentence.text.rstrip().endswith("?") or lead.startswith(("question:", "вопрос:"))


def _verb(sentence: Sentence, verbs: frozenset[str]) -> int | None:
    return next((i for i, t in enumerate(sentence.tokens) if t.lemmas & verbs), None)


def _handover(sentence: Sentence, used: set[DateMention], direction: str = "past") -> Dates | None:
    """When the chair changes hands, if the sentence dates it: «В конце ноября
    прошлого года … передал председательство»; with ``direction`` "future", the
    date of a handover to come."""
    for mention in sentence.dates:
        if mention in used or mention.lead in _UNTIL or mention.lead in _SINCE:
            continue
        resolved = sentence.resolved(mention, direction=direction)
        if resolved is None:
            continue
        if (resolved.start <= sentence.today) == (direction == "past"):
            return resolved
    return None


def _is_future(sentence: Sentence, index: int) -> bool:
    """Whether verb ``index`` speaks of what is to come ("will hand", «передаст»)."""
    token = sentence.tokens[index]
    if sentence.language == "ru":
        return morph.is_future_or_infinitive(token.text)
    return any(t.lower in {"will", "shall"} for t in sentence.tokens[max(0, index - 3) : index])


def _handover_recalled(sentence: Sentence) -> bool:
    """ "…, when the chairmanship passed to our country": the handover is the term's start."""
    verbs = _HANDOVER_RU if sentence.language == "ru" else _HANDOVER_EN
    for token in sentence.tokens:
        if token.lower in {"when", "когда"}:
            return True
        if token.lemmas & verbs:
            return False
    return False


def _chaired_since(sentence: Sentence) -> Proposal | None:
    """ "Kyrgyzstan has chaired the Organization since the Astana session in November
    last year", «Таджикистан председательствовал … со 2 декабря прошлого года»: a term
    from then; it ends when the statement hands the chair on (the engine decides)."""
    verb = next(
        (
            index
            for index, token in enumerate(sentence.tokens)
            if token.lower in {"chaired", "chairs", "presided"}
            or (
                sentence.language == "ru"
                and token.lower.startswith(("председательствовал", "председательству"))
            )
        ),
        None,
    )
    named = [place for place in demonyms(sentence.tokens) if place.lead not in _TO]
    if verb is None and named:
        # «белорусского председательства, начавшегося на сессии … 23 ноября прошлого года»
        verb = named[0].last + 1
    if verb is None:
        return _chairmanship_began(sentence)
    since = _since(sentence)
    if since is None or since[0].start < sentence.tokens[verb].start:
        return _chairmanship_began(sentence)
    countries = [p for p in [*sentence.places, *named] if p.city is None and p.last < verb]
    if not countries:
        return _chairmanship_began(sentence)
    began = since[1]
    return _term(
        sentence, countries[-1].country, began.start, began.start_precision, None, None, began
    )


def _chairmanship_began(sentence: Sentence) -> Proposal | None:
    """ "The chairmanship of the Republic of Tajikistan, which began on 2 December 2020,
    was completed …", «Председательство Киргизии, начавшееся 8 ноября прошлого года …»:
    the one country the sentence names before the day its chairmanship began."""
    lasted = (*_BEGAN, "продолжа", "lasted", "continued")  # «которое продолжалось с …»
    if not _is_chair(sentence) or not any(t.lower.startswith(lasted) for t in sentence.tokens):
        return None
    since = _since(sentence)
    if since is None:
        return None
    countries = {
        p.country
        for p in [*sentence.places, *demonyms(sentence.tokens)]
        if p.city is None and p.end <= since[0].start
    }
    if len(countries) != 1:
        return None
    began = since[1]
    return _term(sentence, countries.pop(), began.start, began.start_precision, None, None, began)


def term_end(sentence: Sentence, statement: Statement) -> tuple[str, Dates | None] | None:
    """ "We will chair the CSTO until the next session, due to be held in 2017",
    «Россия будет председательствовать до следующей сессии … в ноябре следующего
    года»: whose term ends when; None for "until this session" with no date of its
    own, which is the next session the statement names."""
    if _is_question(sentence) or not _is_chair(sentence):
        return None
    for index, token in enumerate(sentence.tokens):
        if token.lower not in _UNTIL:
            continue
        countries = [p for p in sentence.places if p.city is None and p.last < index]
        if countries:
            country = countries[-1].country
        elif sentence.tokens[0].lower in {"we", "мы"}:
            country = statement.speaker_country
        else:
            return None
        for mention in sentence.dates:
            if mention.start >= token.start:
                resolved = sentence.resolved(mention, direction="future")
                return (country, resolved) if resolved is not None and country else None
        following = sentence.tokens[index + 1 : index + 4]
        session = any(t.lemmas & {"session", "сессия", "summit", "саммит"} for t in following)
        return (country, None) if session and country else None
    return None


def _ending(sentence: Sentence) -> list[Proposal]:
    """A term the text says began on a date and ends at a dated event: «сессия
    пройдёт 8 ноября и завершит председательство Казахстана, начавшееся 30 ноября»."""
    if not (_is_chair(sentence) and _verb(sentence, _ENDING) is not None):
        return []
    since = _since(sentence)
    countries = [place for place in sentence.places if place.city is None]
    if since is None or len(countries) != 1:
        return []
    for mention in sentence.dates:
        if mention is since[0]:
            continue
        direction = sentence.direction(sentence.token_at(mention.start)) or "future"
        end = sentence.resolved(mention, direction=direction)
        if end is not None and end.start > since[1].start:
            began = since[1]
            return [
                _term(sentence, countries[0].country, began.start, began.start_precision,
                      end.end, None, end)
            ]  # fmt: skip
    return []


def _is_chair(sentence: Sentence) -> bool:
    if sentence.language == "ru":
        return sentence.has_lemma(*_CHAIR_RU)
    return any(token.lower.startswith(_CHAIR_EN) for token in sentence.tokens)


def _is_handover(sentence: Sentence) -> bool:
    handover = _HANDOVER_RU if sentence.language == "ru" else _HANDOVER_EN
    return _is_chair(sentence) and sentence.has_lemma(*handover)


def _taker(sentence: Sentence, countries: list[Place]) -> Place | None:
    """ "Armenia takes over the chairmanship": the country before the verb."""
    verbs = _HANDOVER_RU if sentence.language == "ru" else _HANDOVER_EN
    for index, token in enumerate(sentence.tokens):
        if token.lemmas & verbs:
            before = [place for place in countries if place.last < index]
            # «эстафету приняли наши киргизские друзья», «принимает Киргизия»: the taker
            # right after the verb.
            after = [
                place
                for place in countries
                if index < place.first <= index + 3 and place.lead not in _FROM
            ]
            return after[0] if after else (before[-1] if before else None)
    return None


def _since(sentence: Sentence) -> tuple[DateMention, Dates] | None:
    """When the outgoing chair began: "since last December", «с сентября прошлого
    года», "which began at the Sochi session on 23 September 2013"."""
    began = [t.start for t in sentence.tokens if t.lower.startswith(_BEGAN)]
    # «с сессии, проведённой … в декабре прошлого года»: since a session, then its date.
    tokens = sentence.tokens
    sessions = {"session", "сессия", "summit", "саммит"}
    began += [
        token.start
        for index, token in enumerate(tokens)
        if token.lower in _SINCE and any(t.lemmas & sessions for t in tokens[index + 1 : index + 6])
    ]
    # «председательство, которое Бишкек принял на сессии … 8 ноября», «принявшая
    # председательство … 23 ноября», "which it took over on …": when that chair began.
    began += [
        token.start
        for index, token in enumerate(tokens)
        if token.lemmas & _TAKING
        and (
            token.lower.startswith("принявш")
            or any(t.lower in _RELATIVE for t in tokens[max(0, index - 3) : index])
        )
    ]
    for mention in sentence.dates:
        after_began = any(0 <= mention.start - start <= 80 for start in began)
        leads = {mention.lead, *_words_before(sentence, mention.start, 6)}
        if leads & _SINCE or after_began:
            resolved = sentence.resolved(mention, direction="past")
            if resolved is not None:
                return mention, resolved
    return None


def _words_before(sentence: Sentence, offset: int, count: int) -> list[str]:
    """Up to ``count`` words before ``offset`` in its clause: "since the Bishkek summit of"."""
    before = re.split(r"[,;:—–]", sentence.text[:offset])[-1]
    return [word.lower() for word in before.split()[-count:]]


def _until(sentence: Sentence, incoming: Place) -> tuple[DateMention, Dates] | None:
    """What "until …" after the incoming chair names: "until the next summit in 2014"."""
    for token in sentence.tokens[incoming.last + 1 :]:
        if token.lower in _UNTIL:
            for mention in sentence.dates:
                if mention.start >= token.start:
                    direction = sentence.direction(sentence.token_at(mention.start))
                    resolved = sentence.resolved(mention, direction=direction or "future")
                    return (mention, resolved) if resolved is not None else None
    return None


def _term(
    sentence: Sentence,
    country: str,
    start: dt.date | None,
    start_precision: str,
    end: dt.date | None,
    until: Dates | None,
    handover: Dates,
) -> Proposal:
    name_en, name_ru = country_names(country)
    made = proposal(
        sentence,
        kind=Kind.TERM,
        name_en=f"{name_en}'s chairmanship",
        name_ru=f"Председательство {_genitive(name_ru)}",
        country=country,
    )
    end_date, end_precision = (
        (until.end, until.end_precision) if until else (end, handover.end_precision)
    )
    if end is None and not until:
        end_precision = Precision.DAY
    return replace(
        made,
        start_date=start,
        start_precision=start_precision,
        end_date=end_date,
        end_precision=end_precision,
    )


def _genitive(name: str) -> str:
    """Россия → России, Киргизия → Киргизии: a country's name after «Председательство»."""
    words = []
    for word in name.split():
        inflected = morph.analyzer().parse(word)[0].inflect({"gent"})
        form = str(inflected.word) if inflected else word
        words.append(form[:1].upper() + form[1:] if word[:1].isupper() else form)
    return " ".join(words)
