"""Sessions and summits of the Collective Security Council.

The session the statement reports ("We have just ended this latest summit",
"Today's meeting", «сегодняшняя сессия») is dated the statement's date and placed
in the city the text names, else in the speaker's country. Others are proposed
when the text dates or places them: "the December session in Moscow", "the
informal summit in Bishkek in May this year", "the Council's next session in
2014". A date or city right before the word belongs to it ("the December
session", «московской сессии»); otherwise what follows it, up to the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from events.domain.proposing.building import day, proposal
from events.domain.proposing.context import Sentence, Statement
from events.domain.proposing.dates import DateMention, Dates
from events.domain.proposing.places import City, Place
from events.domain.proposing.types import Proposal
from events.enums import Kind

_SUMMIT_EN = frozenset({"session", "summit"})
_SUMMIT_RU = frozenset({"сессия", "саммит"})
# Words for any meeting: a session only when it is the statement's own.
_MEETING_EN = frozenset({"meeting"})
_MEETING_RU = frozenset({"заседание", "встреча"})
_COUNCIL_EN = frozenset({"council", "csto", "csc"})
_COUNCIL_RU = frozenset({"совет", "одкб", "скб"})
# Bodies whose sessions are not the Council's.
_OTHER_BODIES_EN = frozenset(
    "ministers minister parliamentary assembly un nato sco cis eaeu eurasian secretaries "
    "brics osce working committee".split()
)
_OTHER_BODIES_RU = frozenset(
    "министр парламентский ассамблея оон нато шос снг еаэс евразэс секретарь смид смо "
    "кссб брикс обсе рабочий комитет".split()
)
_CURRENT_EN = frozenset({"this", "today", "our", "latest", "present", "current", "just"})
_CURRENT_RU = frozenset(
    {"этот", "сегодняшний", "нынешний", "данный", "текущий", "наш", "сегодня", "завершиться"}
)
_NEXT_EN = frozenset({"next", "upcoming", "forthcoming", "coming"})
_NEXT_RU = frozenset({"следующий", "предстоящий", "очередной", "будущий"})
_PAST_EN = frozenset({"previous", "last", "past"})
_PAST_RU = frozenset({"прошлый", "предыдущий", "минувший", "прошедший"})
_INFORMAL = frozenset({"informal", "неформальный"})
_ANNIVERSARY = ("anniversar", "годовщин", "летие", "летия", "летию")
_PLACE_LEADS = frozenset({"in", "at", "в", "во"})
# How far after its word a session's date or city may be.
_REACH = 12


@dataclass(frozen=True)
class Found:
    """A session the text names: the proposal, and whether it is the statement's own."""

    proposal: Proposal
    current: bool


def find_summits(sentence: Sentence, statement: Statement) -> list[Found]:
    words = [index for index, token in enumerate(sentence.tokens) if _is_summit(sentence, index)]
    found = []
    for position, index in enumerate(words):
        following = words[position + 1] if position + 1 < len(words) else len(sentence.tokens)
        summit = _summit(sentence, statement, index, following)
        if summit is not None:
            found.append(summit)
    return found


def _is_summit(sentence: Sentence, index: int) -> bool:
    token = sentence.tokens[index]
    russian = sentence.language == "ru"
    summit, meeting = (_SUMMIT_RU, _MEETING_RU) if russian else (_SUMMIT_EN, _MEETING_EN)
    if not token.lemmas & (summit | meeting):
        return False
    if _other_body(sentence, index) or sentence.is_others(token.start):
        return False
    if token.lemmas & meeting:
        return _near(sentence, index, _CURRENT_RU if russian else _CURRENT_EN, before=3)
    council = _COUNCIL_RU if russian else _COUNCIL_EN
    return bool(token.lemmas & {"summit", "саммит"}) or sentence.has_lemma(*council)


def _other_body(sentence: Sentence, index: int) -> bool:
    bodies = _OTHER_BODIES_RU if sentence.language == "ru" else _OTHER_BODIES_EN
    window = sentence.tokens[max(0, index - 4) : index]
    for token in sentence.tokens[index + 1 : index + 7]:
        if token.lower in {"and", "и"}:
            break
        window.append(token)
    return any(token.lemmas & bodies for token in window)


def _near(sentence: Sentence, index: int, words: frozenset[str], *, before: int) -> bool:
    return any(token.lemmas & words for token in sentence.tokens[max(0, index - before) : index])


