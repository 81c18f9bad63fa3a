"""Where an exercise is held: the place its clause names "in" / «в», else the only
one; never one the text rules out ("not in Armenia but in Kazakhstan"); the country a
sentence says hosts its exercises ("Kazakhstan will host two exercises: …",
«Принимающей стороной станет Казахстан»); none while its venue is "still being
finalised".
"""

from __future__ import annotations

import itertools
import re

from events.domain.proposing.context import Sentence
from events.domain.proposing.exercise_names import Mention
from events.domain.proposing.places import Place, demonyms

_HOST_LEADS = frozenset({"in", "в", "во", "на", "territory", "территории", "hosted", "by"})

# "Not in Armenia but in Kazakhstan": the place a "not" leads is not the host.
_NEGATED_PLACE = re.compile(
    r"(?:\bnot|(?<![а-яё])не)\s+(?:(?:in|at|on|в|во|на)\s+)?$", re.IGNORECASE
)

# Dashes are not breaks: Russian writes a left-out verb as one («… – в Киргизии»).
CLAUSE_BREAK = re.compile(r"[,;:](?=\s)|[()]")


def places_of(sentence: Sentence) -> list[Place]:
    """The places the sentence names, but for those it says are not the host
    ("not in Armenia but in Kazakhstan", «не в Армении, а в Казахстане»)."""
    # "on Russian territory", «на российском полигоне»
    territory = [
        p
        for p in demonyms(sentence.tokens)
        if p.last + 1 < len(sentence.tokens)
        and sentence.tokens[p.last + 1].lower.startswith(
            ("territor", "soil", "полигон", "range", "training")
        )
    ]
    return sorted(
        [
            place
            for place in sentence.places
            if not _NEGATED_PLACE.search(sentence.text[max(0, place.start - 12) : place.start])
        ]
        + territory,
        key=lambda place: place.start,
    )


def clauses(text: str) -> list[tuple[int, int]]:
    """The sentence's clauses: what commas, semicolons, colons and dashes separate."""
    bounds = [0, *(m.end() for m in CLAUSE_BREAK.finditer(text)), len(text)]
    return list(itertools.pairwise(bounds))


# "The dates and venue of Rubezh-2025 are still being finalised": no host yet.
_VENUE = re.compile(r"\bvenues?\b|\blocation\b|мест[оа]\s+проведения", re.IGNORECASE)


def venue_open(sentence: Sentence, mentions: list[Mention], index: int, high: int) -> bool:
    """Whether the exercise's clause says its venue is still open."""
    mention = mentions[index]
    low, end = next(
        (start, end) for start, end in clauses(sentence.text) if start <= mention.start < end
    )
    low = max(low, mentions[index - 1].end if index else 0)
    return _VENUE.search(sentence.text, low, min(end, high)) is not None


def listed_in(sentence: Sentence, mentions: list[Mention]) -> Place | None:
    """ "All four exercises were held in Belarus: Interaction-2024, …", «на полигонах
    Таджикистана пройдут сразу несколько учений: …»: the one country the words before
    the list name."""
    colon = sentence.text.find(":", 0, mentions[0].start)
    if colon >= 0:
        named = [place for place in places_of(sentence) if place.end <= colon]
        return named[0] if len({place.country for place in named}) == 1 else None
    # "the successful holding in the Republic of Belarus of the joint exercises A, B and C
    # … and of the exercise D": the one country, before them all.
    everywhere = places_of(sentence)
    first = everywhere[0] if everywhere else None
    if (
        first is not None
        and first.end <= mentions[0].start
        and first.lead in {"in", "the", "в", "во"}
        and len({place.country for place in everywhere}) == 1
    ):
        return first
    return None


# «Принимающей стороной станет Казахстан», "the host country will be Kazakhstan"
_HOST_BEFORE = frozenset({"принимающей", "принимающая", "host", "hosts", "hosted"})
_HOSTING = frozenset({"host", "hosts", "hosted", "hosting", "принять", "принимать"})


def hosting(sentence: Sentence) -> Place | None:
    """ "Kazakhstan will host two exercises: …", «Армения готова принять …»: the
    country the sentence says hosts its exercises."""
    # "our Russian partners, who hosted the exercise"
    for place in [*places_of(sentence), *demonyms(sentence.tokens)]:
        # "Kyrgyzstan, as the incoming chair, will host them"
        following = sentence.tokens[place.last + 1 : place.last + 8]
        before = sentence.tokens[max(0, place.first - 3) : place.first]
        if any(token.lemmas & _HOSTING for token in following) or any(
            token.lower in _HOST_BEFORE for token in before
        ):
            return place
    return None


def host_of(sentence: Sentence, places: list[Place]) -> Place | None:
    """Where the exercise is: a place led by "in" / «в», else the only one named; never
    one the text says it is not in ("not in Armenia but in Kazakhstan")."""
    places = [place for place in places if place in places_of(sentence)]
    led = [place for place in places if place.lead in _HOST_LEADS | {"to", "к"}]
    if led:
        return led[0]
    return places[0] if len({place.country for place in places}) == 1 else None
