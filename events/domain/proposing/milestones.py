"""Decisions with a horizon: a plan "through 2020", a budget "for 2014",
«программа на 2016–2020 годы», «план … до 2020 года».

"For" a year (or years) is that period; "through", "until" or «до» a year runs from
the statement's date, when the decision was taken, to the end of that year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.domain.proposing.building import day, proposal
from events.domain.proposing.context import Sentence, Statement
from events.domain.proposing.dates import DateMention, Dates
from events.domain.proposing.records import Proposal
from events.enums import Kind


@dataclass(frozen=True)
class Document:
    words: frozenset[str]  # English words, Russian lemmas
    name_en: str
    name_ru: str
    takes_topic: bool = True


_DOCUMENTS = (
    Document(frozenset({"plan", "plans", "план"}), "Plan", "План"),
    Document(frozenset({"programme", "program", "программа"}), "Programme", "Программа"),
    Document(frozenset({"budget", "бюджет"}), "CSTO budget", "Бюджет ОДКБ", takes_topic=False),
    Document(frozenset({"strategy", "стратегия"}), "Strategy", "Стратегия"),
    Document(frozenset({"concept", "концепция"}), "Concept", "Концепция"),
    Document(frozenset({"roadmap"}), "Road map", "Дорожная карта"),
    # «Основные направления коалиционного военного строительства до 2025 года»
    Document(frozenset({"directions", "направление"}), "Main directions", "Основные направления"),
)
# What a plan is about, as the name says it: (in the text, English, Russian).
_TOPICS = (
    (r"military[- ]technical cooperation|военно-техническ\w* сотрудничеств",
     "military-technical cooperation", "военно-технического сотрудничества"),
    (r"military cooperation|военн\w* сотрудничеств", "military cooperation",
     "военного сотрудничества"),
    (r"collective security|коллективной безопасности", "collective security",
     "коллективной безопасности"),
    (r"drug|наркот", "counter-narcotics", "противодействия наркотикам"),
    (r"terroris|терроризм", "counter-terrorism", "противодействия терроризму"),
    (r"border|границ", "border security", "укрепления границ"),
    (r"peacekeep|миротворч", "peacekeeping", "миротворческой деятельности"),
)  # fmt: skip
# Leading words that make a year a horizon: the period itself, or its end.
_FOR = frozenset({"for", "на", "of"})
_THROUGH = frozenset({"through", "through to", "until", "till", "up to", "to", "by", "до", "по"})
# "We plan to …" is a verb, not a plan.
_VERB_BEFORE = frozenset({"we", "they", "i", "you", "to", "will", "also", "ll", "not", "who"})
# How many words a horizon may follow its document by.
_REACH = 16
_CLAUSE_BREAK = re.compile(r"[,;:()]")


def find_milestones(sentence: Sentence, statement: Statement) -> list[Proposal]:
    found = []
    used: set[int] = set()
    for index, document in _documents(sentence):
        horizon = _horizon(sentence, index, used)
        if horizon is None or sentence.is_others(sentence.tokens[index].start):
            continue
        used.add(horizon.start)
        dates = _dates(sentence, horizon, statement)
        if dates is None:
            continue
        name_en, name_ru = _names(sentence, document, horizon, dates)
        found.append(
            proposal(sentence, kind=Kind.MILESTONE, name_en=name_en, name_ru=name_ru, dates=dates)
        )
    return found


def _documents(sentence: Sentence) -> list[tuple[int, Document]]:
    found = []
    for index, token in enumerate(sentence.tokens):
        for document in _DOCUMENTS:
            if token.lemmas & document.words:
                previous = sentence.tokens[index - 1].lower if index else ""
                if sentence.language == "en" and previous in _VERB_BEFORE:
                    continue
                found.append((index, document))
    return found


def _horizon(sentence: Sentence, index: int, used: set[int]) -> DateMention | None:
    """The first horizon phrase after document word ``index``, before any other document;
    else a span of years that opens its clause before it ("In 2020–2021 the Joint Staff
    will carry out a programme …"): the years a document runs are its horizon wherever
    they stand."""
    start = sentence.tokens[index].end
    reach = index + _REACH
    limit = sentence.tokens[reach].start if reach < len(sentence.tokens) else len(sentence.text)
    for mention in sentence.dates:
        near = start <= mention.start < limit and mention.start not in used
        if near and mention.is_year_only and (mention.lead in _FOR | _THROUGH or _years(mention)):
            return mention
    back = sentence.tokens[max(0, index - _REACH)].start
    for mention in reversed(sentence.dates):
        before = back <= mention.start and mention.end <= sentence.tokens[index].start
        if before and mention.start not in used and mention.is_year_only and _years(mention):
            between = sentence.text[mention.end : sentence.tokens[index].start]
            if not _CLAUSE_BREAK.search(between):
                return mention
    return None


def _years(mention: DateMention) -> bool:
    """A span of whole years: "2016–2020", «в 2020–2021 годах»."""
    return mention.first.year is not None and mention.first.year != mention.last.year


def _dates(sentence: Sentence, horizon: DateMention, statement: Statement) -> Dates | None:
    resolved = sentence.resolved(horizon)
    if resolved is None or horizon.lead in _FOR or horizon.first.year != horizon.last.year:
        return resolved
    if resolved.end < statement.date:
        return None
    start = day(statement.date)
    return Dates(start.start, start.start_precision, resolved.end, resolved.end_precision)


def _names(
    sentence: Sentence, document: Document, horizon: DateMention, dates: Dates
) -> tuple[str, str]:
    first, last = dates.start.year, dates.end.year
    if horizon.lead in _FOR or (first != last and horizon.first.year != horizon.last.year):
        years = f"{first}–{last}" if first != last else str(first)
        word = "годы" if first != last else "год"
        when_en, when_ru = f"for {years}", f"на {years} {word}"
    else:
        when_en, when_ru = f"through {last}", f"до {last} года"
    topic = _topic(sentence.text) if document.takes_topic else None
    if topic is None:
        return f"{document.name_en} {when_en}", f"{document.name_ru} {when_ru}"
    topic_en, topic_ru = topic
    name_en = f"{topic_en[0].upper()}{topic_en[1:]} {document.name_en.lower()} {when_en}"
    return name_en, f"{document.name_ru} {topic_ru} {when_ru}"


def _topic(text: str) -> tuple[str, str] | None:
    for pattern, topic_en, topic_ru in _TOPICS:
        if re.search(pattern, text, re.IGNORECASE):
            return topic_en, topic_ru
    return None
