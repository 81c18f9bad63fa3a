"""The organisation's regular operations: named ("Operation Channel", «Канал»,
"Illegal", "PROXY") or described by what they fight ("regular operations to combat
drug trafficking, illegal immigration, and crimes in the information area").

Each regular operation is known both ways, so a name and a description in one text
are one operation. Operations run all year round: undated unless the text dates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.domain.proposing.building import proposal
from events.domain.proposing.context import Sentence
from events.domain.proposing.dates import Dates
from events.domain.proposing.records import Proposal
from events.enums import Kind


@dataclass(frozen=True)
class Operation:
    key: str
    name_en: str
    name_ru: str
    names: frozenset[str]  # lower-case spellings of its name
    topic: re.Pattern[str]  # what it fights, as texts say it
    topic_en: str
    topic_ru: str


_REGULAR = (
    Operation(
        "channel",
        "Channel",
        "Канал",
        frozenset({"channel", "kanal", "канал"}),
        re.compile(r"\bdrugs?\b|narcotic|наркот|наркотрафик", re.IGNORECASE),
        "drug trafficking",
        "незаконного оборота наркотиков",
    ),
    Operation(
        "illegal",
        "Illegal",
        "Нелегал",
        frozenset({"illegal", "nelegal", "нелегал"}),
        re.compile(r"immigra|migra|мигра", re.IGNORECASE),
        "illegal immigration",
        "незаконной миграции",
    ),
    Operation(
        "proxy",
        "PROXY",
        "PROXY",
        frozenset({"proxy", "прокси"}),
        re.compile(r"information\s+(?:area|sphere|space)|cyber|информационн", re.IGNORECASE),
        "crime in the information area",
        "преступлений в информационной сфере",
    ),
)
_OPERATION_WORD = re.compile(r"\boperations?\b|\bоперац\w*", re.IGNORECASE)
# A name after "operation": quoted, or capitalised.
_NAME_AFTER = re.compile(
    r"^\s*(?:[«“\"„]\s*(?P<quoted>[^»”\"]{2,40}?)\s*[»”\"]|(?P<plain>[A-ZА-ЯЁ][\w-]*))"
)
# Words that describe an operation as regular, as opposed to a military one.
_REGULAR_WORDS = re.compile(
    r"\bregular\b|\bpermanent\b|\bannual\b|\bcombat\w*\b|\bagainst\b|\bcounter\w*|"
    r"регулярн|постоянно\s+действующ|ежегодн|противодейств|борьб|против\b",
    re.IGNORECASE,
)
_NAME_BEFORE = re.compile(r"(?:^|[\s«“\"])(?P<name>[A-ZА-ЯЁ][\w-]*)[»”\"]?\s+$")
_LIST_JOINER = re.compile(r"^\s*(?:,\s*(?:and\s+|и\s+)?|\s+and\s+|\s+и\s+)")
_NOT_NAMES = frozenset({"the", "csto", "одкб", "of", "in"})
_CLAUSE_BREAK = re.compile(r"[,;:]")
_SPECIAL = re.compile(r"(?:special|специальных|специальной)\s+$", re.IGNORECASE)
_STAGE = re.compile(r"\bstages?\b|\bphase\b|этап", re.IGNORECASE)
# Another event named between a date and an operation: an exercise ("Grom-2021"),
# an operation, or "and" opening what comes next.
_OTHER_EVENT = re.compile(
    r"\w[-–]\s?(?:19|20)\d\d\b|\boperations?\b|\bоперац\w*|\band\b|\sи\s", re.IGNORECASE
)


def is_operation_name(name: str) -> bool:
    base = name.lower().split("-")[0]
    return any(base in operation.names for operation in _REGULAR)


def find_operations(sentence: Sentence) -> list[tuple[str, Proposal]]:
    """Each operation the sentence names, keyed so one operation is proposed once."""
    found: dict[str, Proposal] = {}
    for word in _OPERATION_WORD.finditer(sentence.text):
        if sentence.is_others(word.start()) or _SPECIAL.search(sentence.text[: word.start()]):
            continue  # «сил специальных операций»: special operations forces
        named = _named_list(sentence, word.start(), word.end()) or _named_before(
            sentence, word.start(), word.end()
        )
        if named:
            for key, operation in named:
                found.setdefault(key, operation)
            continue
        rest = sentence.text[word.start() :]
        if _REGULAR_WORDS.search(sentence.text):
            for regular in _REGULAR:
                if regular.topic.search(rest):
                    dates = _dated(sentence, word.start(), word.end())
                    found.setdefault(regular.key, _described(sentence, regular, dates))
    return list(found.items())


def _named_before(sentence: Sentence, word: int, after: int) -> list[tuple[str, Proposal]]:
    """ "The PROXY operation, carried out in October", "the Channel-Centre operation":
    a regular operation's name right before the word."""
    before = _NAME_BEFORE.search(sentence.text[:word])
    if before is None:
        return []
    found = _operation(
        sentence,
        before.group("name"),
        quoted=False,
        known_only=True,
        dates=_dated(sentence, word, after),
    )
    return [found] if found else []


