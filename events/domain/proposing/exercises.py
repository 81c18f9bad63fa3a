"""Exercises: what dates and host each exercise the text names takes.

Names are read in ``exercise_names``. Each exercise takes the date and the country
named after it in its clause, up to the next one ("Grom-2013 in Kyrgyzstan on
September 20, Interaction-2013 in Belarus on September 19–25"); exercises listed
together share what follows ("Interaction-2016 and the reconnaissance exercise
Search-2016 will both take place in Kyrgyzstan"). When the sentence names dates
before its exercises and none after, each takes what comes before it instead
(«20 сентября в Киргизии пройдёт «Гром-2013»»). One held "alongside", "there" or
«одновременно» takes the dates or host of the one before, and a sentence that goes
on about them ("They are scheduled for 1–6 September") dates the ones before.
"""

from __future__ import annotations

import re
from dataclasses import replace

from events.domain.proposing.building import proposal, year_of
from events.domain.proposing.context import Sentence, Statement
from events.domain.proposing.dates import DateMention, Dates
from events.domain.proposing.exercise_hosts import (
    CLAUSE_BREAK,
    clauses,
    host_of,
    hosting,
    listed_in,
    places_of,
    venue_open,
)
from events.domain.proposing.exercise_names import Mention, find_mentions
from events.domain.proposing.places import MEMBERS, Place
from events.domain.proposing.reading import Token
from events.domain.proposing.records import Proposal
from events.enums import Kind

# Words between two exercises that make them one group, sharing what follows.
_JOINERS = re.compile(r"^[\s,»”\"']*(?:and|as well as|и|а также)?[\s,«“\"']*$", re.IGNORECASE)
# "and the reconnaissance exercise", «и разведывательное учение»: a second exercise
# described, in the same breath.
_DESCRIBED_JOIN = re.compile(
    r"^[\s,»”\"']*(?:[\w-]+\s+){0,12}?(?:and|as well as|together with|и|а также|вместе с)\s+"
    r"(?:[\w-]+\s+){0,5}?[\s«“\"']*$",
    re.IGNORECASE,
)
# What the text says after an exercise that changes it: moved to a new date or host
# ("postponed to October and moved to Tajikistan", «перенесено на июнь»), called off,
# or said not to be the organisation's («не является мероприятием ОДКБ»).
_RESCHEDULED = frozenset(
    {"postponed", "moved", "rescheduled", "deferred", "shifted", "transferred", "relocated",
     "перенести", "переносить", "перенос", "отложить", "откладывать", "сдвинуть"}
)  # fmt: skip
_CANCELLED = frozenset(
    {"cancel", "cancelled", "canceled", "scrapped", "отменить", "отменять", "отмена", "отменённый"}
)
_CALLED_OFF = re.compile(
    r"\bcalled\s+off\b|\bwill\s+not\s+(?:be\s+held|take\s+place)\b|\bне\s+(?:будет\s+провод\w+|будет\s+проведен\w*|состоится)\b"
    r"|\bnot\s+(?:an?\s+)?(?:event|exercise|activity)\s+of\s+(?:our|the)\s+Organi[sz]ation\b"
    r"|\bnot\s+an?\s+(?:CSTO|Organi[sz]ation)\s+(?:event|exercise)\b"
    r"|\bnothing\s+to\s+do\s+with\s+the\s+CSTO\b|\bк\s+(?:[а-яё]+\s+){0,2}ОДКБ\s+(?:никакого\s+)?отношения\s+не\s+име"
    r"|\bне\s+имел\w*\s+(?:никакого\s+)?отношения\s+к\s+ОДКБ",
    re.IGNORECASE,
)
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
# "…, and Search-2021 alongside it": the exercise shares the one before's dates.
_SAME_TIME = re.compile(
    r"\balongside\b|\btogether with\b|\bat the same time\b|\bsame (?:dates|time|days|period)\b"
    r"|\bsimultaneously\b|одновременно|вместе с|\bте же (?:сроки|дни|даты)|\bв то же время\b"
    r"|\bпараллельно\b",
    re.IGNORECASE,
)
# "…, and Search-2021 will be held there": the exercise shares the one before's host.
_SAME_PLACE = re.compile(
    r"\balongside\b|\btogether with\b|\b(?:held|take place|takes place|hosted|run)\s+there\b"
    r"|\bat the same (?:place|range|training ground)\b|там же|вместе с|одновременно с",
    re.IGNORECASE,
)


