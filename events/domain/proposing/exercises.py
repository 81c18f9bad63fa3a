"""Exercises: a series name and a year, "Grom-2013", «Поиск-2015», «Эшелон-2019».

A known series is recognised by its name in either language (Russian in any case);
any other capitalised or quoted name before "-<year>" is a new series. Each
exercise takes the date and the country named after it in its clause, up to the
next one ("Grom-2013 in Kyrgyzstan on September 20, Interaction-2013 in Belarus on
September 19–25"); exercises listed with nothing between them share what follows
("Interaction-2016 and Search-2016 will both take place in Kyrgyzstan"). When the
sentence names dates before its exercises and none after, each takes what comes
before it instead («20 сентября в Киргизии пройдёт «Гром-2013»»).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

import events.domain.proposing.morph as morph
from events.domain.proposing.building import proposal, year_of
from events.domain.proposing.context import Sentence, Statement
from events.domain.proposing.dates import DateMention, Dates
from events.domain.proposing.operations import is_operation_name
from events.domain.proposing.places import Place
from events.domain.proposing.reading import Token
from events.domain.proposing.records import KnownSeries, Proposal
from events.domain.proposing.series_names import english_name, is_cyrillic, russian_name
from events.enums import Kind

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
# Words between two exercises that make them one group, sharing what follows.
_JOINERS = re.compile(r"^[\s,»”\"']*(?:and|as well as|и|а также)?[\s,«“\"']*$", re.IGNORECASE)
# Dashes are not breaks: Russian writes a left-out verb as one («… – в Киргизии»).
_CLAUSE_BREAK = re.compile(r"[,;:](?=\s)|[()]")
_HOST_LEADS = frozenset({"in", "в", "во", "на", "territory", "территории", "hosted", "by"})
# What the text says after an exercise that changes it: moved to a new date or host
# ("postponed to October and moved to Tajikistan", «перенесено на июнь»), called off,
# or said not to be the organisation's («не является мероприятием ОДКБ»).
_RESCHEDULED = frozenset(
    {"postponed", "moved", "rescheduled", "deferred", "shifted", "transferred", "relocated",
     "перенести", "переносить", "перенос", "отложить", "откладывать", "сдвинуть"}
)  # fmt: skip
_CANCELLED = frozenset(
    {"cancelled", "canceled", "scrapped", "отменить", "отменять", "отмена", "отменённый"}
)
_CALLED_OFF = re.compile(r"\bcalled\s+off\b", re.IGNORECASE)
_NOT = frozenset({"not", "не"})
_OURS = frozenset({"csto", "одкб"})
_UNRELATED = frozenset(
    {"связать", "связанный", "связан", "относиться", "linked", "connected", "related", "part"}
)
# Two countries' own: «российско-белорусское», "Russian–Belarusian".
_BILATERAL = re.compile(
    r"\b[а-яё]+[сц]ко-[а-яё]+\b|\b[A-Z][a-z]+(?:ian|ese|ish|an)[-–][A-Z][a-z]+(?:ian|ese|ish|an)\b",
    re.IGNORECASE,
)
_ONLY = frozenset({"only", "merely", "just", "только", "лишь"})
# Leads of the old date or host, after a word that moves an exercise ("from May").
_OLD_LEADS = frozenset({"from", "с", "со", "из"})
# "Not in Armenia but in Kazakhstan": the place a "not" leads is not the host.
_NEGATED_PLACE = re.compile(
    r"(?:\bnot|(?<![а-яё])не)\s+(?:(?:in|at|on|в|во|на)\s+)?$", re.IGNORECASE
)
# "…, and Search-2021 alongside it": the exercise shares the one before's dates and host.
_SAME_AS_BEFORE = re.compile(
    r"\balongside\b|\bat the same time\b|\bsame (?:dates|time|days|period)\b|\bsimultaneously\b"
    r"|одновременно|\bте же (?:сроки|дни|даты)|\bв то же время\b|\bпараллельно\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    series: str
    name_en: str
    name_ru: str
    year: int


def find_exercises(sentence: Sentence, statement: Statement) -> list[Proposal]:
    mentions = [
        mention
        for mention in _mentions(sentence, statement)
        if not sentence.is_others(mention.start) and not _disowned_before(sentence, mention)
    ]
    if not mentions:
        return []
    found: list[Proposal] = []
    for index, mention in enumerate(mentions):
        low, high = _stretch(sentence, mentions, index)
        if _called_off(sentence, low, high):
            continue
        dates, places = _attached(sentence, mentions, index)
        moved = _moved_at(sentence, low, high)
        if moved is not None:
            dates, places = _new_dates_and_host(sentence, moved, high, dates, places)
        resolved = _dates(sentence, dates, mention.year)
        host = _host(sentence, places)
        if (
            resolved is None
            and host is None
            and found
            and _SAME_AS_BEFORE.search(sentence.text, mentions[index - 1].end, high)
        ):
            previous = found[-1]
            found.append(_alongside(previous, mention))
            continue
        resolved = resolved or year_of(mention.year)
        found.append(
            proposal(
                sentence,
                kind=Kind.EXERCISE,
                series=mention.series,
                series_name_ru=mention.name_ru,
                series_year=mention.year,
                name_en=f"{mention.name_en}-{mention.year}",
                name_ru=f"{mention.name_ru}-{mention.year}",
                dates=resolved,
                country=host.country if host else "",
                city=host.city if host else None,
            )
        )
    return found


def _stretch(sentence: Sentence, mentions: list[Mention], index: int) -> tuple[int, int]:
    """What the sentence says after exercise ``index`` and its group, up to the next
    exercise outside the group ("A and B have been cancelled, while C …")."""
    after = _group(sentence, mentions, index)[-1] + 1
    high = mentions[after].start if after < len(mentions) else len(sentence.text)
    return mentions[index].end, high


def _words(sentence: Sentence, low: int, high: int) -> list[Token]:
    return [token for token in sentence.tokens if low <= token.start < high]


def _called_off(sentence: Sentence, low: int, high: int) -> bool:
    """Whether the text says the exercise is cancelled ("Grom-2020 … has been
    cancelled") or not the organisation's («… не является мероприятием ОДКБ»)."""
    words = _words(sentence, low, high)
    if any(token.lemmas & _CANCELLED for token in words) or _CALLED_OFF.search(
        sentence.text, low, high
    ):
        return True
    return any(
        token.lemmas & _NOT
        # "not only a CSTO exercise" says more, not less.
        and not (words[place + 1 : place + 2] and words[place + 1].lemmas & _ONLY)
        and any(later.lemmas & _OURS for later in words[place + 1 : place + 5])
        for place, token in enumerate(words)
    )


def _disowned_before(sentence: Sentence, mention: Mention) -> bool:
    """Whether what comes before an exercise, in its clause, makes it another's: two
    countries' own («российско-белорусское учение», "the Russian–Belarusian exercise"),
    or named as what the organisation's is not tied to («Учения ОДКБ не связаны с …»)."""
    clause = _CLAUSE_BREAK.split(sentence.text[: mention.start])[-1]
    if _BILATERAL.search(clause):
        return True
    words = _words(sentence, mention.start - len(clause), mention.start)
    return any(
        token.lemmas & _NOT
        and any(later.lemmas & _UNRELATED for later in words[place + 1 : place + 3])
        and any(earlier.lemmas & _OURS for earlier in words[:place])
        for place, token in enumerate(words)
    )


def disowned(sentence: Sentence, statement: Statement) -> set[tuple[str, int]]:
    """The exercises a sentence says are not the organisation's or are called off:
    one sentence saying so settles it for every other sentence of the statement."""
    mentions = _mentions(sentence, statement)
    found = set()
    for index, mention in enumerate(mentions):
        low, high = _stretch(sentence, mentions, index)
        if _disowned_before(sentence, mention) or _called_off(sentence, low, high):
            found.add((mention.series.lower(), mention.year))
    return found


def _moved_at(sentence: Sentence, low: int, high: int) -> int | None:
    """Where the text says the exercise was moved ("postponed to October"), if it does."""
    return next((t.end for t in _words(sentence, low, high) if t.lemmas & _RESCHEDULED), None)


def _new_dates_and_host(
    sentence: Sentence,
    moved: int,
    high: int,
    dates: list[DateMention],
    places: list[Place],
) -> tuple[list[DateMention], list[Place]]:
    """After a word that moves an exercise, the dates and host it names are the new
    ones; what came before ("was to have been held in Kyrgyzstan in April") is kept
    only where nothing new is said. "Postponed from May to October" is October."""
    new_dates = []
    for mention in sentence.dates:
        if not moved <= mention.start < high:
            continue
        if mention.lead in _OLD_LEADS:
            if mention.first == mention.last or sentence.text[moved : mention.start].strip():
                continue
            mention = replace(mention, first=mention.last)
        new_dates.append(mention)
    new_places = [
        place
        for place in sentence.places
        if moved <= place.start < high and place.lead not in _OLD_LEADS
    ]
    return new_dates or dates, new_places or places


def _mentions(sentence: Sentence, statement: Statement) -> list[Mention]:
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


def _clauses(text: str) -> list[tuple[int, int]]:
    """The sentence's clauses: what commas, semicolons, colons and dashes separate."""
    bounds = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(text)), len(text)]
    return list(itertools.pairwise(bounds))


