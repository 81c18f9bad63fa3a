"""The API's representation of events, series and countries.

Validation is the model's own (Event.clean and its constraints through
full_clean), so the API refuses exactly what admin refuses, with the same words.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Field
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework import serializers
from rest_framework.settings import api_settings

from events.domain.statements import MAX_TEXT_BYTES
from events.enums import Kind, Precision
from events.models import Event, ExerciseSeries, Statement, StatementSentence
from events.models.statement import LANGUAGE_CHOICES
from events.text import strip_controls

COUNTRY_CODES = sorted(code for code, _name in countries)


class CountryCodeField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-2 code in and out (django-countries holds a Country)."""

    def __init__(self, **kwargs):
        super().__init__(choices=COUNTRY_CODES, **kwargs)

    def to_representation(self, value) -> str:
        return getattr(value, "code", value) or ""


class AsciiDigitsMixin(serializers.Field):
    """A date, time or number written with the digits 0-9 alone. DRF reads them
    with int(), Decimal() and patterns whose \\d matches any script's digits, so
    "٢٠١٣-٠٩-١٩" would otherwise be taken for 19 September 2013 and "①" fail in
    odd ways; no client means either."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not data.isascii():
            self.fail("ascii")
        return super().to_internal_value(data)


class AsciiDateField(AsciiDigitsMixin, serializers.DateField):
    default_error_messages = {"ascii": _("Write the date with the digits 0-9, like 2013-09-19.")}


class AsciiTimeField(AsciiDigitsMixin, serializers.TimeField):
    default_error_messages = {"ascii": _("Write the time with the digits 0-9, like 09:30.")}


class AsciiIntegerField(AsciiDigitsMixin, serializers.IntegerField):
    default_error_messages = {"ascii": _("Write the number with the digits 0-9.")}


class AsciiDecimalField(AsciiDigitsMixin, serializers.DecimalField):
    default_error_messages = {"ascii": _("Write the number with the digits 0-9.")}


class SeriesSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExerciseSeries
        fields = ["slug", "name_en", "name_ru", "description_en", "description_ru"]


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    name_en = serializers.CharField()
    name_ru = serializers.CharField()

    @staticmethod
    def for_code(code: str) -> dict:
        names = {}
        for language in ("en", "ru"):
            with translation.override(language):
                names[f"name_{language}"] = str(countries.name(code))
        return {"code": code, **names}


class EventSerializer(serializers.ModelSerializer):
    series = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ExerciseSeries.objects.all(),
        allow_null=True,
        required=False,
        help_text="The exercise series' slug, e.g. interaction.",
    )
    country = CountryCodeField(
        allow_blank=True,
        required=False,
        help_text="Host country of an exercise or summit; chair of a term (ISO 3166-1 alpha-2).",
    )
    participants = serializers.ListField(
        child=CountryCodeField(),
        required=False,
        max_length=len(COUNTRY_CODES),
        help_text="Participating countries (ISO 3166-1 alpha-2).",
    )
    name_en = serializers.SerializerMethodField()
    name_ru = serializers.SerializerMethodField()
    etag = serializers.SerializerMethodField(
        help_text="The value to send in If-Match to change or delete this event."
    )
    url = serializers.SerializerMethodField(help_text="The event's page.")

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: AsciiDateField,
        models.TimeField: AsciiTimeField,
        models.PositiveSmallIntegerField: AsciiIntegerField,
        models.DecimalField: AsciiDecimalField,
    }

    class Meta:
        model = Event
        fields = [
            "uid",
            "slug",
            "kind",
            "status",
            "published",
            "name_en",
            "name_ru",
            "title_en",
            "title_ru",
            "series",
            "series_year",
            "informal",
            "country",
            "participants",
            "place_en",
            "place_ru",
            "forces_en",
            "forces_ru",
            "description_en",
            "description_ru",
            "start_date",
            "start_precision",
            "start_time",
            "end_date",
            "end_precision",
            "end_time",
            "time_zone",
            "latitude",
            "longitude",
            "source_title",
            "source_date",
            "source_url",
            "source_quote",
            "revision",
            "created_at",
            "updated_at",
            "etag",
            "url",
        ]
        read_only_fields = ["uid", "revision", "created_at", "updated_at"]
        # Uniqueness and every other rule are checked by the model's full_clean().
        validators: list = []
        extra_kwargs = {"slug": {"validators": [], "required": False}}

    def get_name_en(self, event: Event) -> str:
        return event.name_in("en")

    def get_name_ru(self, event: Event) -> str:
        return event.name_in("ru")

    def get_etag(self, event: Event) -> str:
        return event.etag

    def get_url(self, event: Event) -> str:
        request = self.context.get("request")
        path = event.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def validate(self, attrs: dict) -> dict:
        event = self.instance or Event()
        if self.instance is not None and not self.partial:
            # PUT replaces the event: what the request leaves out returns to its
            # default, but for the slug: an address others link to is kept.
            for name, field in self.fields.items():
                if not field.read_only and name not in attrs and name != "slug":
                    model_field = Event._meta.get_field(name)
                    default = model_field.get_default() if isinstance(model_field, Field) else None
                    attrs[name] = default if name != "participants" else []
        for name, value in attrs.items():
            setattr(event, name, value)
        try:
            event.full_clean()
        except DjangoValidationError as exc:
            errors = exc.message_dict
            if NON_FIELD_ERRORS in errors:
                errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(errors) from exc
        self._validated_event = event
        return attrs

    def create(self, validated_data: dict) -> Event:
        event = self._validated_event
        event.save()
        return event

    def update(self, instance: Event, validated_data: dict) -> Event:
        self._validated_event.save()
        return self._validated_event


class SentenceSerializer(serializers.ModelSerializer):
    events = serializers.SerializerMethodField(
        help_text="Slugs of the published events that cite this sentence."
    )

    class Meta:
        model = StatementSentence
        fields = ["position", "paragraph", "text_en", "text_ru", "events"]

    def get_events(self, sentence: StatementSentence) -> list[str]:
        return [c.event.slug for c in sentence.citations.all() if c.event.published]


class StatementSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The statement's page.")
    # A CharField: an empty address ("" when the original is not online) is no URI.
    original_url = serializers.CharField(
        source="url", read_only=True, help_text="Where the original is published, or empty."
    )

    class Meta:
        model = Statement
        fields = [
            "slug",
            "title_en",
            "title_ru",
            "date",
            "place_en",
            "place_ru",
            "publisher_en",
            "publisher_ru",
            "language",
            "original_url",
            "url",
        ]

    def get_url(self, statement: Statement) -> str:
        request = self.context.get("request")
        path = statement.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class StatementDetailSerializer(StatementSerializer):
    sentences = SentenceSerializer(many=True, read_only=True)

    class Meta(StatementSerializer.Meta):
        fields = [*StatementSerializer.Meta.fields, "sentences"]


class ProposeSerializer(serializers.Serializer):
    """A statement's text to propose events from (nothing is written)."""

    text = serializers.CharField(
        max_length=MAX_TEXT_BYTES, trim_whitespace=False, help_text="The statement, plain text."
    )
    date = AsciiDateField(help_text="The statement's date: relative dates resolve against it.")
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, help_text="The text's language.")

    def validate_text(self, text: str) -> str:
        text = strip_controls(text)
        if not text.strip():
            raise serializers.ValidationError("The text is empty.")
        return text


class ProposalSerializer(serializers.Serializer):
    """An event proposed from a statement, as ``manage.py proposeevents --json`` gives it."""

    kind = serializers.ChoiceField(choices=Kind.choices)
    series = serializers.CharField(
        allow_null=True, help_text="A known series' slug, or a new series' English name."
    )
    series_year = serializers.IntegerField(allow_null=True)
    country = serializers.CharField(allow_blank=True, help_text="ISO 3166-1 alpha-2, or empty.")
    start_date = serializers.DateField(allow_null=True)
    start_precision = serializers.ChoiceField(choices=Precision.choices)
    end_date = serializers.DateField(allow_null=True)
    end_precision = serializers.ChoiceField(choices=Precision.choices)
    name_en = serializers.CharField()
    name_ru = serializers.CharField()
    quote = serializers.CharField(help_text="The sentence it comes from, exactly as in the text.")
    match = serializers.CharField(
        allow_null=True, help_text="The slug of the event it is about, if the calendar has it."
    )