def _named_list(sentence: Sentence, word: int, after: int) -> list[tuple[str, Proposal]]:
    """The operations named after "operation(s)": "Operation Channel", "the regular
    operations Channel, Illegal and PROXY"."""
    found = []
    named = _named(sentence, word, after)
    while named is not None:
        found.append(named[0])
        after = named[1]
        joined = _LIST_JOINER.match(sentence.text[after:])
        if joined is None:
            break
        named = _named(sentence, word, after + joined.end(), known_only=True)
    return found


def _named(
    sentence: Sentence, word: int, after: int, *, known_only: bool = False
) -> tuple[tuple[str, Proposal], int] | None:
    """The operation named at ``after`` and where its name ends."""
    match = _NAME_AFTER.match(sentence.text[after:])
    if match is None:
        return None
    name = (match.group("quoted") or match.group("plain") or "").strip()
    if name.lower() in _NOT_NAMES:
        return None
    end = after + match.end()
    quoted = match.group("quoted") is not None
    dates = _dated(sentence, word, end)
    found = _operation(sentence, name, quoted=quoted, known_only=known_only, dates=dates)
    return (found, end) if found else None


def _operation(
    sentence: Sentence, name: str, *, quoted: bool, known_only: bool, dates: Dates | None
) -> tuple[str, Proposal] | None:
    base = name.split("-")[0].lower()
    for operation in _REGULAR:
        if base in operation.names:
            return operation.key, _proposal(
                sentence,
                f"Operation {operation.name_en}",
                f"Операция «{operation.name_ru}»",
                dates,
            )
    if known_only or not quoted or re.search(r"[-–]\s?(?:19|20)\d\d$", name):
        return None  # «Барьер-2024» is an exercise
    return name.lower(), _proposal(sentence, f"Operation {name}", f"Операция «{name}»", dates)


def _described(sentence: Sentence, operation: Operation, dates: Dates | None) -> Proposal:
    return _proposal(
        sentence,
        f"Regular operation against {operation.topic_en}",
        f"Регулярная операция против {operation.topic_ru}",
        dates,
    )


def _dated(sentence: Sentence, word: int, after: int) -> Dates | None:
    """A date phrase soon after the operation's name, else one in the words before
    "operation" («В ноябре пройдёт этап операции «Канал»»), when the text dates it."""
    soon = [
        m
        for m in sentence.dates
        if 0 <= m.start - after <= 60 and not _OTHER_EVENT.search(sentence.text, after, m.start)
    ]
    # What is before must be in the operation's clause, with no other event between:
    # "In October, Interaction-2021 …, and operation Channel" is the exercise's date.
    before = [
        m
        for m in sentence.dates
        if m.end <= word
        and word - m.start <= 80
        # "From 7 to 11 June, the anti-drug operation Channel was conducted": a date
        # that opens the sentence dates it across the comma.
        and (
            not _CLAUSE_BREAK.search(sentence.text, m.end, word)
            or not sentence.text[: m.start].strip()
        )
        and not _OTHER_EVENT.search(sentence.text, m.end, word)
    ]
    # "its next stage will take place in November", «очередной этап которой пройдёт в
    # октябре»: a stage of the operation, dated.
    stage = _STAGE.search(sentence.text, after)
    if stage is not None and (
        _OPERATION_WORD.search(sentence.text, after, stage.start())
        or _OPERATION_WORD.search(sentence.text, stage.end(), stage.end() + 20)
    ):
        stage = None  # "… Operation Illegal …, and the next stage of Operation Channel …"
    staged = [m for m in sentence.dates if stage and m.start > stage.end()][:1]
    for mention in soon or before[-1:] or staged:
        direction = sentence.direction(sentence.token_at(mention.start))
        return sentence.resolved(mention, direction=direction)
    return None


def _proposal(sentence: Sentence, name_en: str, name_ru: str, dates: Dates | None) -> Proposal:
    return proposal(sentence, kind=Kind.OPERATION, name_en=name_en, name_ru=name_ru, dates=dates)


def operation_key(title: str) -> str | None:
    """Which regular operation a title names or describes ("Operation Channel",
    "Regular operation against drug trafficking", «Операция «Канал»»), if any."""
    words = {word.strip('«»"“”').lower() for word in title.split()}
    for operation in _REGULAR:
        if words & operation.names or operation.topic.search(title):
            return operation.key
    return None
