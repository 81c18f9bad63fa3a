"""Text as the calendar keeps and matches it: control characters out, one kind of
line end, a search key folded the same way on every database, and the active
language's version of a bilingual field.

A leaf: it imports nothing of the project but the enums.
"""

from __future__ import annotations

import re

from django.utils.translation import get_language

from events.enums import TEXT_LANGUAGES

# Characters no text field keeps: C0 controls but tab and newline, DEL, C1
# controls, lone surrogates and the byte-order mark. PostgreSQL refuses NUL
# outright, iCalendar forbids the controls, a surrogate cannot be written as
# UTF-8 at all, and a byte-order mark is invisible and dropped by readers that
# take it for the start of a file (a title of one would come back empty).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
# Line ends of every kind, read as \n: CR LF, CR, NEL, and the Unicode line and
# paragraph separators (which some readers split on, so a value holding one
# would look like several lines of a feed).
_LINE_ENDS = re.compile("\r\n|[\r\x85\u2028\u2029]")
# What shown() writes as an escape: controls, line and paragraph separators, lone
# surrogates and U+FFFD (what bytes that were not UTF-8 in an address decode to).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffd]")
# A value from an address is quoted back this long at most.
SHOWN_LENGTH = 40


def strip_controls(text: str) -> str:
    """``text`` with every kind of line end made \\n and control characters gone."""
    if text.replace("\n", "").replace("\t", "").isprintable():
        # Every character the expressions below change is one Python does not
        # call printable, so there is nothing to change: the common case, and
        # much cheaper than running them (a cold feed strips every text it writes).
        return text
    return _CONTROL_CHARACTERS.sub("", _LINE_ENDS.sub("\n", text))


def shown(value: str) -> str:
    """A value from an address, safe to quote in a message: cut short, and what
    would not print written as an escape (\\u0000)."""
    if len(value) > SHOWN_LENGTH:
        value = value[:SHOWN_LENGTH] + "…"
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match[0]):04x}", value)


def is_printable(value: str) -> bool:
    """Whether ``value`` holds nothing shown() would escape: what a reader types."""
    return _UNPRINTABLE.search(value) is None


# Names a reader may still search by beside the ones the calendar shows: the older
# Russian and English names of two member countries.
COUNTRY_SEARCH_ALIASES = {
    "KG": ("Киргизия", "Kirghizia"),
    "BY": ("Белоруссия", "Byelorussia"),
}


def search_aliases(*countries: object) -> list[str]:
    """The older names of ``countries`` (codes or django-countries objects)."""
    codes = {getattr(country, "code", country) for country in countries if country}
    return [
        alias for code in sorted(map(str, codes)) for alias in COUNTRY_SEARCH_ALIASES.get(code, ())
    ]


def search_key(text: str) -> str:
    """Text folded for matching the same way on every database: case-folded (SQLite's
    LIKE folds only ASCII), ё read as е, whitespace collapsed."""
    return " ".join(text.casefold().replace("ё", "е").split())


def active_text_language() -> str:
    """The active language if event text is kept in it, else the fallback."""
    return text_language(get_language())


def text_language(language: str | None) -> str:
    """``language`` (a code as ``get_language`` gives it) if event text is kept in
    it, else the fallback."""
    code = (language or TEXT_LANGUAGES[0])[:2]
    return code if code in TEXT_LANGUAGES else TEXT_LANGUAGES[0]


def localized(obj: object, field: str) -> str:
    """The active language's text of ``field`` (``title`` → ``title_ru``), else English."""
    return localized_in(obj, field, active_text_language())


def localized_in(obj: object, field: str, language: str) -> str:
    """``localized`` in ``language``, one of TEXT_LANGUAGES."""
    value = getattr(obj, f"{field}_{language}", "")
    return value or getattr(obj, f"{field}_{TEXT_LANGUAGES[0]}", "")


# Quotation marks a name may already carry in the data («Гром», "Grom", „Гром“).
_QUOTE_MARKS = frozenset('«»"“”„')


def quoted_name(name: str, language: str | None = None) -> str:
    """An exercise's or series' name as running text writes it: in Russian inside
    «ёлочки» (серия «Гром», учение «Взаимодействие-2013»), in English as it is.

    The quotes belong to the sentence, not to the name, so the data keeps names bare
    and headings, feed titles and lists show them bare; a name that already holds a
    quotation mark is left alone rather than quoted twice."""
    language = (language or active_text_language())[:2]
    if language != "ru" or not name or _QUOTE_MARKS.intersection(name):
        return name
    return f"«{name}»"


# A sentence ends at . ! ? or … (closing quotes and brackets after it stay with it)
# before whitespace and what can open a sentence: a capital, a digit or an opening
# quote. Not after a short abbreviation ("St. Petersburg", "Mr. Putin", "т. е.").
_SENTENCE_END = re.compile(r"""[.!?…]+["”»’)\]]*(?=\s+["“«(]?[A-ZА-ЯЁ0-9])""")
_ABBREVIATIONS = frozenset(
    {"st", "mr", "mrs", "ms", "dr", "no", "gen", "col", "lt", "vs", "jan", "feb", "mar"}
    | {"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "т", "г", "гг", "им"}
    | {"ул", "янв", "февр", "апр", "авг", "сент", "окт", "нояб", "дек"}
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends (offsets, end exclusive),
    in order, without the space between them. A line break always ends a sentence:
    statements are kept one paragraph per line."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            before = line[: match.start()].split()
            word = before[-1].casefold().strip('(«“"') if before else ""
            if match.group().startswith(".") and word in _ABBREVIATIONS:
                continue
            spans.append(_stripped(line, start, match.end(), offset))
            start = match.end()
        if line[start:].strip():
            spans.append(_stripped(line, start, len(line), offset))
        offset += len(line) + 1
    return spans


def _stripped(line: str, start: int, end: int, offset: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return offset + start, offset + end
