"""The engine scored over the statement corpora, each on its own: the corpus
(tests/data/statements), the held-out statements written after the engine
(tests/data/statements-heldout) and a later set written without sight of the engine
(tests/data/statements-unseen), READMEs there.

A proposal counts as found when its kind, series (case-insensitive), series year,
country, dates and precisions all equal an expected event's. The bars, for each
corpus: recall at least 0.9, at most 0.15 of the proposals unexpected, never a finer
precision than the editor gave, every quote an exact substring.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.domain.proposing import KnownSeries, Proposal, propose, sentences
from events.seed import statement_2013

DATA = Path(__file__).resolve().parent.parent / "data"
CORPUS = DATA / "statements"
CORPORA = {
    "corpus": CORPUS,
    "heldout": DATA / "statements-heldout",
    "unseen": DATA / "statements-unseen",
}
SERIES = [KnownSeries(**spec) for spec in statement_2013.SERIES]
FINENESS = {"day": 2, "month": 1, "year": 0}


def statements(corpus: Path = CORPUS) -> list[tuple[str, dict, str]]:
    found = []
    for path in sorted(corpus.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        text = next(corpus.glob(f"{path.stem}.{spec['language']}.txt")).read_text(encoding="utf-8")
        found.append((path.stem, spec, text))
    return found


def key(event: dict) -> tuple:
    series = event["series"]
    return (
        event["kind"],
        series.lower() if series else None,
        event["series_year"],
        event["country"] or "",
        event["start_date"],
        event["start_precision"],
        event["end_date"],
        event["end_precision"],
    )


def as_dict(proposal: Proposal) -> dict:
    return {
        "kind": proposal.kind,
        "series": proposal.series,
        "series_year": proposal.series_year,
        "country": proposal.country,
        "start_date": proposal.start_date.isoformat() if proposal.start_date else None,
        "start_precision": str(proposal.start_precision),
        "end_date": proposal.end_date.isoformat() if proposal.end_date else None,
        "end_precision": str(proposal.end_precision),
    }


def score(spec: dict, text: str) -> dict:
    proposals = propose(
        text,
        date=dt.date.fromisoformat(spec["date"]),
        language=spec["language"],
        series=SERIES,
    )
    expected = Counter(key(event) for event in spec["expected"])
    proposed = Counter(key(as_dict(proposal)) for proposal in proposals)
    found = expected & proposed
    return {
        "proposals": proposals,
        "expected": sum(expected.values()),
        "proposed": sum(proposed.values()),
        "found": sum(found.values()),
        "missed": list((expected - found).elements()),
        "unexpected": list((proposed - found).elements()),
    }


@pytest.fixture(scope="module", params=sorted(CORPORA))
def scores(request) -> dict[str, dict]:
    return {
        name: {**score(spec, text), "spec": spec, "text": text}
        for name, spec, text in statements(CORPORA[request.param])
    }


def test_the_corpora_are_there():
    assert len(statements()) >= 12
    assert len(statements(CORPORA["heldout"])) >= 8
    assert len(statements(CORPORA["unseen"])) >= 71


def test_recall_and_unexpected_share_clear_the_bar(scores):
    totals: dict[str, Counter] = {"en": Counter(), "ru": Counter(), "all": Counter()}
    for result in scores.values():
        for language in (result["spec"]["language"], "all"):
            for field in ("expected", "proposed", "found"):
                totals[language][field] += result[field]
    for language, total in totals.items():
        recall = total["found"] / total["expected"]
        unexpected = (total["proposed"] - total["found"]) / total["proposed"]
        print(
            f"\n{language}: recall {recall:.3f} ({total['found']}/{total['expected']}), "
            f"unexpected {unexpected:.3f} ({total['proposed'] - total['found']}"
            f"/{total['proposed']})"
        )
    total = totals["all"]
    assert total["found"] / total["expected"] >= 0.9
    assert (total["proposed"] - total["found"]) / total["proposed"] <= 0.15


def test_no_precision_finer_than_the_text_gives(scores):
    for name, result in scores.items():
        for proposal in result["proposals"]:
            for event in result["spec"]["expected"]:
                if not same_event(as_dict(proposal), event):
                    continue
                for side in ("start", "end"):
                    given = FINENESS[str(getattr(proposal, f"{side}_precision"))]
                    assert given <= FINENESS[event[f"{side}_precision"]], (name, event)


def same_event(proposal: dict, event: dict) -> bool:
    """The same event, whatever its dates: same kind, series and year, or same quote
    and country for the kinds without a series."""
    if proposal["kind"] != event["kind"]:
        return False
    if event["kind"] == "exercise":
        return (str(proposal["series"]).lower(), proposal["series_year"]) == (
            str(event["series"]).lower(),
            event["series_year"],
        )
    return (
        proposal["country"] == (event["country"] or "")
        and proposal["start_date"] == event["start_date"]
    )


def test_every_quote_is_a_substring_at_its_offset(scores):
    for result in scores.values():
        for proposal in result["proposals"]:
            start = proposal.quote_start
            assert result["text"][start : start + len(proposal.quote)] == proposal.quote


KEYS = {
    "kind", "series", "series_year", "country", "start_date", "end_date", "start_precision",
    "end_precision", "name_en", "name_ru", "quote", "match",
}  # fmt: skip


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_expected_events_follow_the_corpus_conventions(corpus):
    """Exactly the README's keys, a whole sentence as the quote, and dates stored as the
    model stores them (a month from the 1st to its last day, a year from 1 Jan to 31 Dec)."""
    for name, spec, text in statements(CORPORA[corpus]):
        whole = {text[start:end] for start, end in sentences(text)}
        for event in spec["expected"]:
            assert set(event) == KEYS, name
            assert event["quote"] in whole, (name, event["quote"])
            for side, first in (("start", True), ("end", False)):
                value, precision = event[f"{side}_date"], event[f"{side}_precision"]
                if value is None:
                    continue
                day = dt.date.fromisoformat(value)
                if precision == "month":
                    last = calendar.monthrange(day.year, day.month)[1]
                    assert day.day == (1 if first else last), (name, event)
                elif precision == "year":
                    assert (day.month, day.day) == ((1, 1) if first else (12, 31)), (name, event)


SENTENCES = {
    language: [
        text[start:end]
        for corpus in CORPORA.values()
        for _, spec, text in statements(corpus)
        if spec["language"] == language
        for start, end in sentences(text)
    ]
    for language in ("en", "ru")
}


@given(
    language=st.sampled_from(["en", "ru"]),
    picks=st.lists(st.integers(min_value=0), min_size=1, max_size=6),
    drop=st.floats(min_value=0, max_value=0.4),
    seed=st.integers(min_value=0, max_value=1000),
    date=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
)
@settings(max_examples=150, deadline=None)
def test_any_mix_of_statement_sentences_under_any_date_proposes_sanely(
    language, picks, drop, seed, date
):
    """Sentences of every corpus, shuffled, some words dropped, said on any day: every
    proposal quotes the text at its offset and never ends before it starts."""
    pool = SENTENCES[language]
    chosen = [pool[pick % len(pool)] for pick in picks]
    words = [word for part in chosen for word in part.split()]
    dropped = {index for index in range(len(words)) if (index * 7919 + seed) % 100 < drop * 100}
    text = " ".join(word for index, word in enumerate(words) if index not in dropped)
    for found in propose(text, date=date, language=language, series=SERIES):
        assert text[found.quote_start : found.quote_start + len(found.quote)] == found.quote
        if found.start_date and found.end_date:
            assert found.start_date <= found.end_date, found