def _summit(sentence: Sentence, statement: Statement, index: int, following: int) -> Found | None:
    russian = sentence.language == "ru"
    informal = _near(sentence, index, _INFORMAL, before=3)
    dates, places = _attached(sentence, index, following)
    is_next = _near(sentence, index, _NEXT_RU if russian else _NEXT_EN, before=3)
    is_past = _near(sentence, index, _PAST_RU if russian else _PAST_EN, before=3)
    current_words = _CURRENT_RU if russian else _CURRENT_EN
    today_words = frozenset({"today", "сегодня"})
    is_current = not dates and not is_next and not is_past and (
        _near(sentence, index, current_words, before=3)
        or _near(sentence, index, today_words, before=6)
        or any(t.lemmas & today_words for t in sentence.tokens[index + 1 : index + 4])
    )
    city = next((place.city for place in places if place.city), None)
    if is_current:
        country = city.country if city else _country(places) or statement.speaker_country
        return Found(_named(sentence, day(statement.date), country, city, informal, False), True)
    if any(word in sentence.text.lower() for word in _ANNIVERSARY):
        return None
    resolved = _resolve(sentence, dates, index)
    if resolved is None and not (is_next and city):
        return None
    if resolved is not None and resolved.end.year < statement.date.year - 3:
        return None  # history, not the calendar's business
    country = city.country if city else _country(places)
    return Found(_named(sentence, resolved, country, city, informal, is_next), False)


def _attached(
    sentence: Sentence, index: int, following: int
) -> tuple[list[DateMention], list[Place]]:
    """The dates and places right before the word ("the December session"), then
    those after it, up to the next session word or a dozen words on."""
    token = sentence.tokens[index]
    before_start = sentence.tokens[max(0, index - 3)].start
    stop_index = min(following, index + _REACH)
    stop = sentence.tokens[stop_index].start if stop_index < len(sentence.tokens) else len(
        sentence.text
    )
    if following < len(sentence.tokens):
        stop = min(stop, _modifiers_start(sentence, following))
    dates = [d for d in sentence.dates if before_start <= d.start and d.end <= token.start]
    dates += [d for d in sentence.dates if token.end <= d.start < stop]
    places = [p for p in sentence.places if before_start <= p.start and p.end <= token.start]
    places += [p for p in sentence.places if token.end <= p.start < stop]
    return dates, places


def _modifiers_start(sentence: Sentence, index: int) -> int:
    """Where what belongs to session word ``index`` begins: a date or city right before it."""
    start = sentence.tokens[index].start
    window = sentence.tokens[max(0, index - 3)].start
    for mention in sentence.dates:
        if window <= mention.start and mention.end <= start:
            start = min(start, mention.start)
    for place in sentence.places:
        if window <= place.start and place.end <= start:
            start = min(start, place.start)
    return start


def _resolve(sentence: Sentence, dates: list[DateMention], index: int) -> Dates | None:
    for mention in dates:
        direction = sentence.direction(sentence.token_at(mention.start))
        resolved = sentence.resolved(mention, direction=direction)
        if resolved is not None:
            return resolved
    return None


def _country(places: list[Place]) -> str:
    led = [place for place in places if place.lead in _PLACE_LEADS]
    return led[0].country if led else ""


def _named(
    sentence: Sentence,
    dates: Dates | None,
    country: str,
    city: City | None,
    informal: bool,
    is_next: bool,
) -> Proposal:
    if informal:
        name_en = "Informal Collective Security Council summit"
        name_ru = "Неформальный саммит Совета коллективной безопасности"
    else:
        name_en = "Collective Security Council session"
        name_ru = "Сессия Совета коллективной безопасности"
    if city is not None:
        name_en, name_ru = f"{name_en}, {city.name_en}", f"{name_ru}, {city.name_ru}"
    elif is_next:
        name_en = f"Next {name_en[0].lower()}{name_en[1:]}" if informal else f"Next {name_en}"
        following = "Следующий" if informal else "Следующая"
        name_ru = f"{following} {name_ru[0].lower()}{name_ru[1:]}"
    return proposal(
        sentence,
        kind=Kind.SUMMIT,
        name_en=name_en,
        name_ru=name_ru,
        dates=dates,
        country=country,
        city=city,
        informal=informal,
    )
