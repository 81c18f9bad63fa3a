"""Form fields for what pages, feeds and the API read from a query string.

The filters (events/web/filters.py) are built from these, so a value is read,
refused and explained the same way on a page, in a feed's address and in the API.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.text import is_printable, search_key, shown

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Longest free-text query honoured (once folded, as it is matched and written in
# the canonical URL); longer input is refused, not truncated silently.
MAX_QUERY_LENGTH = 100
# Most distinct values of one parameter (kind=…&kind=… or kind=a,b); more is refused.
MAX_VALUES = 20


def search_text(raw: str) -> str:
    """The search text as typed, with commas read as spaces (a comma would split
    it in the canonical URL) and whitespace collapsed."""
    return " ".join(raw.replace(",", " ").split())


class ValuesWidget(forms.SelectMultiple):
    """Reads ``kind=exercise,summit`` and ``kind=exercise&kind=summit`` alike, each
    value once. Only spaces are trimmed: a value holding a line or paragraph
    separator (which str.strip() would take for space) is refused, not cleaned."""

    def __deepcopy__(self, memo: dict[int, Any]) -> ValuesWidget:
        # As Widget copies itself: the choices (every country, for one filter) are
        # shared, never changed in place, rather than copied and checked anew for
        # each form.
        obj = copy.copy(self)
        obj.attrs = self.attrs.copy()
        memo[id(self)] = obj
        return obj

    def value_from_datadict(self, data, files, name) -> list[str]:
        if hasattr(data, "getlist"):
            items = data.getlist(name)
        else:
            given = data.get(name, ())
            items = [given] if isinstance(given, str) else list(given)
        return _distinct(v.strip(" ") for item in items for v in str(item).split(","))

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data


def _distinct(values: Iterable[str]) -> list[str]:
    return [value for value in dict.fromkeys(values) if value]


class ValuesField(forms.MultipleChoiceField):
    """Any number of values (up to MAX_VALUES), each of which must be valid.

    Every invalid value gets its own error, quoting it, so a page can drop just
    those (``kept``) and say why, while a feed or the API refuses the request.
    ``accepts`` decides validity when the choices are not a fixed list."""

    widget = ValuesWidget
    default_error_messages = {
        "too_many": _("More than %(max)s values of “%(name)s” were given."),
    }

    def __init__(
        self,
        *,
        parameter: str,
        normalise: Callable[[str], str] | None = None,
        accepts: Callable[[str], bool] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.parameter = parameter
        self.normalise = normalise
        self.accepts = accepts

    def __deepcopy__(self, memo: dict[int, Any]) -> ValuesField:
        # Each form copies its fields; the choices are never changed in place, so
        # the copies share them instead of copying every country per request.
        choices = self.choices
        memo[id(choices)] = choices
        return super().__deepcopy__(memo)

    def to_python(self, value: Any) -> list[str]:
        values = super().to_python(value)
        if self.normalise:
            values = _distinct(self.normalise(v) for v in values)
        return values

    def valid_value(self, value: Any) -> bool:
        if self.accepts is not None:
            return self.accepts(value)
        return super().valid_value(value)

    def validate(self, value: list[str]) -> None:
        if len(value) > MAX_VALUES:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"max": MAX_VALUES, "name": self.parameter},
            )
        problems = [
            ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": shown(v)},
            )
            for v in value
            if not self.valid_value(v)
        ]
        if problems:
            raise ValidationError(problems)

    def kept(self, raw: Any) -> list[str]:
        """The valid values of ``raw``: none when there were too many."""
        values = self.to_python(raw)
        if len(values) > MAX_VALUES:
            return []
        return [v for v in values if self.valid_value(v)]


class SearchField(forms.CharField):
    """Free text, searched for word by word. Refused rather than cleaned when it
    holds what no one types (controls, separators, bytes that were not UTF-8) or
    is longer than MAX_QUERY_LENGTH once folded."""

    default_error_messages = {
        "characters": _("The search text holds control characters or bytes that are not UTF-8."),
        "length": _("The search text is longer than %(max)s characters."),
    }

    def __init__(self, **kwargs: Any) -> None:
        # Untrimmed: a control character at either end is refused like any other.
        kwargs.update(required=False, strip=False)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        raw = value or ""
        # Nothing a reader types: PostgreSQL refuses NUL outright; the others would
        # match nothing and make a feed address no one meant.
        if not is_printable(raw):
            raise ValidationError(self.error_messages["characters"], code="characters")
        text = search_text(raw)
        # Folding can lengthen text ("ß" is "ss"): the folded text is what is
        # matched and what the canonical URL carries, so it is what must fit.
        if len(search_key(text)) > MAX_QUERY_LENGTH:
            raise ValidationError(
                self.error_messages["length"], code="length", params={"max": MAX_QUERY_LENGTH}
            )
        return text


class IsoDateField(forms.DateField):
    """A day written YYYY-MM-DD with the digits 0-9 alone. (strptime's %Y takes
    any script's digits, so "٢٠١٣-٠٩-١٩" would otherwise read as 19 September 2013.)"""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("Write the date like 2013-09-19."),
        "ascii": _("Write the date with the digits 0-9, like 2013-09-19."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str) and not value.isascii():
            raise ValidationError(self.error_messages["ascii"], code="ascii")
        return super().to_python(value)


# The agenda's and the timeline's period ----------------------------------------


class PeriodEndField(forms.Field):
    """One end of a period, ``from`` or ``to``, read with the digits 0-9 alone;
    a value that cannot be read is named in a message that says it was ignored."""

    def __init__(self, *, parameter: str, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.parameter = parameter

    def to_python(self, value: Any) -> Any:
        raw = (value or "").strip()
        if not raw:
            return None
        parsed = self.parse(raw) if raw.isascii() else None
        if parsed is None:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"value": raw[:40], "name": self.parameter},
            )
        return parsed

    def parse(self, raw: str) -> Any:
        raise NotImplementedError


