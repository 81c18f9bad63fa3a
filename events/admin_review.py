"""Reviewing the events proposed from a statement: edit, accept or leave each.

The page shows the statement's text with each proposal's sentence marked beside
the proposal. Only what the editor checks is written, as submitted (the quote
must still be the statement's own), all in one transaction: if one accepted
proposal is wrong, nothing is saved and the page says which and why. The
statement's row is locked while accepting, so two editors accepting the same
proposal at once give one event (the second finds and updates it).
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.domain.proposing import Proposal
from events.domain.proposing.calendar import propose_for_calendar
from events.domain.proposing.matching import dates_after, match_existing
from events.domain.statements import cite, sentences_quoted
from events.enums import Kind, Precision
from events.models import Event, ExerciseSeries, Statement, StatementSentence
from events.web.forms import IsoDateField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

COUNTRY_CHOICES = [("", "—"), *((code, f"{code} — {name}") for code, name in countries)]


class ProposalForm(forms.Form):
    """One proposal as the editor may amend it."""

    accept = forms.BooleanField(label=_("Accept"), required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices)
    series = forms.CharField(label=_("series"), required=False, max_length=120)
    series_name_ru = forms.CharField(label=_("series (Russian)"), required=False, max_length=120)
    series_year = forms.IntegerField(
        label=_("series year"), required=False, min_value=1900, max_value=2200
    )
    country = forms.ChoiceField(label=_("country"), choices=COUNTRY_CHOICES, required=False)
    start_date = IsoDateField(label=_("start"), required=False)
    start_precision = forms.ChoiceField(label=_("start precision"), choices=Precision.choices)
    end_date = IsoDateField(label=_("end"), required=False)
    end_precision = forms.ChoiceField(label=_("end precision"), choices=Precision.choices)
    name_en = forms.CharField(label=_("name (English)"), required=False, max_length=300)
    name_ru = forms.CharField(label=_("name (Russian)"), required=False, max_length=300)
    place_en = forms.CharField(label=_("place (English)"), required=False, max_length=200)
    place_ru = forms.CharField(label=_("place (Russian)"), required=False, max_length=200)
    informal = forms.BooleanField(label=_("informal"), required=False)
    quote = forms.CharField(widget=forms.HiddenInput, strip=False)
    match = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, statement_text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statement_text = statement_text

    def clean_quote(self) -> str:
        quote = self.cleaned_data["quote"]
        if quote not in self.statement_text:
            raise ValidationError(_("The quote is not in the statement's text."))
        return quote

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        given = {f.name: data[f.name] for f in fields(Proposal) if f.name in data}
        return Proposal(
            **{
                **given,
                "series": data["series"] or None,
                "match": data["match"] or None,
                "quote_start": self.statement_text.find(data["quote"]),
            }
        )


def initial_of(proposal: Proposal) -> dict[str, Any]:
    """The form's fields filled from the proposal, checked to accept."""
    initial = {
        name: getattr(proposal, name)
        for name in ProposalForm.base_fields
        if hasattr(proposal, name)
    }
    return {
        **initial,
        "accept": True,
        "series": proposal.series or "",
        "match": proposal.match or "",
    }


def proposals_for(statement: Statement) -> list[Proposal]:
    """The events the statement's original text gives, matched against the calendar."""
    return propose_for_calendar(
        statement.text(statement.language), date=statement.date, language=statement.language
    )


def _series(proposal: Proposal) -> ExerciseSeries | None:
    """The proposal's series: a known one by slug or name, else a new one."""
    if not proposal.series:
        return None
    name = proposal.series.strip()
    found = (
        ExerciseSeries.objects.filter(slug=name).first()
        or ExerciseSeries.objects.filter(name_en__iexact=name).first()
        or ExerciseSeries.objects.filter(name_ru__iexact=name).first()
    )
    if found:
        return found
    series = ExerciseSeries(
        slug=slugify(name)[:80] or "series", name_en=name, name_ru=proposal.series_name_ru
    )
    series.full_clean()
    series.save()
    return series


def _apply(event: Event, proposal: Proposal, statement: Statement, *, new: bool) -> None:
    """Write the proposal's values onto ``event``: every value for a new event; for
    one the calendar has, what the statement states (dates, host, place)."""
    if new:
        event.kind = proposal.kind
        event.series = _series(proposal)
        event.series_year = proposal.series_year
        event.informal = proposal.informal
        if proposal.kind != Kind.EXERCISE:
            event.title_en, event.title_ru = proposal.name_en, proposal.name_ru
        event.source_title = statement.title_en or statement.title_ru
        event.source_date = statement.date
        event.source_url = statement.url
        event.source_quote = proposal.quote
    if new:
        event.start_date, event.start_precision = proposal.start_date, proposal.start_precision
        event.end_date, event.end_precision = proposal.end_date, proposal.end_precision
    else:
        # A statement firms a date up, never makes it vaguer ("2014" then "in 2014"
        # keeps 23 December 2014).
        after = dates_after(proposal, event)
        event.start_date, event.start_precision = after.start_date, after.start_precision
        event.end_date, event.end_precision = after.end_date, after.end_precision
    if proposal.country:
        event.country = proposal.country
    if proposal.place_en or proposal.place_ru:
        event.place_en, event.place_ru = proposal.place_en, proposal.place_ru


