"""Russian lemmas from pymorphy3, whose analyzer loads once per process, lazily.

The analyzer takes a noticeable fraction of a second and some memory to load its
dictionary (shipped in pymorphy3-dicts-ru, never downloaded), so English-only
work never pays for it, and Russian work pays once. The module itself is imported
then too: a server's every process imports this one (through admin and the API),
and most never propose anything.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pymorphy3


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    import pymorphy3  # here, not above: see the module's docstring

    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def lemmas(word: str) -> frozenset[str]:
    """Every dictionary form ``word`` may be of, lower-case, ё read as е: an
    inflected form is ambiguous («России» is only Россия, «сессии» only сессия,
    but «мая» is май or моя), and a match on any reading is what finding wants."""
    folded = word.lower().replace("ё", "е")
    return frozenset(parse.normal_form.replace("ё", "е") for parse in analyzer().parse(folded)) | {
        folded
    }


@cache
def lemma(word: str) -> str:
    """The most likely dictionary form of ``word``, lower-case."""
    return str(analyzer().parse(word.lower())[0].normal_form).replace("ё", "е")


@cache
def forms(word: str) -> frozenset[str]:
    """Every inflected form of the dictionary word ``word`` (декабрь → декабре, …)."""
    parse = analyzer().parse(word)[0]
    return frozenset(str(form.word) for form in parse.lexeme) | {word}


@cache
def is_past_verb(word: str) -> bool:
    """Whether ``word`` is most likely a past-tense verb or a past participle."""
    tag = analyzer().parse(word.lower())[0].tag
    return ("VERB" in tag or "PRTF" in tag or "PRTS" in tag) and "past" in tag


@cache
def is_participle(word: str) -> bool:
    """Whether ``word`` is most likely a participle («сложившейся», «прошедшей»)."""
    tag = analyzer().parse(word.lower())[0].tag
    return "PRTF" in tag or "PRTS" in tag


@cache
def is_future_or_infinitive(word: str) -> bool:
    """Whether ``word`` is most likely a verb in the future tense («пройдет», «будет»)
    or an infinitive, which after «договорились» speaks of what is to come."""
    tag = analyzer().parse(word.lower())[0].tag
    return ("VERB" in tag and "futr" in tag) or "INFN" in tag
