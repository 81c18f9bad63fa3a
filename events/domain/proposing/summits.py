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

import re
from dataclasses import dataclass

import events.domain.proposing.morph as morph
from events.domain.proposing.building import day, proposal
from events.domain.proposing.context import Sentence, Statement
from events.domain.proposing.dates import DateMention, Dates
from events.domain.proposing.places import City, Place
from events.domain.proposing.reading import Token
from events.domain.proposing.records import Proposal
from events.enums import Kind

_SUMMIT_EN = frozenset({"session", "summit"})
_SUMMIT_RU = frozenset({"сессия", "саммит"})
# Words for any meeting: a session only when it is the statement's own.
_MEETING_EN = frozenset({"meeting"})
_MEETING_RU = frozenset({"заседание", "встреча"})
# Bodies whose sessions are not the Council's.
_OTHER_BODIES_EN = frozenset(
    [
        "ministers",
        "minister",
        "parliamentary",
        "assembly",
        "un",
        "nato",
        "sco",
        "cis",
        "eaeu",
        "eurasian",
        "secretaries",
        "brics",
        "osce",
        "working",
        "committee",
        "alliance",
        "alliance's",
        "shanghai",
        "commonwealth",
        "european",
    ]
)
_OTHER_BODIES_RU = frozenset(
    [
        "министр",
        "парламентский",
        "ассамблея",
        "оон",
        "нато",
        "шос",
        "снг",
        "еаэс",
        "евразэс",
        "секретарь",
        "смид",
        "смо",
        "кссб",
        "брикс",
        "обсе",
        "рабочий",
        "комитет",
        "альянс",
        "шанхайский",
        "содружество",
        "европейский",
    ]
)
# "The Council reconvenes in Dushanbe", «главы государств соберутся в Минске»: the
# gathering is a session when the Council or its heads of state are who gather.
_GATHER_EN = frozenset(
    {"meet", "meets", "met", "convene", "convenes", "convened", "reconvene", "reconvenes",
     "reconvened", "gather", "gathers", "gathered"}
)  # fmt: skip
_GATHER_RU = frozenset({"собраться", "собираться", "встретиться", "встречаться", "съехаться"})
_COUNCIL_EN = frozenset({"council", "council's", "leaders", "heads", "we"})
_COUNCIL_RU = frozenset({"совет", "лидер", "глава", "мы"})
_TODAY = frozenset({"today", "сегодня"})
_WHEN = re.compile(r"^[\s\d\w]*?,?\s*(?:when|когда|с|since)\b", re.IGNORECASE)
_WHEN_BEFORE = re.compile(r",?\s*\b(?:when|когда|с|со|since)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# "that ended in Astana a few minutes ago", «только что»
_MOMENTS_AGO = re.compile(r"\b(?:minutes|an hour|hours) ago\b|только что", re.IGNORECASE)
_NEW_CLAUSE = re.compile(r"[,;]\s+(?:and|but|while|а|и|но)\s")
_EXERCISE_NAME = re.compile(r"\w[-–‑]\s?(?:19|20)\d\d\b")
_HEADS = frozenset({"heads", "глава"})
# "The session … has just ended here in Bishkek": the statement's own.
_JUST = frozenset({"just", "here", "только", "здесь"})
_DETERMINERS = frozenset({"the", "a", "эта", "этот", "наш"})
_CURRENT_EN = frozenset({"this", "today", "our", "latest", "present", "current", "just"})
_CURRENT_RU = frozenset(
    {
        "этот",
        "сегодняшний",
        "нынешний",
        "данный",
        "текущий",
        "наш",
        "сегодня",
        "завершиться",
        "завершить",
    }
)
_NEXT_EN = frozenset({"next", "upcoming", "forthcoming", "coming"})
_NEXT_RU = frozenset({"следующий", "предстоящий", "очередной", "будущий"})
_PAST_EN = frozenset({"previous", "last", "past"})
_PAST_RU = frozenset({"прошлый", "предыдущий", "минувший", "прошедший"})
_INFORMAL = frozenset({"informal", "informally", "неформальный", "неформально"})
_PLACE_LEADS = frozenset({"in", "at", "в", "во", "capital", "столица", "столице"})
# How far after its word a session's date or city may be, and how far before it.
_REACH = 20
_REACH_BACK = 12
# Words that lead a horizon ("the budget for 2015"), never a session's date.
_NOT_SESSION_LEADS = frozenset(
    {"for", "until", "till", "through", "through to", "to", "by", "up to", "на", "до", "по", "к"}
)
_SINCE = frozenset({"since", "с", "со"})
_CLAUSE_BREAKS = frozenset(",;:")
_VERBS_EN = frozenset(
    {"discussed", "reviewed", "prepared", "considered", "will", "met", "meet", "meets"}
)
# "On the eve of the session", «накануне сессии»: the session only dates something else.
_EVE = frozenset({"накануне", "eve", "ahead", "before", "перед"})


@dataclass(frozen=True)
class Found:
    """A session the text names: the proposal, and whether it is the statement's own."""

    proposal: Proposal
    current: bool


def find_summits(sentence: Sentence, statement: Statement) -> list[Found]:
    words = [index for index, token in enumerate(sentence.tokens) if _is_summit(sentence, index)]
    # Any body's session or summit ends what the one before may take («саммита НАТО,
    # прошедшего 8–9 июля» is NATO's date).
    any_summit = _SUMMIT_RU | _SUMMIT_EN
    found = []
    for index in words:
        following = next(
            (
                later
                for later in range(index + 1, len(sentence.tokens))
                if sentence.tokens[later].lemmas & any_summit or later in words
            ),
            len(sentence.tokens),
        )
        summit = _summit(sentence, statement, index, following)
        if summit is not None:
            found.append(summit)
    return found


def _is_summit(sentence: Sentence, index: int) -> bool:
    token = sentence.tokens[index]
    russian = sentence.language == "ru"
    summit, meeting = (_SUMMIT_RU, _MEETING_RU) if russian else (_SUMMIT_EN, _MEETING_EN)
    gather, council = (_GATHER_RU, _COUNCIL_RU) if russian else (_GATHER_EN, _COUNCIL_EN)
    if _council_just_met(sentence, index):
        return True
    if not token.lemmas & (summit | meeting | gather):
        return False
    if _other_body(sentence, index) or sentence.is_others(token.start):
        return False
    if token.lemmas & gather:
        bodies = _OTHER_BODIES_RU if russian else _OTHER_BODIES_EN
        informally = any(t.lemmas & _INFORMAL for t in sentence.tokens[index + 1 : index + 3])
        # "meets in Dushanbe in the autumn": where or when, right after the verb; "the
        # third time that the Council has met at the highest level" is no session.
        reach = sentence.tokens[index + 5].start if index + 5 < len(sentence.tokens) else None
        starts = [found.start for found in sentence.dates] + [p.start for p in sentence.places]
        told = any(token.end <= start and (reach is None or start < reach) for start in starts)
        return (
            told
            and (_near(sentence, index, council, before=5) or informally)
            and not _near(sentence, index, bodies, before=5)
            and not any(
                sentence.tokens[other].lemmas & (_SUMMIT_RU | _SUMMIT_EN)
                or _is_summit(sentence, other)
                for other in range(max(0, index - 8), min(len(sentence.tokens), index + 8))
                if other != index and not sentence.tokens[other].lemmas & gather
            )
        )
    if token.lemmas & meeting:
        # "Today's meeting", "the meeting we held in Moscow today"; an informal
        # meeting of the heads of state is a summit.
        current = _CURRENT_RU if russian else _CURRENT_EN
        if _near(sentence, index, current | _INFORMAL, before=3):
            return True
        # "a meeting of the heads of state", «встреча глав государств», «заседание Совета
        # коллективной безопасности»
        following = sentence.tokens[index + 1 : index + 5]
        if any(t.lemmas & _HEADS for t in following) or _names_the_council(following):
            return True
        return _near(sentence, index, _DETERMINERS, before=1) and any(
            later.lemmas & _TODAY for later in sentence.tokens[index + 1 : index + 7]
        )
    return True


def _council_just_met(sentence: Sentence, index: int) -> bool:
    """ "The Collective Security Council has just finished its work here in Bishkek"."""
    tokens = sentence.tokens
    return (
        tokens[index].lower == "council"
        and index >= 2
        and tokens[index - 1].lower == "security"
        and any(t.lower == "just" for t in tokens[index + 1 : index + 4])
        and not any(t.lemmas & (_SUMMIT_EN | _MEETING_EN) for t in tokens)
    )


def _names_the_council(tokens: list[Token]) -> bool:
    """ "Collective Security Council", «Совета коллективной безопасности»."""
    words = [token.lower for token in tokens]
    return ("collective" in words and "council" in words) or (
        any(word.startswith("совет") for word in words)
        and any(word.startswith("коллективн") for word in words)
    )


def _other_body(sentence: Sentence, index: int) -> bool:
    bodies = _OTHER_BODIES_RU if sentence.language == "ru" else _OTHER_BODIES_EN
    window = []
    for token in reversed(sentence.tokens[max(0, index - 4) : index]):
        if _is_verb(sentence, token):
            break  # «Министры обсудили подготовку к сессии»: the ministers are the subject
        window.append(token)
    for token in sentence.tokens[index + 1 : index + 7]:
        if token.lower in {"and", "и"}:
            break
        window.append(token)
    return any(token.lemmas & bodies for token in window)


def _is_verb(sentence: Sentence, token: Token) -> bool:
    if sentence.language == "ru":
        return morph.is_past_verb(token.text) or morph.is_future_or_infinitive(token.text)
    return token.lower in _VERBS_EN


def _near(sentence: Sentence, index: int, words: frozenset[str], *, before: int) -> bool:
    return any(token.lemmas & words for token in sentence.tokens[max(0, index - before) : index])


def _summit(sentence: Sentence, statement: Statement, index: int, following: int) -> Found | None:
    russian = sentence.language == "ru"
    informal = _near(sentence, index, _INFORMAL, before=3) or any(
        # "The leaders agreed to meet informally"
        later.lemmas & _INFORMAL
        for later in sentence.tokens[index + 1 : index + 3]
    )
    dates, places = _attached(sentence, index, following)
    is_next = _near(sentence, index, _NEXT_RU if russian else _NEXT_EN, before=3)
    is_past = _near(sentence, index, _PAST_RU if russian else _PAST_EN, before=3)
    current_words = _CURRENT_RU if russian else _CURRENT_EN
    today_words = _TODAY
    # «Мы только что завершили очередной саммит»: the regular one, today's.
    regular = _near(sentence, index, frozenset({"очередной"}), before=3)
    # "We have just concluded the regular session", "have just completed the session …,
    # the third time this year": the statement's own, whatever else the sentence dates.
    just = _near(sentence, index, frozenset({"just"}), before=5) and not is_next
    # «до этой сессии», "until this session": a term's end, not a report of the session.
    until = _near(sentence, index, frozenset({"until", "till", "до"}), before=3)
    is_current = not until and (
        just
        or (
            not dates
            and (not is_next or regular)
            and not is_past
            and (
                _near(sentence, index, current_words, before=3)
                or _near(sentence, index, today_words, before=8)
                or any(
                    t.lemmas & (today_words | _JUST)
                    for t in sentence.tokens[index + 1 : index + 12]
                )
                or _on_its_weekday(sentence, index)
                or _MOMENTS_AGO.search(sentence.text) is not None
            )
        )
    )
    city = next((place.city for place in places if place.city), None)
    if is_current:
        country = city.country if city else _country(places)
        if not country and statement.dateline is not None:
            # "MINSK, 30 November 2017 — The Council met here today."
            city, country = statement.dateline.city, statement.dateline.country
        country = country or statement.speaker_country
        return Found(_named(sentence, day(statement.date), country, city, informal, False), True)
    resolved = _resolve(sentence, dates, index)
    explicit_next = _near(sentence, index, (_NEXT_RU | _NEXT_EN) - {"очередной"}, before=3)
    if (
        resolved is not None
        and resolved == day(statement.date)
        and not explicit_next
        and not is_past
    ):
        # «23 ноября 2023 года в Минске … состоялась очередная сессия», dated as the
        # statement is: its own session.
        country = city.country if city else _country(places) or statement.speaker_country
        return Found(_named(sentence, resolved, country, city, informal, False), True)
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
    those after it, up to the next session word or a dozen words on; failing
    those, what its clause says before it («6 декабря в Санкт-Петербурге … встречу»)."""
    token = sentence.tokens[index]
    eve = _near(sentence, index, _EVE, before=3)
    before_start = token.start if eve else sentence.tokens[max(0, index - 3)].start
    stop_index = min(following, index + _REACH)
    stop = (
        sentence.tokens[stop_index].start
        if stop_index < len(sentence.tokens)
        else len(sentence.text)
    )
    if following < len(sentence.tokens):
        stop = min(stop, _modifiers_start(sentence, following))
    joined = _NEW_CLAUSE.search(sentence.text, token.end, stop)
    if joined is not None:
        stop = joined.start()  # "…, and on 16 May it held a session": the next clause's
    exercise = _EXERCISE_NAME.search(sentence.text, token.end, stop)
    if exercise is not None:
        stop = exercise.start()  # what follows an exercise's name is the exercise's
    if eve:
        return [], []  # «Накануне сессии, 13 октября, …»: the date of what came before it
    dates = _dates_in(sentence, before_start, token.start, whole=True)
    dates += _dates_in(sentence, token.end, stop)
    before = [p for p in sentence.places if before_start <= p.start and p.end <= token.start]
    after = [p for p in sentence.places if token.end <= p.start < stop]
    # «которое Бишкек принял на сессии в Астане»: the place right after, "in" it, is the
    # session's; one before is, unless it is the session's own word («астанинской сессии»).
    adjacent = [p for p in before if p.last == index - 1]
    led_after = [p for p in after if p.lead in _PLACE_LEADS and p.first <= index + 3]
    places = adjacent + led_after + [p for p in before + after if p not in adjacent + led_after]
    if (not dates or not places) and not eve:
        back = _clause_start(sentence, index)
        dates = dates or _dates_in(sentence, back, token.start, whole=True)
        places = places or [p for p in sentence.places if back <= p.start < token.start]
    when = _WHEN_BEFORE.search(sentence.text[: token.start])
    if not dates and when is not None:
        # "since 15 September 2015, when at the session in Dushanbe …": the date before
        # "when" is the session's.
        dates = [d for d in sentence.dates if 0 <= when.start() - d.end <= 3]
    if not dates and not eve and _alone(sentence, index):
        # «23 ноября 2023 года в Минске под председательством … состоялась сессия»:
        # the statement's own date, however far before.
        dates = [
            mention
            for mention in _dates_in(sentence, 0, token.start, whole=True)
            if sentence.resolved(mention) == day(sentence.today)
        ]
    return dates, places


_WEEKDAYS = (
    ("monday", "понедельник"), ("tuesday", "вторник"), ("wednesday", "среда"),
    ("thursday", "четверг"), ("friday", "пятница"), ("saturday", "суббота"),
    ("sunday", "воскресенье"),
)  # fmt: skip


def _on_its_weekday(sentence: Sentence, index: int) -> bool:
    """ "The session … was held on Thursday", «прошла в четверг», in a report made that
    Thursday: the statement's own session."""
    weekday = _WEEKDAYS[sentence.today.weekday()]
    near = sentence.tokens[max(0, index - 6) : index + 16]
    return any(token.lemmas & set(weekday) or token.lower in weekday for token in near)


def _alone(sentence: Sentence, index: int) -> bool:
    """Whether the session is all the sentence names before it: no other session word,
    exercise or clause break, so a date at its start is the session's."""
    before = sentence.text[: sentence.tokens[index].start]
    bodies = _OTHER_BODIES_RU if sentence.language == "ru" else _OTHER_BODIES_EN
    return (
        not any(token.lemmas & bodies for token in sentence.tokens[:index])
        # «подготовка к очередной сессии», "preparations for the session"
        and not _near(sentence, index, frozenset({"к", "for", "to"}) | _EVE, before=2)
        and not any(_is_summit(sentence, other) for other in range(index))
        and not _EXERCISE_NAME.search(before)
        and not any(char in before for char in ";:")
    )


def _dates_in(sentence: Sentence, low: int, high: int, *, whole: bool = False) -> list[DateMention]:
    return [
        d
        for d in sentence.dates
        if low <= d.start < high
        and (not whole or d.end <= high)
        and (d.lead not in _NOT_SESSION_LEADS or not d.is_year_only)
        # "since December" starts something else; "from 3 to 5 December" is a span.
        # "since 15 September 2015, when at the session in Dushanbe …": that session's.
        and not (
            d.lead in _SINCE
            and d.first == d.last
            and not _WHEN.match(sentence.text, d.end, high + 40)
        )
        # A session is a day or a few, never years ("approved the 2023–2027 programme").
        and not (d.is_year_only and d.first.year and d.first.year != d.last.year)
    ]


def _clause_start(sentence: Sentence, index: int) -> int:
    """Where the clause holding word ``index`` starts, at most a few words back and
    never before an earlier session word."""
    low = sentence.tokens[max(0, index - _REACH_BACK)].start
    for previous in range(index - 1, -1, -1):
        if _is_summit(sentence, previous):
            low = max(low, sentence.tokens[previous].end)
            break
    text = sentence.text[low : sentence.tokens[index].start]
    breaks = [offset for offset, char in enumerate(text) if char in _CLAUSE_BREAKS]
    return low + breaks[-1] + 1 if breaks else low


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
    """The finest date the session's words give: «в этом году пройдёт в ноябре» is
    November."""
    for mention in sorted(dates, key=lambda mention: mention.is_year_only):
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