def _own(
    sentence: Sentence, mentions: list[Mention], index: int
) -> tuple[list[DateMention], list[Place]]:
    """What exercise ``index``'s clause says of it: what follows it up to the next one,
    else, for the first exercise in its clause, what comes before it there."""
    mention = mentions[index]
    low, high = next(
        (start, end) for start, end in _clauses(sentence.text) if start <= mention.start < end
    )
    later = [m.start for m in mentions if mention.end <= m.start < high]
    dates, places = _between(sentence, mention.end, min([*later, high]))
    first_in_clause = not any(low <= m.start < mention.start for m in mentions)
    if first_in_clause:
        before_dates, before_places = _between(sentence, low, mention.start)
        dates = dates or before_dates
        places = places or before_places
    return dates, places


def _attached(
    sentence: Sentence, mentions: list[Mention], index: int
) -> tuple[list[DateMention], list[Place]]:
    """The date phrases and places that belong to exercise ``index``: its clause's,
    else its group's ("A and B will take place in …", «учения «А», «Б» и «В»»), else,
    for dates, those the sentence opens with ("In October, …")."""
    group = _group(sentence, mentions, index)
    own = [_own(sentence, mentions, member) for member in group]
    dates = next((found for found, _ in own if found), [])
    places = next((found for _, found in own if found), [])
    own_dates, own_places = own[group.index(index)]
    # "A will be held in Armenia, at the X training ground, from 2 to 6 October, and …":
    # dates in the clauses that follow, before the next exercise is named.
    after = group[-1] + 1
    following = mentions[after].start if after < len(mentions) else len(sentence.text)
    onward = [d for d in sentence.dates if mentions[group[-1]].end <= d.start < following]
    dates = (
        own_dates or dates or onward or [d for d in sentence.dates if d.end <= mentions[0].start]
    )
    places = own_places or places
    if len(group) == len(mentions):
        # The sentence's only exercise (or group), set off by commas: "Cobalt-2016,
        # the first joint exercise, in Russia this year".
        dates = dates or [d for d in sentence.dates if d.start >= mentions[-1].end]
        places = places or _places(sentence)
    return dates, places


