"""Keeping a statement's text as sentences, and citing them from events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch

from events.dates import format_span
from events.enums import TEXT_LANGUAGES
from events.models import Citation, Event, Statement, StatementSentence
from events.text import sentence_spans, strip_controls

# The longest statement text taken, in bytes of UTF-8 (admin) or characters (API):
# far beyond any statement (the 2013 one is 5 KB), and small enough that proposing
# from it stays quick.
MAX_TEXT_BYTES = 200_000


class TextMismatch(ValueError):
    """The versions of a statement do not align sentence by sentence."""


def paragraph_sentences(text: str) -> list[tuple[int, str]]:
    """``text``'s sentences with the number of the paragraph (line) each is in,
    from 1; blank lines are not paragraphs."""
    text = strip_controls(text).replace("\t", " ")
    line_of: list[int] = []
    number = 0
    for line in text.split("\n"):
        number += bool(line.strip())
        line_of.extend([number] * (len(line) + 1))
    return [(line_of[start], text[start:end]) for start, end in sentence_spans(text)]


@transaction.atomic
def keep_text(statement: Statement, texts: dict[str, str]) -> list[StatementSentence]:
    """Store ``statement``'s text in each language given (``{"en": …, "ru": …}``),
    replacing what it held, sentence by sentence.

    The original (the statement's language) sets the sentences and paragraphs; a
    translation must have as many sentences, since sentence N of one is sentence N
    of the other. Citations of sentences that remain are kept.
    """
    original = paragraph_sentences(texts.get(statement.language, ""))
    if not original:
        raise TextMismatch("The statement's text in its original language is empty.")
    translations: dict[str, list[tuple[int, str]]] = {}
    for language, text in texts.items():
        if language == statement.language or not text.strip():
            continue
        translated = paragraph_sentences(text)
        if len(translated) != len(original):
            raise TextMismatch(
                f"The {language} text has {len(translated)} sentences and the original "
                f"{len(original)}: a translation must match the original sentence by "
                "sentence (one sentence for each, in the same order)."
            )
        translations[language] = translated
    kept = {s.position: s for s in statement.sentences.all()}
    sentences = []
    for position, (paragraph, text) in enumerate(original, start=1):
        sentence = kept.pop(position, None) or StatementSentence(
            statement=statement, position=position
        )
        sentence.paragraph = paragraph
        setattr(sentence, f"text_{statement.language}", text)
        for language, translated in translations.items():
            setattr(sentence, f"text_{language}", translated[position - 1][1])
        sentence.save()
        sentences.append(sentence)
    StatementSentence.objects.filter(pk__in=[s.pk for s in kept.values()]).delete()
    statement.save()  # the statement changed: its pages and its events' pages
    return sentences


def sentences_quoted(
    statement: Statement, quote: str, sentences: list[StatementSentence] | None = None
) -> list[StatementSentence]:
    """The sentences of the original text that ``quote`` is taken from (one, or
    several when it spans them); none when it is not in the text. ``sentences``:
    the statement's, when the caller has read them already."""
    quote = " ".join(quote.split())
    if not quote:
        return []
    if sentences is None:
        sentences = list(statement.sentences.all())
    texts = [" ".join(s.text_in(statement.language).split()) for s in sentences]
    joined = " ".join(texts)
    start = joined.find(quote)
    if start < 0:
        return []
    end = start + len(quote)
    found, offset = [], 0
    for sentence, text in zip(sentences, texts, strict=True):
        if offset < end and start < offset + len(text):
            found.append(sentence)
        offset += len(text) + 1
    return found


def cite(event: Event, sentences: Iterable[StatementSentence]) -> list[Citation]:
    """Link ``event`` to ``sentences`` (already linked ones stay as they are)."""
    return [
        Citation.objects.get_or_create(event=event, sentence=sentence)[0] for sentence in sentences
    ]


# What readers are shown ---------------------------------------------------------


@dataclass(frozen=True)
class ReadSentence:
    """A sentence as a reader is shown it, with the events that cite it."""

    position: int
    text: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Version:
    """One language's text of a statement, paragraph by paragraph."""

    language: str
    is_original: bool
    paragraphs: tuple[tuple[ReadSentence, ...], ...]


def versions(statement: Statement, language: str) -> list[Version]:
    """The statement's versions, the one in ``language`` first when it exists, each
    sentence with the published events it gave. One query for the sentences."""
    sentences = list(
        statement.sentences.prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.filter(event__published=True)
                .select_related("event", "event__series")
                .order_by("event__start_date", "event__slug"),
            )
        )
    )
    kept = [statement.language] + [
        other
        for other in TEXT_LANGUAGES
        if other != statement.language and any(s.text_in(other) for s in sentences)
    ]
    kept.sort(key=lambda version: version != language)
    shown = []
    for version in kept:
        paragraphs: dict[int, list[ReadSentence]] = {}
        for sentence in sentences:
            text = sentence.text_in(version)
            if text:
                events = tuple(citation.event for citation in sentence.citations.all())
                paragraphs.setdefault(sentence.paragraph, []).append(
                    ReadSentence(sentence.position, text, events)
                )
        shown.append(
            Version(
                version,
                version == statement.language,
                tuple(tuple(p) for p in paragraphs.values()),
            )
        )
    return shown


@dataclass(frozen=True)
class Quote:
    """Sentences of one statement an event cites, in the language they are shown in."""

    statement: Statement
    language: str
    sentences: tuple[tuple[int, str], ...]  # (position, text)
    translated: bool  # False: shown in the original, the reader's language missing


@dataclass(frozen=True)
class DateStep:
    """What one statement made of an event's date: "Announced 23 Sep 2013: 2014"."""

    statement: Statement
    span: str
    first: bool
    exact: bool


def cited_sources(event: Event, language: str) -> tuple[list[Quote], list[DateStep]]:
    """What ``event`` cites, statement by statement (oldest first), each sentence in
    ``language`` when the statement has it, else in its original; and how its date
    firmed up from statement to statement. One query, and one more per statement
    for the event's history."""
    citations = list(
        event.citations.select_related("sentence__statement").order_by(
            "sentence__statement__date", "sentence__statement_id", "sentence__position"
        )
    )
    by_statement: dict[int, list[Citation]] = {}
    for citation in citations:
        by_statement.setdefault(citation.sentence.statement_id, []).append(citation)
    found = []
    for cited in by_statement.values():
        statement = cited[0].sentence.statement
        sentences = [c.sentence for c in cited]
        shown_in = language if all(s.text_in(language) for s in sentences) else statement.language
        found.append(
            Quote(
                statement,
                shown_in,
                tuple((s.position, s.text_in(shown_in)) for s in sentences),
                translated=shown_in == language,
            )
        )
    return found, _firming_up(event, by_statement.values(), language)


def _firming_up(
    event: Event, by_statement: Iterable[list[Citation]], language: str | None
) -> list[DateStep]:
    """For each statement that cites the event (oldest first), the date as it stood
    once that statement was taken in, from the event's history; a statement that
    changed nothing is left out."""
    steps: list[DateStep] = []
    for cited in by_statement:
        taken_in = min(c.created for c in cited)
        try:
            then = event.history.as_of(taken_in)
        except Event.DoesNotExist:
            then = event
        span = format_span(then, language=language)
        if steps and steps[-1].span == span:
            continue
        exact = then.start_date is not None and then.is_exact
        steps.append(DateStep(cited[0].sentence.statement, span, not steps, exact))
    return steps
