"""Exercise names: a series and a year, "Grom-2013", «Поиск-2015», «Эшелон-2019».

A known series is recognised by its name in either language (Russian in any case);
any other capitalised or quoted name before "-<year>" is a new series, its Russian
name put in the nominative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import events.domain.proposing.morph as morph
from events.domain.proposing.context import Sentence, Statement
from events.domain.proposing.operations import is_operation_name
from events.domain.proposing.records import KnownSeries
from events.domain.proposing.series_names import english_name, is_cyrillic, russian_name

# "-2013" after a word: where an exercise's name ends.
_YEAR_SUFFIX = re.compile(r"(?<=\w)[ \u00a0]?[-–‑][ \u00a0]?((?:19|20|21)\d\d)(?!\d)")
_WORDS_BEFORE = re.compile(r"((?:[^\W\d_][\w’']*[ \u00a0]){0,3}[^\W\d_][\w’']*)$")
_OPENING_QUOTES = "«“„\"'‘"
# Capitalised words that open a sentence or a phrase, never a series name.
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "in",
        "on",
        "at",
        "of",
        "for",
        "with",
        "by",
        "from",
        "to",
        "as",
        "this",
        "that",
        "exercise",
        "exercises",
        "joint",
        "big",
        "large",
        "year",
        "years",
    ]
)
# Names with a year that are not exercises: games, fairs, documents, cities.
_NOT_EXERCISES = frozenset(
    [
        "expo",
        "euro",
        "olympics",
        "olympiad",
        "universiade",
        "strategy",
        "vision",
        "agenda",
        "concept",
        "programme",
        "program",
        "plan",
        "stage",
        "world",
        "cup",
        "summit",
        "session",
        "forum",
        "csto",
        "одкб",
        "стратегия",
        "концепция",
        "программа",
        "план",
        "форум",
        "саммит",
        "сессия",
        "олимпиада",
        "универсиада",
        "экспо",
        "евро",
    ]
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    series: str
    name_en: str
    name_ru: str
    year: int


def find_mentions(sentence: Sentence, statement: Statement) -> list[Mention]:
    mentions = []
    for match in _YEAR_SUFFIX.finditer(sentence.text):
        year = int(match.group(1))
        if not 1990 <= year <= statement.date.year + 15:
            continue
        mention = _named(sentence, match.start(), match.end(), year, statement.series)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _named(
    sentence: Sentence, name_end: int, end: int, year: int, series: tuple[KnownSeries, ...]
) -> Mention | None:
    before = _WORDS_BEFORE.search(sentence.text[:name_end])
    if before is None:
        return None
    words = before.group(1).split()
    known = _known(words, sentence.language, series)
    if known is not None:
        count, found = known
        start = name_end - len(" ".join(words[-count:]))
        return Mention(start, end, found.slug, found.name_en, found.name_ru or found.name_en, year)
    name = _new_name(sentence.text, before.start(), words, sentence.language)
    if name is None or is_operation_name(name) or _is_place(sentence, name_end):
        return None
    if name.lower() in _NOT_EXERCISES:
        return None
    if is_cyrillic(name):
        name_en, name_ru = english_name(name), name
    else:
        name_en, name_ru = name, russian_name(name)
    return Mention(name_end - len(name), end, name_en, name_en, name_ru, year)


def _known(
    words: list[str], language: str, series: tuple[KnownSeries, ...]
) -> tuple[int, KnownSeries] | None:
    """The known series the last words name, the longest name first."""
    best: tuple[int, KnownSeries] | None = None
    for known in series:
        for name in (known.name_en, known.name_ru):
            parts = name.split()
            if not parts or len(parts) > len(words):
                continue
            tail = words[-len(parts) :]
            if all(
                _same_word(seen.strip(_OPENING_QUOTES), part, language)
                for seen, part in zip(tail, parts, strict=True)
            ) and (best is None or len(parts) > best[0]):
                best = (len(parts), known)
    return best


def _same_word(seen: str, known: str, language: str) -> bool:
    if seen.lower() == known.lower():
        return True
    return language == "ru" and is_cyrillic(known) and morph.lemma(known) in morph.lemmas(seen)


def _new_name(text: str, words_start: int, words: list[str], language: str) -> str | None:
    """A new series' name: what a quote holds, else the capitalised words before the year."""
    quoted = _quoted(text, words_start, words)
    if quoted is not None:
        return _nominative(quoted, language)
    if language == "ru":
        last = words[-1]
        return _nominative(last, language) if last[:1].isupper() else None
    name: list[str] = []
    for word in reversed(words):
        possessive = word.endswith(("’s", "'s"))
        if not word[:1].isupper() or word.lower() in _NOT_NAMES or possessive:
            break
        name.insert(0, word)
    return " ".join(name) or None


def _quoted(text: str, words_start: int, words: list[str]) -> str | None:
    """The words after an opening quote, when the name is quoted («Поиск-2015»)."""
    for index, word in enumerate(words):
        if word[:1] in _OPENING_QUOTES:
            return " ".join([word[1:], *words[index + 1 :]]).strip() or None
    opener = text[words_start - 1 : words_start] if words_start else ""
    return " ".join(words) if opener and opener in _OPENING_QUOTES else None


def _nominative(name: str, language: str) -> str:
    """A one-word Russian name in the nominative («Эшелона» → «Эшелон»): the series'
    name, not the case the sentence put it in."""
    if language != "ru" or " " in name or not is_cyrillic(name):
        return name
    parse = morph.analyzer().parse(name)[0]
    nominative = parse.inflect({"nomn"}) if "nomn" not in parse.tag else None
    word = str(nominative.word) if nominative else name
    return word[:1].upper() + word[1:]


def _is_place(sentence: Sentence, name_end: int) -> bool:
    """Whether the name before the year is a city or country ("Sochi-2014")."""
    return any(place.end == name_end for place in sentence.places)