def _group(sentence: Sentence, mentions: list[Mention], index: int) -> list[int]:
    """The exercises listed together with ``index``, nothing but "and" or commas between."""
    first = last = index
    while first > 0 and _JOINERS.match(
        sentence.text[mentions[first - 1].end : mentions[first].start]
    ):
        first -= 1
    while last + 1 < len(mentions) and _JOINERS.match(
        sentence.text[mentions[last].end : mentions[last + 1].start]
    ):
        last += 1
    return list(range(first, last + 1))


def _between(sentence: Sentence, low: int, high: int) -> tuple[list[DateMention], list[Place]]:
    dates = [d for d in sentence.dates if low <= d.start < high]
    places = [p for p in _places(sentence) if low <= p.start < high]
    return dates, places


def _places(sentence: Sentence) -> list[Place]:
    """The places the sentence names, but for those it says are not the host
    ("not in Armenia but in Kazakhstan", «не в Армении, а в Казахстане»)."""
    return [
        place
        for place in sentence.places
        if not _NEGATED_PLACE.search(sentence.text[max(0, place.start - 12) : place.start])
    ]


def _dates(sentence: Sentence, dates: list[DateMention], year: int) -> Dates | None:
    for mention in dates:
        resolved = sentence.resolved(mention, year=year)
        if resolved is not None:
            return resolved
    return None


def _alongside(previous: Proposal, mention: Mention) -> Proposal:
    """Exercise ``mention``, held with ``previous``: its dates and host, its own name."""
    return replace(
        previous,
        series=mention.series,
        series_name_ru=mention.name_ru,
        series_year=mention.year,
        name_en=f"{mention.name_en}-{mention.year}",
        name_ru=f"{mention.name_ru}-{mention.year}",
    )


def _host(sentence: Sentence, places: list[Place]) -> Place | None:
    """Where the exercise is: a place led by "in" / «в», else the only one named; never
    one the text says it is not in ("not in Armenia but in Kazakhstan")."""
    places = [place for place in places if place in _places(sentence)]
    led = [place for place in places if place.lead in _HOST_LEADS | {"to", "к"}]
    if led:
        return led[0]
    return places[0] if len({place.country for place in places}) == 1 else None
