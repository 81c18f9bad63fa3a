"""What every finder reads: the statement, and each sentence with its words, date
phrases and places already found."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import events.domain.proposing.morph as morph
from events.domain.proposing.dates import DateMention, Dates, find_dates, resolve
from events.domain.proposing.places import Place, find_places
from events.domain.proposing.reading import Token, tokenise
from events.domain.proposing.records import KnownSeries

# Words that say a sentence speaks of what is done or of what is to come: they
# decide the year of a month named without one ("the December session").
_PAST_EN = frozenset(
    [
        "was",
        "were",
        "had",
        "has",
        "have",
        "held",
        "took",
        "taken",
        "ended",
        "discussed",
        "adopted",
        "approved",
        "passed",
        "last",
        "previous",
        "past",
        "ago",
        "did",
        "hosted",
        "conducted",
        "signed",
        "decided",
        "agreed",
        "made",
        "attended",
        "concluded",
        "completed",
        "marked",
        "met",
        "gathered",
        "convened",
    ]
)
_FUTURE_EN = frozenset(
    [
        "will",
        "shall",
        "ll",
        "next",
        "upcoming",
        "forthcoming",
        "coming",
        "planned",
        "scheduled",
        "plan",
        "going",
        "expected",
        "intend",
        "intends",
        "due",
        "hold",
        "convene",
        "meet",
        "gather",
        "reconvene",
        "host",
        "organise",
        "organize",
        "conduct",
    ]
)
_RESOLVED_EN = frozenset({"agreed", "decided", "resolved", "undertook", "promised"})
_FUTURE_AUXILIARIES = frozenset({"will", "shall", "ll", "be", "to"})
_PAST_RU = frozenset({"прошлый", "предыдущий", "минувший", "прошедший"})
_FUTURE_RU = frozenset(
    {"следующий", "предстоящий", "будущий", "планироваться", "запланировать", "наметить"}
)

# Other parties, whose exercises and plans are not the calendar's: a mention after
# one of these words in its sentence is theirs, unless the organisation or "we"
# come between.
_OTHERS_EN = frozenset(
    {"nato", "alliance", "coalition", "pentagon", "american", "ukraine", "sco", "shanghai"}
)
_OTHERS_RU = frozenset(
    {"нато", "альянс", "коалиция", "сша", "американский", "пентагон", "шос", "шанхайский"}
)
_OURS_EN = frozenset({"csto", "we", "our", "organisation", "organization"})
_OURS_RU = frozenset({"одкб", "мы", "наш", "организация"})
# "Organisation" right after another party's name is the end of that name (the
# Shanghai Cooperation Organisation), not a return to ours.
_ORGANISATION = frozenset({"organisation", "organization", "организация"})


# A dateline: a place, a comma, then (checked against the date phrases) the date,
# closed by a dash or by the end of the sentence.
_DATELINE_PLACE = re.compile(r"(?P<place>[^\W\d_][\w’'\-]*(?:[ \-][^\W\d_][\w’'\-]*){0,2}),\s+")
_DATELINE_END = re.compile(r"\s*(?:[—–‑-]\s*|\.?\s*$)")


@dataclass(frozen=True)
class Statement:
    date: dt.date
    language: str
    series: tuple[KnownSeries, ...]
    # The country of whoever makes the statement ("President of Russia …"): at the
    # end of a session that is, by custom, its host.
    speaker_country: str = ""
    # The place of its dateline ("MINSK, 30 November 2017 —"): where it was made,
    # and where the session it reports ("met here today") was held.
    dateline: Place | None = None


@dataclass
class Sentence:
    text: str
    start: int
    language: str
    today: dt.date
    tokens: list[Token] = field(init=False)
    dates: list[DateMention] = field(init=False)
    places: list[Place] = field(init=False)
    # The place of the dateline the sentence opens with, if it does. Its place and
    # date are the statement's, so they are not among the sentence's places and dates.
    dateline: Place | None = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = tokenise(self.text, self.language)
        self.dates = find_dates(self.text, self.language, self.today)
        self.places = find_places(self.tokens, self.language)
        self.dateline = None
        end = self._dateline_end()
        if end:
            self.dateline = self.places[0]
            self.dates = [mention for mention in self.dates if mention.start >= end]
            self.places = [place for place in self.places if place.start >= end]

    def _dateline_end(self) -> int:
        """Where a dateline ("MINSK, 30 November 2017 —", «Москва, 18 февраля 2020
        года.») ends: a known place, a comma, a day and month, then a dash or the end."""
        opening = _DATELINE_PLACE.match(self.text)
        if opening is None or not self.places or self.places[0].start != 0:
            return 0
        if self.places[0].end != opening.end("place"):
            return 0
        mention = next(iter(self.dates), None)
        if mention is None or mention.start != opening.end() or mention.first.day is None:
            return 0
        if mention.first != mention.last:
            return 0  # "Kazakhstan, 2–6 September": a schedule's line, not a dateline
        closing = _DATELINE_END.match(self.text, mention.end)
        return closing.end() if closing else 0

    def token_at(self, offset: int) -> int:
        """The index of the first token at or after ``offset``."""
        for index, token in enumerate(self.tokens):
            if token.end > offset:
                return index
        return len(self.tokens)

    def has_lemma(self, *words: str) -> bool:
        return any(token.lemmas & set(words) for token in self.tokens)

    def direction(self, index: int) -> str | None:
        """Whether the words before token ``index`` (else after it) speak of the past
        ("past") or the future ("future")."""
        order = [*range(index - 1, -1, -1), *range(index, len(self.tokens))]
        # «операции «Прокси», проведённой в апреле»: the participle right before the date.
        for position in range(index - 1, max(-1, index - 3), -1):
            if self._is_participle(position):
                found = self._tense(position)
                if found:
                    return found
        # A verb before a participle: «В декабре по сложившейся традиции пройдёт …».
        for participles in (False, True):
            for position in order:
                if not participles and self._is_participle(position):
                    continue
                found = self._tense(position)
                if found:
                    return found
        return None

    def _is_participle(self, position: int) -> bool:
        token = self.tokens[position]
        return self.language == "ru" and morph.is_participle(token.text)

    def _tense(self, position: int) -> str | None:
        token = self.tokens[position]
        if self.language == "ru":
            if token.lemmas & _PAST_RU:
                return "past"
            if token.lemmas & _FUTURE_RU or morph.is_future_or_infinitive(token.text):
                return "future"
            return "past" if morph.is_past_verb(token.text) else None
        following = self.tokens[position + 1].lower if position + 1 < len(self.tokens) else ""
        if token.lower in _RESOLVED_EN and following == "to":
            return "future"  # "We have agreed to return to it at the meeting on 6 December"
        if token.lower in _PAST_EN:
            # "will be held", "to be held": a participle, of the future.
            auxiliaries = {t.lower for t in self.tokens[max(0, position - 2) : position]}
            return "future" if auxiliaries & _FUTURE_AUXILIARIES else "past"
        return "future" if token.lower in _FUTURE_EN else None

    def is_others(self, offset: int) -> bool:
        """Whether the mention at ``offset`` is another party's (NATO's, a coalition's)."""
        theirs = False
        others, ours = (_OTHERS_RU, _OURS_RU) if self.language == "ru" else (_OTHERS_EN, _OURS_EN)
        named_at = -10  # where the other party was last named
        for index, token in enumerate(self.tokens):
            if token.start >= offset:
                break
            if token.lemmas & others or token.text == "US":
                theirs, named_at = True, index
            elif token.lemmas & ours:
                theirs = theirs and self._ends_their_name(token, named_at, index)
        return theirs

    def _ends_their_name(self, token: Token, named_at: int, index: int) -> bool:
        """Whether "Organisation" at ``index`` ends the name begun by the other party's
        word at ``named_at``: only capitalised words between them, no punctuation."""
        if not token.lemmas & _ORGANISATION or not 0 < index - named_at <= 2:
            return False
        between = self.text[self.tokens[named_at].end : token.start]
        return all(word[:1].isupper() for word in between.split())

    def resolved(
        self, mention: DateMention, *, year: int | None = None, direction: str | None = None
    ) -> Dates | None:
        return resolve(mention, today=self.today, year=year, direction=direction)