def accept(statement: Statement, proposals: list[Proposal]) -> tuple[list[Event], list[Event]]:
    """Create or update an event for each proposal and cite its sentence, in one
    transaction; (created, updated). Raises ValidationError naming the proposal."""
    created: list[Event] = []
    updated: list[Event] = []
    with transaction.atomic():
        Statement.objects.select_for_update().get(pk=statement.pk)
        for number, proposal in enumerate(proposals, start=1):
            # Matched again under the lock: a colleague may just have accepted it.
            again = match_existing(
                [replace(proposal, match=None)], Event.objects.select_related("series")
            )
            slug = proposal.match or again[0].match
            event = Event.objects.select_for_update().filter(slug=slug).first() if slug else None
            new = event is None
            event = event or Event()
            _apply(event, proposal, statement, new=new)
            event._change_reason = f"From the statement “{statement}”"  # type: ignore[attr-defined]
            try:
                event.full_clean()
                event.save()
            except (ValidationError, IntegrityError) as exc:
                problems = getattr(exc, "messages", [str(exc)])
                raise ValidationError(
                    _("Proposal %(number)s (%(name)s): %(problems)s")
                    % {
                        "number": number,
                        "name": proposal.name_en or proposal.name_ru,
                        "problems": " ".join(problems),
                    }
                ) from exc
            cite(event, sentences_quoted(statement, proposal.quote))
            (created if new else updated).append(event)
    return created, updated


def review_view(model_admin, request, object_id: str):
    """GET: the proposals beside the text. POST: accept the checked ones."""
    needed = ("events.change_statement", "events.add_event", "events.change_event")
    if not request.user.has_perms(needed):
        raise PermissionDenied
    statement = get_object_or_404(Statement, pk=object_id)
    text = statement.text(statement.language)
    problems: list[StrOrPromise] = []
    if request.method == "POST":
        raw = request.POST.get("count", "")
        count = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else 0
        forms_ = [
            ProposalForm(request.POST, prefix=f"p{n}", statement_text=text) for n in range(count)
        ]
        chosen = [f for f in forms_ if f.is_valid() and f.cleaned_data["accept"]]
        invalid = [f for f in forms_ if not f.is_valid() and f.data.get(f"{f.prefix}-accept")]
        if invalid:
            problems.append(
                _(
                    "Some accepted proposals have mistakes; they are marked below. "
                    "Nothing was saved."
                )
            )
        elif not chosen:
            problems.append(_("No proposal was checked; nothing was saved."))
        else:
            try:
                created, updated = accept(statement, [f.proposal() for f in chosen])
            except ValidationError as exc:
                problems.extend(exc.messages)
                problems.append(_("Nothing was saved."))
            else:
                model_admin.message_user(
                    request,
                    _("Accepted: %(created)s created, %(updated)s updated.")
                    % {"created": len(created), "updated": len(updated)},
                    messages.SUCCESS,
                )
                return redirect("admin:events_statement_review", object_id)
        proposals = [f.proposal() if f.is_valid() else None for f in forms_]
    else:
        found = proposals_for(statement)
        forms_ = [
            ProposalForm(initial=initial_of(p), prefix=f"p{n}", statement_text=text)
            for n, p in enumerate(found)
        ]
        proposals = list(found)
    sentences = list(statement.sentences.all())  # read once for every proposal
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Statement._meta,
        "original": statement,
        "title": _("Events proposed from “%(statement)s”") % {"statement": statement},
        "statement": statement,
        "rows": [
            (form, proposal, _quoted_positions(statement, proposal, sentences))
            for form, proposal in zip(forms_, proposals, strict=True)
        ],
        "paragraphs": _marked_paragraphs(statement, sentences, [p.quote for p in proposals if p]),
        "problems": problems,
        "count": len(forms_),
    }
    return TemplateResponse(request, "admin/events/statement/review.html", context)


def _quoted_positions(
    statement: Statement, proposal: Proposal | None, sentences: list[StatementSentence]
) -> list[int]:
    if proposal is None:
        return []
    return [s.position for s in sentences_quoted(statement, proposal.quote, sentences)]


def _marked_paragraphs(
    statement: Statement, sentences: list[StatementSentence], quotes: list[str]
) -> list[list[tuple[int, str, bool]]]:
    """The original text, sentence by sentence, each marked when a proposal quotes it."""
    paragraphs: dict[int, list[tuple[int, str, bool]]] = {}
    for sentence in sentences:
        text = sentence.text_in(statement.language)
        quoted = any(q and (q in text or text in q) for q in quotes)
        paragraphs.setdefault(sentence.paragraph, []).append((sentence.position, text, quoted))
    return list(paragraphs.values())
