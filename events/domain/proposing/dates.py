"""Date phrases in a sentence, read with the precision the text gives.

"19–25 September", "September 19–25", "from 3 to 7 October", «с 29 августа по
5 сентября», "in October", "last December", «в декабре прошлого года», "in 2016",
"next year", «в следующем году»: each is a ``DateMention`` holding the day, month
and year it names (any may be missing) and the word that leads it ("until", «на»).
Relative years are resolved against the statement's date at once; a missing year
is resolved later, by what the phrase is about (an exercise's series year, or
whether the sentence speaks of the past or the future).

Month names come from CLDR through Babel, in English and in Russian; Russian
inflected forms («декабре», «декабрьской») through pymorphy3.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache

from babel.dates import get_month_names

import events.domain.proposing.morph as morph
from events.enums import Precision

_DAY = r"[0-3]?\d(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)(?!\d)"
_DASH = r"\s*[-–—‑]\s*"

# Relative years: how far each word moves from the statement's year.
_RELATIVE_EN = {
    "this": 0, "the current": 0, "the present": 0, "next": 1, "the next": 1,
    "the coming": 1, "the following": 1, "last": -1, "the last": -1,
    "the previous": -1, "the past": -1,
}  # fmt: skip
_RELATIVE_RU = {
    "этот": 0, "текущий": 0, "нынешний": 0, "следующий": 1, "будущий": 1,
    "предстоящий": 1, "наступающий": 1, "прошлый": -1, "минувший": -1,
    "прошедший": -1, "предыдущий": -1,
}  # fmt: skip
_SEASON_MOVES = {"this": 0, "next": 1, "coming": 1, "following": 1, "last": -1}
# Month adjectives («декабрьская сессия»): CLDR has month names, not adjectives.
_MONTH_ADJECTIVES_RU = [
    "январский",
    "февральский",
    "мартовский",
    "апрельский",
    "майский",
    "июньский",
    "июльский",
    "августовский",
    "сентябрьский",
    "октябрьский",
    "ноябрьский",
    "декабрьский",
]


@dataclass(frozen=True)
class Part:
    """One end of a date phrase, as far as the text gives it."""

    day: int | None = None
    month: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class DateMention:
    """A date phrase: where it is in the sentence, what it names, what leads it."""

    start: int
    end: int
    first: Part
    last: Part
    lead: str = ""
    # "last December" / "next May": which December, when no year is given.
    direction: str | None = None

    @property
    def has_year(self) -> bool:
        return self.first.year is not None or self.last.year is not None

    @property
    def is_year_only(self) -> bool:
        return self.first.month is None and self.last.month is None


@dataclass(frozen=True)
class Dates:
    """Resolved dates, stored as the model stores them."""

    start: dt.date
    start_precision: str
    end: dt.date
    end_precision: str


def find_dates(sentence: str, language: str, today: dt.date) -> list[DateMention]:
    """Every date phrase in ``sentence``, in order; a longer reading wins an overlap."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _patterns(language):
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            mention = _read(match, language, today)
            if mention is not None:
                found.append(mention)
                taken.append(span)
    return sorted(found, key=lambda mention: mention.start)


def resolve(
    mention: DateMention,
    *,
    today: dt.date,
    year: int | None = None,
    direction: str | None = None,
) -> Dates | None:
    """The mention's dates, a missing year taken from ``year`` (an exercise's series
    year), else from the direction ("past": the latest such month up to the
    statement, "future": the next one), else the statement's year. None when the
    text names an impossible day (30 February)."""
    first, last = mention.first, mention.last
    if not mention.has_year:
        month = first.month or last.month or today.month
        # A month in a sentence about the past is the latest one up to the statement's
        # ("held from 12 to 16 June", said in June); "last June" is strictly before.
        tense = "recent" if direction == "past" else direction
        base = year or _year_of_month(month, today, mention.direction or tense)
        last = replace(last, year=base)
    # Every phrase has a year by now: its own, or the one given above.
    last_year = last.year or first.year or today.year
    first_year = first.year
    if first_year is None:
        # "29 December to 3 January 2014" starts in 2013.
        wraps = first.month is not None and last.month is not None and first.month > last.month
        first_year = last_year - 1 if wraps else last_year
    try:
        start, start_precision = _start(first, first_year)
        end, end_precision = _end(last, last_year)
    except ValueError:
        return None
    if end < start:
        return None
    return Dates(start, start_precision, end, end_precision)


def _year_of_month(month: int, today: dt.date, direction: str | None) -> int:
    if direction == "past":
        return today.year if month < today.month else today.year - 1
    if direction == "recent":
        return today.year if month <= today.month else today.year - 1
    if direction == "future":
        return today.year if month >= today.month else today.year + 1
    return today.year