def find_exercises(
    sentence: Sentence, statement: Statement, previous: Proposal | None = None
) -> list[Proposal]:
    """The exercises ``sentence`` names; ``previous`` is the last one the sentence
    before named, which "at the same time" or «там же» refers to."""
    mentions = [
        mention
        for mention in find_mentions(sentence, statement)
        if not sentence.is_others(mention.start)
        and not _disowned_before(sentence, mention)
        and not _THEIRS_AFTER.match(sentence.text, mention.end)
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
            dates, places = _new_dates_andhost_of(sentence, moved, high, dates, places)
        resolved = _dates(sentence, dates, mention.year)
        host = host_of(sentence, places) or hosting(sentence) or listed_in(sentence, mentions)
        if venue_open(sentence, mentions, index, high):
            host = None  # "the dates and venue of Rubezh-2025 are still being finalised"
        if host is not None and host.country not in MEMBERS:
            continue  # "Anakonda-2018, held in Poland": the organisation trains at home
        made = proposal(
            sentence,
            kind=Kind.EXERCISE,
            series=mention.series,
            series_name_ru=mention.name_ru,
            series_year=mention.year,
            name_en=f"{mention.name_en}-{mention.year}",
            name_ru=f"{mention.name_ru}-{mention.year}",
            dates=resolved or year_of(mention.year),
            country=host.country if host else "",
            city=host.city if host else None,
        )
        before = found[-1] if found else previous
        # "… together with Search-2020 and Echelon-2020": what leads the group.
        first = _group(sentence, mentions, index)[0]
        since = mentions[first - 1].end if first else 0
        before = found[first - 1] if 0 < first <= len(found) else before
        if before is not None:
            same_time = _SAME_TIME.search(sentence.text, since, high) is not None
            same_place = _SAME_PLACE.search(sentence.text, since, high) is not None
            made = _alongside(
                made,
                before,
                dated=resolved is not None or not same_time,
                hosted=host is not None or not same_place,
            )
        found.append(made)
    return found


# "They are scheduled for 1–6 September", «Оно пройдёт с 14 по 18 сентября»: a sentence
# about the exercises the one before named.
_ANAPHOR = re.compile(
    r"^\W*(?:it|they|both|all three|the (?:two |three )?exercises?|these exercises|the drills?"
    r"|оно|они|все (?:три |четыре )?учения|все три|оба|эти учения|учени[ея])\b",
    re.IGNORECASE,
)
_NOW = frozenset({"now", "instead", "теперь", "вместо"})


def followed_up(
    sentence: Sentence, statement: Statement, previous: list[Proposal]
) -> list[Proposal]:
    """The exercises of the sentence before, with the dates and host this one gives
    them, when it names none of its own and speaks of them ("They are scheduled for
    1–6 September at …", "It will now take place on 7–9 September")."""
    if not previous or find_mentions(sentence, statement):
        return []
    hosted_by = hosting(sentence)
    if not _ANAPHOR.match(sentence.text):
        if hosted_by is None:
            return []
        # «Все четыре учения примет Российская Федерация», "Kyrgyzstan will host them"
        return [_hosted(exercise, hosted_by) for exercise in previous]
    dates = [d for d in sentence.dates if not d.is_year_only]
    host = host_of(sentence, places_of(sentence)) or hosted_by
    now = sentence.has_lemma(*_NOW)
    updated = []
    for exercise in previous:
        resolved = _dates(sentence, dates, exercise.series_year or statement.date.year)
        changes: dict[str, object] = {}
        if resolved is not None and (now or exercise.start_precision == "year"):
            changes.update(
                start_date=resolved.start,
                start_precision=resolved.start_precision,
                end_date=resolved.end,
                end_precision=resolved.end_precision,
            )
        if host is not None and (now or not exercise.country):
            city = host.city
            changes.update(
                country=host.country,
                place_en=city.name_en if city else "",
                place_ru=city.name_ru if city else "",
            )
        updated.append(replace(exercise, **changes))  # type: ignore[arg-type]
    return updated


def _hosted(exercise: Proposal, host: Place) -> Proposal:
    if exercise.country:
        return exercise
    city = host.city
    return replace(
        exercise,
        country=host.country,
        place_en=city.name_en if city else "",
        place_ru=city.name_ru if city else "",
    )


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
    clause = CLAUSE_BREAK.split(sentence.text[: mention.start])[-1]
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
    mentions = find_mentions(sentence, statement)
    found = set()
    for index, mention in enumerate(mentions):
        low, high = _stretch(sentence, mentions, index)
        if _disowned_before(sentence, mention) or _called_off(sentence, low, high):
            found.add((mention.series.lower(), mention.year))
    return found


def _moved_at(sentence: Sentence, low: int, high: int) -> int | None:
    """Where the text says the exercise was moved ("postponed to October"), if it does."""
    return next((t.end for t in _words(sentence, low, high) if t.lemmas & _RESCHEDULED), None)


def _new_dates_andhost_of(
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


def _own(
    sentence: Sentence, mentions: list[Mention], index: int
) -> tuple[list[DateMention], list[Place]]:
    """What exercise ``index``'s clause says of it: what follows it up to the next one,
    else, for the first exercise in its clause, what comes before it there."""
    mention = mentions[index]
    low, high = next(
        (start, end) for start, end in clauses(sentence.text) if start <= mention.start < end
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
    # A member's day or month over another's bare year ("Last year's exercises A and
    # B were held in Belarus last September").
    dates = next((found for found, _ in own if _finer(found)), []) or next(
        (found for found, _ in own if found), []
    )
    places = next((found for _, found in own if found), [])
    own_dates, own_places = own[group.index(index)]
    # "A will be held in Armenia, at the X training ground, from 2 to 6 October, and …":
    # dates in the clauses that follow, before the next exercise is named.
    after = group[-1] + 1
    following = mentions[after].start if after < len(mentions) else len(sentence.text)
    onward = [d for d in sentence.dates if mentions[group[-1]].end <= d.start < following]
    # "Interaction-2025 in Belarus and Cobalt-2025 in Kazakhstan, both in September"
    shared = [
        d
        for d in sentence.dates
        if d.start > mentions[-1].end
        and _BOTH.search(sentence.text[max(0, d.start - 16) : d.start])
    ]
    if not _finer(own_dates):
        own_dates = (
            (_finer(shared) and shared)
            or (_finer(dates) and dates)
            or (_finer(onward) and onward)
            or own_dates
        )
    dates = (
        own_dates or dates or onward or [d for d in sentence.dates if d.end <= mentions[0].start]
    )
    # «а новое учение «Барьер-2026», посвящённое …, мы планируем провести в Таджикистане»
    onward_places = [
        p for p in places_of(sentence) if mentions[group[-1]].end <= p.start < following
    ]
    places = own_places or places or onward_places
    if len(group) == len(mentions):
        # The sentence's only exercise (or group), set off by commas: "Cobalt-2016,
        # the first joint exercise, in Russia this year".
        dates = dates or [d for d in sentence.dates if d.start >= mentions[-1].end]
        places = places or places_of(sentence)
    return dates, places


def _finer(dates: list[DateMention]) -> bool:
    return any(not mention.is_year_only for mention in dates)


def _group(sentence: Sentence, mentions: list[Mention], index: int) -> list[int]:
    """The exercises listed together with ``index``: nothing but "and", commas or a
    description between ("Interaction-2018 and the reconnaissance exercise Search-2018")."""
    first = last = index
    while first > 0 and _joined(sentence, mentions[first - 1], mentions[first]):
        first -= 1
    while last + 1 < len(mentions) and _joined(sentence, mentions[last], mentions[last + 1]):
        last += 1
    return list(range(first, last + 1))


def _joined(sentence: Sentence, before: Mention, after: Mention) -> bool:
    between = sentence.text[before.end : after.start]
    if _JOINERS.match(between):
        return True
    described = _DESCRIBED_JOIN.match(between)
    starts = [found.start for found in sentence.dates] + [found.start for found in sentence.places]
    return bool(described) and not any(before.end <= start < after.start for start in starts)


def _between(sentence: Sentence, low: int, high: int) -> tuple[list[DateMention], list[Place]]:
    dates = [d for d in sentence.dates if low <= d.start < high]
    places = [p for p in places_of(sentence) if low <= p.start < high]
    return dates, places


def _dates(sentence: Sentence, dates: list[DateMention], year: int) -> Dates | None:
    for mention in dates:
        resolved = sentence.resolved(mention, year=year)
        if resolved is not None:
            return resolved
    return None


def _alongside(made: Proposal, before: Proposal, *, dated: bool, hosted: bool) -> Proposal:
    """Exercise ``made``, held with ``before`` ("alongside it", "together with",
    «одновременно», «там же»): the dates and host it does not give itself."""
    if not dated and before.start_date is not None:
        made = replace(
            made,
            start_date=before.start_date,
            start_precision=before.start_precision,
            end_date=before.end_date,
            end_precision=before.end_precision,
        )
    if not hosted:
        made = replace(
            made, country=before.country, place_en=before.place_en, place_ru=before.place_ru
        )
    return made


# "Peace Mission-2021 of the Shanghai Cooperation Organisation", «… НАТО»
_THEIRS_AFTER = re.compile(
    r"[»”\"]?\s*,?\s*(?:exercises?\s+)?(?:of|by)\s+(?:the\s+)?(?:Shanghai|SCO|NATO|CIS|"
    r"Commonwealth|North Atlantic|United States|US)\b|[»”\"]?\s+(?:ШОС|НАТО|СНГ)\b",
)
_BOTH = re.compile(
    r"\b(?:both|all(?: three| four)?|оба|обе|все(?: три| четыре)?)\s+(?:\w+\s+)?$", re.IGNORECASE
)
