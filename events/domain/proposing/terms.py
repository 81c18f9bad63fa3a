"""Chairmanship handovers: "the chairmanship passing from Kyrgyzstan to Russia",
«председательство перешло от Киргизии к России», "Armenia takes over the chairmanship".

The outgoing chair's term ends on the statement's date and began at the last
session before it that the text names (a term runs from session to session),
else its start is left to the editor. The incoming one starts on the statement's
date and runs "until" what the text says, at that precision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import events.domain.proposing.morph as morph
from events.domain.proposing.building import proposal
from events.domain.proposing.context import Sentence, Statement
from events.domain.proposing.dates import Dates
from events.domain.proposing.places import Place, country_names
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
        "marked",
    ]
)
_HANDOVER_RU = frozenset(
    {"перейти", "переходить", "передать", "передавать", "передача", "переход", "принять",
     "принимать", "вступить", "вступать"}
)  # fmt: skip
_FROM = frozenset({"from", "от"})
_TO = frozenset({"to", "к", "ко"})
_UNTIL = frozenset({"until", "till", "до"})
_SINCE = frozenset({"since", "с", "со"})
_BEGAN = ("began", "begun", "started", "начал", "начин")


def find_terms(
    sentence: Sentence, statement: Statement, last_session: Dates | None
) -> list[Proposal]:
    if not _is_handover(sentence):
        return []
    countries = [place for place in sentence.places if place.city is None]
    outgoing = next((p for p in countries if p.lead in _FROM), None)
    incoming = next((p for p in countries if p.lead in _TO), None)
    if incoming is None:
        incoming = _taker(sentence, countries)
    found = []
    if outgoing is not None:
        began = _since(sentence) or last_session
        start = began.start if began else None
        precision = began.start_precision if began else Precision.DAY
        found.append(_term(sentence, outgoing.country, start, precision, statement.date, None))
    if incoming is not None and incoming.country != (outgoing.country if outgoing else ""):
        end = _until(sentence, incoming)
        found.append(_term(sentence, incoming.country, statement.date, Precision.DAY, None, end))
    return found


def _is_handover(sentence: Sentence) -> bool:
    if sentence.language == "ru":
        return sentence.has_lemma(*_CHAIR_RU) and sentence.has_lemma(*_HANDOVER_RU)
    chair = any(token.lower.startswith(_CHAIR_EN) for token in sentence.tokens)
    return chair and sentence.has_lemma(*_HANDOVER_EN)


def _taker(sentence: Sentence, countries: list[Place]) -> Place | None:
    """ "Armenia takes over the chairmanship": the country before the verb."""
    verbs = _HANDOVER_RU if sentence.language == "ru" else _HANDOVER_EN
    for index, token in enumerate(sentence.tokens):
        if token.lemmas & verbs:
            before = [place for place in countries if place.last < index]
            return before[-1] if before else None
    return None


def _since(sentence: Sentence) -> Dates | None:
    """When the outgoing chair began: "since last December", «с сентября прошлого
    года», "which began at the Sochi session on 23 September 2013"."""
    began = [t.start for t in sentence.tokens if t.lower.startswith(_BEGAN)]
    for mention in sentence.dates:
        after_began = any(0 <= mention.start - start <= 60 for start in began)
        leads = {mention.lead, sentence.text[: mention.start].split()[-1:][0].lower()}
        if leads & _SINCE or after_began:
            return sentence.resolved(mention, direction="past")
    return None


def _until(sentence: Sentence, incoming: Place) -> Dates | None:
    """What "until …" after the incoming chair names: "until the next summit in 2014"."""
    for token in sentence.tokens[incoming.last + 1 :]:
        if token.lower in _UNTIL:
            for mention in sentence.dates:
                if mention.start >= token.start:
                    direction = sentence.direction(sentence.token_at(mention.start))
                    return sentence.resolved(mention, direction=direction or "future")
    return None


def _term(
    sentence: Sentence,
    country: str,
    start: dt.date | None,
    start_precision: str,
    end: dt.date | None,
    until: Dates | None,
) -> Proposal:
    name_en, name_ru = country_names(country)
    made = proposal(
        sentence,
        kind=Kind.TERM,
        name_en=f"{name_en}'s chairmanship",
        name_ru=f"Председательство {_genitive(name_ru)}",
        country=country,
    )
    end_date, end_precision = (until.end, until.end_precision) if until else (end, Precision.DAY)
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