def _start(part: Part, year: int) -> tuple[dt.date, str]:
    if part.month is None:
        return dt.date(year, 1, 1), Precision.YEAR
    if part.day is None:
        return dt.date(year, part.month, 1), Precision.MONTH
    return dt.date(year, part.month, part.day), Precision.DAY


def _end(part: Part, year: int) -> tuple[dt.date, str]:
    if part.month is None:
        return dt.date(year, 12, 31), Precision.YEAR
    if part.day is None:
        last_day = calendar.monthrange(year, part.month)[1]
        return dt.date(year, part.month, last_day), Precision.MONTH
    return dt.date(year, part.month, part.day), Precision.DAY


# Reading a match -------------------------------------------------------------


def _read(match: re.Match[str], language: str, today: dt.date) -> DateMention | None:
    groups = {name: value for name, value in match.groupdict().items() if value}
    lead = " ".join(groups.get("lead", "").lower().split())
    relative = groups.get("rel1") or groups.get("rel2")
    relative_year = _relative_year(relative, language, today) if relative else None
    if "mrel" in groups:
        word = groups["mrel"].lower()
        step = -1 if word.startswith(("last", "прошл")) else 0
        step = 1 if word.startswith(("next", "след")) else step
        months = today.year * 12 + today.month - 1 + step
        part = Part(month=months % 12 + 1, year=months // 12)
        return DateMention(match.start(), match.end(), part, part, lead)
    if "season" in groups:
        # "in the autumn", «осенью следующего года»: that year, at year precision.
        # A bare one ("in the second half of the year") is the year of what it dates.
        srel = groups.get("srel")
        season_year = _int(groups.get("y1")) or relative_year
        if season_year is None and srel:
            season_year = today.year + _SEASON_MOVES[srel.lower()]
        return DateMention(match.start(), match.end(), Part(), Part(year=season_year), lead)
    first = Part(_day(groups.get("d1")), _month(groups.get("m1"), language), _int(groups.get("y1")))
    if not {"d2", "m2", "y2"} & groups.keys():
        # One date: "in May this year" is May of the relative year.
        first = replace(first, year=first.year or relative_year)
        last = first
    else:
        last = Part(
            _day(groups.get("d2")),
            _month(groups.get("m2"), language),
            _int(groups.get("y2")) or relative_year,
        )
        # "September 19–25" ends in September; "3 to 7 October" starts in October.
        if last.day and last.month is None:
            last = replace(last, month=first.month)
        if first.day and first.month is None:
            first = replace(first, month=last.month)
    if first.day == 0 or last.day == 0 or (first.day or 0) > 31 or (last.day or 0) > 31:
        return None
    if first.month is None and last.month is None and first.year is None and last.year is None:
        return None
    if first.month is None and last.month is None and (first.day or last.day):
        return None
    if (
        "y1" not in groups
        and "y2" not in groups
        and not relative
        and not _dated_enough(groups, lead, language)
    ):
        return None
    direction = {"last": "past", "next": "future"}.get(lead)
    return DateMention(match.start(), match.end(), first, last, lead, direction)


def _dated_enough(groups: dict[str, str], lead: str, language: str) -> bool:
    """An English month alone ("May") is a date only with a day or a leading word;
    Russian month words are dates on their own."""
    return language == "ru" or bool(lead) or "d1" in groups or "d2" in groups


def _relative_year(phrase: str, language: str, today: dt.date) -> int:
    words = phrase.lower().split()
    if language == "ru":
        # By form, not lemma: «прошлого» is read as the noun «прошлое» first.
        moves = (move for word, move in _RELATIVE_RU.items() if words[0] in morph.forms(word))
        return today.year + next(moves, 0)
    key = " ".join(words[:-1]).removesuffix(" year").strip()
    return today.year + _RELATIVE_EN.get(key, 0)


def _day(text: str | None) -> int | None:
    return int(re.sub(r"\D", "", text)) if text else None


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _month(text: str | None, language: str) -> int | None:
    if not text:
        return None
    return _month_numbers(language).get(text.lower().rstrip("."))


# Patterns --------------------------------------------------------------------


@cache
def _month_numbers(language: str) -> dict[str, int]:
    """Every written form of each month, lower-case → its number."""
    numbers: dict[str, int] = {}
    if language == "ru":
        for number, name in get_month_names("wide", "stand-alone", "ru").items():
            for form in morph.forms(str(name)):
                numbers[form] = number
        for number, adjective in enumerate(_MONTH_ADJECTIVES_RU, start=1):
            for form in morph.forms(adjective):
                numbers[form] = number
        return numbers
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, "format", "en_GB").items():
            numbers[str(name).lower()] = number
    numbers["sept"] = 9
    return numbers


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@cache
def _patterns(language: str) -> tuple[re.Pattern[str], ...]:
    return _patterns_ru() if language == "ru" else _patterns_en()


