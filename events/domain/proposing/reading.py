"""A statement cut into sentences and words, each with its place in the text.

Offsets, not copies: a proposal quotes its sentence as ``text[start:end]``, and the
statement model cites sentences by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import events.domain.proposing.morph as morph

# A sentence ends at . ! ? or … (and any closing quotes or brackets after it)
# followed by space, or at a line end: statements put headings and the speaker's
# name on lines of their own.
_SENTENCE_END = re.compile(r"[.!?…]+[»”\"’')\]]*(?=\s)|\n")
# Words after which a full stop ends nothing: titles, initials, and the
# abbreviations of Russian dates («2013 г.», «2016–2020 гг.») and lists («т. д.»).
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "vs",
        "etc",
        "gen",
        "col",
        "lt",
        "jr",
        "sr",
        "co",
        "inc",
        "e.g",
        "i.e",
        "г",
        "гг",
        "т",
        "д",
        "п",
        "др",
        "им",
        "ул",
        "ст",
        "см",
        "тыс",
        "млн",
        "млрд",
    ]
)
_WORD = re.compile(r"\w+(?:[-‑]\w+)*")


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each sentence of ``text``, without the space around it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end_mark in _SENTENCE_END.finditer(text):
        if end_mark.group() != "\n" and _is_abbreviation(text, end_mark.start()):
            continue
        _add(spans, text, start, end_mark.end())
        start = end_mark.end()
    _add(spans, text, start, len(text))
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial ("V. Putin")."""
    if text[dot] != ".":
        return False
    before = re.search(r"(\w+(?:\.\w+)*)$", text[max(0, dot - 12) : dot])
    if before is None:
        return False
    word = before.group(1)
    single_capital = len(word) == 1 and word.isupper()
    return word.lower() in _ABBREVIATIONS or single_capital


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        begin = start + len(piece) - len(piece.lstrip())
        spans.append((begin, begin + len(stripped)))


@dataclass(frozen=True)
class Token:
    """One word of a sentence: its text, its offsets in the sentence, and what it means."""

    text: str
    start: int
    end: int
    language: str

    @cached_property
    def lower(self) -> str:
        return self.text.lower().replace("ё", "е")

    @cached_property
    def lemmas(self) -> frozenset[str]:
        """Its possible dictionary forms: Russian words through pymorphy3, English as written."""
        if self.language == "ru" and _has_cyrillic(self.text):
            return morph.lemmas(self.text)
        return frozenset({self.lower})

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _has_cyrillic(word: str) -> bool:
    return any("а" <= char <= "я" or char in "ёЁ" or "А" <= char <= "Я" for char in word)


def tokenise(sentence: str, language: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end(), language) for m in _WORD.finditer(sentence)]