class DayEndField(PeriodEndField):
    default_error_messages = {
        "invalid": _("“%(value)s” is not a date like 2013-09-19; %(name)s was ignored."),
    }

    def parse(self, raw: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return None


def ascii_number(raw: str, low: int, high: int) -> int | None:
    """``raw`` as a number from ``low`` to ``high``, written with the digits 0-9
    alone, or None. (``str.isdigit`` also holds for "²", "①" and "٣", which
    ``int`` refuses or reads as other digits; and ``int`` refuses more than 4300
    digits, so length is bounded before it is asked.)"""
    if raw.isascii() and raw.isdigit() and len(raw) <= 9 and low <= int(raw) <= high:
        return int(raw)
    return None


class YearEndField(PeriodEndField):
    default_error_messages = {
        "invalid": _("“%(value)s” is not a year from 1 to 9999; %(name)s was ignored."),
    }

    def parse(self, raw: str) -> int | None:
        return ascii_number(raw, dt.MINYEAR, dt.MAXYEAR)


class PeriodForm(forms.Form):
    """``from`` and ``to`` of a page's period. What cannot be read, or an end
    before the start, is dropped and explained (``notices``): a page still shows."""

    end_field: type[PeriodEndField]
    backwards: StrOrPromise = ""

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        self.fields["from"] = self.end_field(parameter="from")
        self.fields["to"] = self.end_field(parameter="to")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        if start is not None and end is not None and end < start:
            self.add_error("to", str(self.backwards))
        return cleaned

    def period(self) -> tuple[Any, Any]:
        """The start and end asked for, each None when not given or dropped."""
        self.is_valid()
        return self.cleaned_data.get("from"), self.cleaned_data.get("to")

    def notices(self) -> list[str]:
        return [str(message) for errors in self.errors.values() for message in errors]


class AgendaPeriodForm(PeriodForm):
    end_field = DayEndField
    backwards = _("The end of the period is before its start; the end was ignored.")


class TimelinePeriodForm(PeriodForm):
    end_field = YearEndField
    backwards = _("The last year is before the first; the last year was ignored.")