def _patterns_en() -> tuple[re.Pattern[str], ...]:
    months = [name.capitalize() for name in _month_numbers("en")]
    month = rf"(?:{_alternation(months)})\b\.?"
    relative = (
        r"(?i:this|next|last|the\s+(?:current|present|next|coming|following|last|previous|past))"
        r"\s+(?i:year)(?:['’]s)?"
    )
    year_tail = rf"(?:,?\s+(?P<y2>{_YEAR})|\s+(?:(?i:of)\s+)?(?P<rel2>{relative}))?"
    year_tail1 = year_tail.replace("y2", "y1").replace("rel2", "rel1")
    to = rf"(?:{_DASH}|\s+(?i:to|until|till|through|and)\s+)"
    # "late August to early September": the part of a month, which the month holds.
    part = (
        r"(?:(?i:early|late|mid|the\s+(?:end|beginning|start|middle)\s+of"
        r"|(?:the\s+)?(?:first|second)\s+half\s+of)[\s-]+)?"
    )
    lead_range = r"(?:(?P<lead>(?i:from|between))\s+)?"
    lead_day = r"(?:(?P<lead>(?i:on|from|until|till|by|since|before|after))\s+)?"
    lead_month = (
        r"(?:(?P<lead>(?i:in|during|since|until|till|by|from|to|of|for|last|next|this|early|late|mid"
        r"|the\s+end\s+of|the\s+beginning\s+of|the))[\s-]+)?"
    )
    lead_year = (
        r"(?P<lead>(?i:in|for|until|till|through(?:\s+to)?|up\s+to|to|by|during|of|from|since"
        r"|before|after|the\s+end\s+of|the\s+year))\s+"
    )
    return tuple(
        re.compile(pattern)
        for pattern in (
            # 29 August to 2 September [2013]; from 3 to 7 October; 19–25 September
            rf"{lead_range}(?:(?i:the)\s+)?(?P<d1>{_DAY})(?:\s+(?:(?i:of)\s+)?(?P<m1>{month}))?"
            rf"(?:,?\s+(?P<y1>{_YEAR}))?{to}(?:(?i:the)\s+)?(?P<d2>{_DAY})\s+(?:(?i:of)\s+)?"
            rf"(?P<m2>{month}){year_tail}",
            # September 19–25; September 29 to October 2, 2013
            rf"{lead_range}(?P<m1>{month})\s+(?P<d1>{_DAY})(?:,?\s+(?P<y1>{_YEAR}))?"
            rf"{to}(?:(?P<m2>{month})\s+)?(?P<d2>{_DAY}){year_tail}",
            # 20 September [2013]; on September 20[, 2013]
            rf"{lead_day}(?:(?i:the)\s+)?(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{month}){year_tail1}",
            rf"{lead_day}(?P<m1>{month})\s+(?P<d1>{_DAY}){year_tail1}",
            # September-October [this year]; from May to July 2015
            rf"{lead_month}{part}(?P<m1>{month})(?:\s+(?P<y1>{_YEAR}))?{to}{part}(?P<m2>{month})"
            rf"{year_tail}",
            # in October; last December; December 2012; in May this year
            rf"{lead_month}(?P<m1>{month}){year_tail1}",
            # 2016–2020; from 2016 to 2020
            rf"(?:(?P<lead>(?i:from|for|in|during|between|through|of))\s+)?"
            rf"(?:(?i:the\s+(?:period|years))\s+)?(?P<y1>{_YEAR}){to}(?P<y2>{_YEAR})",
            # in the autumn [of 2021]; next spring; last autumn: a season names no month
            rf"(?:(?P<lead>(?i:in|during|until|till|by|from|since|for))\s+)?(?:(?i:the)\s+)?"
            rf"(?:(?P<srel>(?i:next|last|this|coming|following))\s+)?"
            rf"(?P<season>(?i:spring|summer|autumn|winter))\b"
            rf"(?:\s+(?:(?i:of)\s+)?(?P<y1>{_YEAR})|\s+(?:(?i:of)\s+)?(?P<rel1>{relative}))?",
            # the second half of the year; the end of next year: a part of a year
            rf"(?:(?P<lead>(?i:in|during|until|till|by|from|since|for|at))\s+)?(?:(?i:the)\s+)?"
            rf"(?P<season>(?i:(?:first|second)\s+half|end|beginning|start|middle))\s+(?i:of)\s+"
            rf"(?:(?P<y1>{_YEAR})|(?P<rel1>{relative})|(?i:the\s+year)\b)",
            # last month; next month; this month
            r"(?:(?P<lead>(?i:in|during|since|until|by))\s+)?(?P<mrel>(?i:last|next|this))\s+month\b",
            # in 2016; for 2014; through to 2020; until 2015
            rf"{lead_year}(?:(?i:the\s+year)\s+)?(?P<y1>{_YEAR})",
            # this year; next year; last year's
            rf"(?:(?P<lead>(?i:in|for|until|till|through|by|of|during))\s+)?(?P<rel1>{relative})",
        )
    )


