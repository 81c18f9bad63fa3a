"""Statements in admin: add one by pasting or uploading its text, then review the
events proposed from it (events/admin_review.py)."""

from __future__ import annotations

import html
import re
from functools import partial

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from events.admin_review import review_view
from events.domain.proposing import propose
from events.domain.proposing.calendar import known_series
from events.domain.statements import MAX_TEXT_BYTES, keep_text, paragraph_sentences
from events.enums import TEXT_LANGUAGES
from events.models import Statement
from events.text import strip_controls

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)


def plain_text(text: str) -> str:
    """``text`` as the statement keeps it: HTML pasted in made plain text (a
    paragraph a line), control characters gone, spaces within lines folded."""
    if _TAG.search(text):
        text = html.unescape(strip_tags(_BLOCK_END.sub("\n", text)))
    lines = (" ".join(line.split()) for line in strip_controls(text).split("\n"))
    return "\n".join(line for line in lines if line)


NO_EVENTS = _(
    "No events found in this text: it names no dated exercise, session, chairmanship, "
    "operation or decision."
)


class StatementForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        strip=False,
        help_text=_(
            "In the original language, one paragraph a line. HTML pasted in is kept as its text."
        ),
    )
    text_file = forms.FileField(
        label=_("…or a text file"),
        required=False,
        help_text=_("A UTF-8 .txt file; it replaces the text above."),
    )
    translation = forms.CharField(
        label=_("Translation"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        strip=False,
        help_text=_(
            "Optional: the text in the other language, sentence for sentence (the same "
            "number of sentences, in the same order)."
        ),
    )

    class Meta:
        model = Statement
        fields = [
            "slug",
            "title_en",
            "title_ru",
            "date",
            "language",
            "place_en",
            "place_ru",
            "publisher_en",
            "publisher_ru",
            "url",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        statement = self.instance
        if statement.pk:
            self.fields["text"].initial = statement.text(statement.language)
            other = [
                language for language in statement.languages() if language != statement.language
            ]
            if other:
                self.fields["translation"].initial = statement.text(other[0])

    def clean_text_file(self):
        upload = self.cleaned_data.get("text_file")
        if not upload:
            return None
        if upload.size > MAX_TEXT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s KB.") % {"max": MAX_TEXT_BYTES // 1000}
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from exc

    def _checked(self, name: str, raw: str) -> str:
        if len(raw.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
            self.add_error(
                name, _("The text is longer than %(max)s KB.") % {"max": MAX_TEXT_BYTES // 1000}
            )
            return ""
        return plain_text(raw)

    def clean(self):
        cleaned = super().clean() or {}
        text = self._checked("text", cleaned.get("text_file") or cleaned.get("text") or "")
        if not text and "text" not in self.errors and "text_file" not in self.errors:
            self.add_error("text", _("Paste the statement's text or choose a text file."))
        cleaned["text"] = text
        if text and cleaned.get("date") and cleaned.get("language"):
            found = propose(
                text, date=cleaned["date"], language=cleaned["language"], series=known_series()
            )
            if not found:
                self.add_error("text", NO_EVENTS)
        translation = self._checked("translation", cleaned.get("translation") or "")
        cleaned["translation"] = translation
        if text and translation:
            counts = len(paragraph_sentences(text)), len(paragraph_sentences(translation))
            if counts[0] != counts[1]:
                self.add_error(
                    "translation",
                    _(
                        "The translation has %(translated)s sentences and the text %(original)s: "
                        "give one sentence for each, in the same order."
                    )
                    % {"translated": counts[1], "original": counts[0]},
                )
        return cleaned

    def texts(self) -> dict[str, str]:
        """The statement's text by language, for keep_text."""
        original = self.cleaned_data["language"]
        texts = {original: self.cleaned_data["text"]}
        if self.cleaned_data["translation"]:
            other = next(code for code in TEXT_LANGUAGES if code != original)
            texts[other] = self.cleaned_data["translation"]
        return texts


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    """Statements are added with their text; saving one leads to the review of the
    events proposed from it."""

    form = StatementForm
    list_display = ("__str__", "date", "language", "sentence_count")
    list_filter = ("language",)
    search_fields = ("title_en", "title_ru", "slug", "sentences__text_en", "sentences__text_ru")
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ("title_en",)}
    fieldsets = (
        (None, {"fields": ("slug", ("title_en", "title_ru"), "date", "language")}),
        (
            _("Where and by whom"),
            {"fields": (("place_en", "place_ru"), ("publisher_en", "publisher_ru"), "url")},
        ),
        (_("Text"), {"fields": ("text", "text_file", "translation")}),
    )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(partial(review_view, self)),
                name="events_statement_review",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sentence_total=Count("sentences"))

    @admin.display(description=_("sentences"), ordering="sentence_total")
    def sentence_count(self, statement: Statement) -> int:
        return statement.sentence_total  # type: ignore[attr-defined]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        keep_text(obj, form.texts())  # the form has checked the texts align

    def response_add(self, request, obj, post_url_continue=None):
        return self._to_review(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._to_review(request, obj) or super().response_change(request, obj)

    def _to_review(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return None
        return HttpResponseRedirect(reverse("admin:events_statement_review", args=[obj.pk]))