def _patterns_ru() -> tuple[re.Pattern[str], ...]:
    month_nouns = [
        form
        for form, _ in _month_numbers("ru").items()
        if not any(form.startswith(adjective[:-2]) for adjective in _MONTH_ADJECTIVES_RU)
    ]
    month = rf"(?:{_alternation(month_nouns)})\b"
    any_month = rf"(?:{_alternation(list(_month_numbers('ru')))})\b"
    relative_words = [
        form
        for word in _RELATIVE_RU
        for form in morph.forms(word)
        if form.endswith(("ом", "ем", "го"))
    ]
    relative = rf"(?:{_alternation(relative_words)})\s+год(?:а|у)\b"
    year_word = r"\s*(?:год[а-я]*|гг?\.|гг?\b)"
    year_tail = rf"(?:\s+(?P<y2>{_YEAR}){year_word}|\s+(?P<rel2>{relative}))?"
    year_tail1 = year_tail.replace("y2", "y1").replace("rel2", "rel1")
    to = rf"(?:{_DASH}|\s+(?:по|до|и)\s+)"
    # «в конце августа – начале сентября»: the part of a month, which the month holds.
    # «по начало сентября», «в первой декаде октября»: every case either end takes.
    part = (
        r"(?:(?:начал[оеа]|кон(?:ец|це|ца)|середин[еыу]|(?:перв|втор)(?:ой|ую)\s+половин[еыу]"
        r"|(?:перв|втор|трет[ь]?|последн)(?:ой|ей|ую|ью|ья)\s+декад[еыу])\s+)?"
    )
    return tuple(
        re.compile(pattern, re.IGNORECASE)
        for pattern in (
            # с 29 августа по 5 сентября; 19–25 сентября; с 3 по 7 октября 2013 года
            rf"(?:(?P<lead>со?)\s+)?(?P<d1>{_DAY})(?:\s+(?P<m1>{month}))?"
            rf"(?:\s+(?P<y1>{_YEAR}){year_word})?{to}(?P<d2>{_DAY})\s+(?P<m2>{month}){year_tail}",
            # 20 сентября [2013 года]; к 1 декабря
            rf"(?:(?P<lead>до|со?|по|к|на)\s+)?(?P<d1>{_DAY})\s+(?P<m1>{month}){year_tail1}",
            # в сентябре–октябре этого года; с мая по июль
            rf"(?:(?P<lead>во?|со?)\s+)?{part}(?P<m1>{month}){to}{part}(?P<m2>{month}){year_tail}",
            # в декабре прошлого года; декабрьская сессия; в мае 2013 года
            rf"(?:(?P<lead>во?|со?|до|по|к|на)\s+)?{part}(?P<m1>{any_month}){year_tail1}",
            # на 2016–2020 годы; с 2016 по 2020 год
            rf"(?:(?P<lead>во?|на|со?|до)\s+)?(?P<y1>{_YEAR}){to}(?P<y2>{_YEAR}){year_word}",
            # в 2016 году; на 2014 год; до 2020 года
            rf"(?:(?P<lead>во?|на|до|по|к|со?|за|после|концу|конца|течение)\s+)?"
            rf"(?P<y1>{_YEAR}){year_word}",
            # осенью [этого года | 2021 года]; весной следующего года: a season names no month
            rf"(?P<season>весн(?:ой|а|у|е)|лет(?:ом|а)|осень(?:ю)?|осени|зим(?:ой|а|у|е))\b"
            rf"(?:\s+(?P<y1>{_YEAR}){year_word}|\s+(?P<rel1>{relative}))?",
            # во второй половине года; до конца следующего года: a part of a year
            rf"(?:(?P<lead>во?|до|к|на)\s+)?"
            rf"(?P<season>(?:перв|втор)(?:ой|ую|ая)\s+половин[еыуа]|кон(?:ец|це|ца|цу)"
            rf"|начал[еоа]|середин[еыуа])\s+"
            rf"(?:(?P<y1>{_YEAR}){year_word}|(?P<rel1>{relative})|года\b)",
            # в этом году; в следующем году; прошлого года
            rf"(?:(?P<lead>во?|на|до)\s+)?(?P<rel1>{relative})",
            # в прошлом месяце; в следующем месяце; в этом месяце
            r"(?:(?P<lead>во?|до|с)\s+)?(?P<mrel>прошл\w+|следующ\w+|эт(?:ом|от|ого)|текущ\w+)"
            r"\s+месяц\w*",
        )
    )
