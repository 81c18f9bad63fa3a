"""The filters shared by pages, feeds and the API: kind, country, series, q.

``EventFilter.from_query`` reads them from a query string, keeps what is valid and
says in plain words what it dropped; ``query_string`` writes the canonical form, so
the same selection always gives the same URL (one feed URL per filter set). The
API's query serializer applies the same rules (``search_text_problem``,
``known_series_slugs``, MAX_VALUES), so a value one of them refuses, all refuse.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.translation import gettext as _
from django_countries import countries

from events.delivery.stamp import current_stamp, recent_stamp
from events.enums import Kind
from events.models import EventQuerySet, ExerciseSeries
from events.text import search_key

if TYPE_CHECKING:
    from collections.abc import Collection

# Longest free-text query honoured (once folded, as it is matched and written in
# the canonical URL); longer input is refused, not truncated silently.
MAX_QUERY_LENGTH = 100
# Most distinct values of one parameter (kind=…&kind=… or kind=a,b); more is refused.
MAX_VALUES = 20
# A refused value is quoted back this long at most.
SHOWN_LENGTH = 40

# Nothing a reader types into a search box: controls (tab and line ends among
# them), line and paragraph separators, lone surrogates, and U+FFFD, which is
# what bytes that were not UTF-8 in the address decode to. PostgreSQL refuses NUL
# outright; the others would match nothing and make a feed address no one meant.
_UNSEARCHABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffd]")

# Why a search text is refused (search_text_problem).
UNSEARCHABLE_CHARACTERS = "characters"
TOO_LONG = "length"


def search_text(raw: str) -> str:
    """The search text as typed, with commas read as spaces (a comma would split
    it in the canonical URL) and whitespace collapsed."""
    return " ".join(raw.replace(",", " ").split())


def search_text_problem(raw: str) -> str | None:
    """Why ``raw`` cannot be searched for (UNSEARCHABLE_CHARACTERS or TOO_LONG), or None."""
    if _UNSEARCHABLE.search(raw):
        return UNSEARCHABLE_CHARACTERS
    # Folding can lengthen text ("ß" is "ss"): the folded text is what is matched
    # and what the canonical URL carries, so it is what must fit.
    if len(search_key(search_text(raw))) > MAX_QUERY_LENGTH:
        return TOO_LONG
    return None


def shown(value: str) -> str:
    """``value`` safe to quote in a message: controls written as escapes, long
    values cut short."""
    if len(value) > SHOWN_LENGTH:
        value = value[:SHOWN_LENGTH] + "…"
    return _UNSEARCHABLE.sub(lambda match: f"\\u{ord(match[0]):04x}", value)


# This process's copy of the series' slugs, under the calendar stamp's token: a
# series' save or deletion moves the stamp, so the copy is read again once per
# change, and a feed that names a series costs no query while nothing changes.
_series_slugs: tuple[uuid.UUID, frozenset[str]] | None = None


def known_series_slugs() -> frozenset[str]:
    """The slug of every exercise series."""
    global _series_slugs
    stamp = recent_stamp() or current_stamp()
    known = _series_slugs
    if known is None or known[0] != stamp.token:
        known = (stamp.token, frozenset(ExerciseSeries.objects.values_list("slug", flat=True)))
        _series_slugs = known
    return known[1]


@dataclass(frozen=True)
class EventFilter:
    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    q: str = ""
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query, *, series_slugs: Collection[str] | None = None) -> EventFilter:
        """Read the filters from a QueryDict; invalid values are dropped and explained.
        With ``series_slugs`` None, any series is taken as named (the caller checks)."""
        errors: list[str] = []

        def values(name: str) -> list[str]:
            # "kind=exercise,summit" and "kind=exercise&kind=summit" mean the same.
            # Only spaces are trimmed: a value holding a line or paragraph
            # separator (which str.strip() would take for space) is refused.
            found = dict.fromkeys(
                v.strip(" ")
                for item in query.getlist(name)
                for v in item.split(",")
                if v.strip(" ")
            )
            if len(found) > MAX_VALUES:
                errors.append(
                    _("More than %(max)s values of “%(name)s” were given; they were ignored.")
                    % {"max": MAX_VALUES, "name": name}
                )
                return []
            return list(found)

        kinds = []
        for value in values("kind"):
            if value in Kind.values:
                kinds.append(value)
            else:
                errors.append(
                    _("There is no kind “%(value)s”; it was ignored.") % {"value": shown(value)}
                )

        codes = []
        for value in values("country"):
            code = value.upper()
            if code in countries:
                codes.append(code)
            else:
                errors.append(
                    _("“%(value)s” is not an ISO 3166 country code; it was ignored.")
                    % {"value": shown(value)}
                )

        series = []
        for value in values("series"):
            if series_slugs is None or value in series_slugs:
                series.append(value)
            else:
                errors.append(
                    _("There is no exercise series “%(value)s”; it was ignored.")
                    % {"value": shown(value)}
                )

        raw_q = query.get("q", "")
        q = search_text(raw_q)
        problem = search_text_problem(raw_q)
        if problem == TOO_LONG:
            errors.append(
                _("The search text is longer than %(max)s characters; it was ignored.")
                % {"max": MAX_QUERY_LENGTH}
            )
        elif problem == UNSEARCHABLE_CHARACTERS:
            errors.append(
                _(
                    "The search text holds control characters or bytes that are not UTF-8; "
                    "it was ignored."
                )
            )
        if problem:
            q = ""

        return cls(
            kinds=tuple(sorted(kinds)),
            countries=tuple(sorted(set(codes))),
            series=tuple(sorted(series)),
            q=q,
            errors=tuple(errors),
        )

    @property
    def is_active(self) -> bool:
        return bool(self.kinds or self.countries or self.series or self.q)

    def params(self) -> list[tuple[str, str]]:
        """The canonical query parameters: sorted, de-duplicated, one per name
        with its values joined by commas (the shortest form that reads back)."""
        params = [
            ("kind", ",".join(self.kinds)),
            ("country", ",".join(self.countries)),
            ("series", ",".join(self.series)),
            # Folded: every spelling of one search ("T", "t ", "ё"/"е") matches
            # the same events, so it gets the same address (and one feed).
            ("q", search_key(self.q)),
        ]
        return [(name, value) for name, value in params if value]

    def query_string(self, **extra: str) -> str:
        """ "?kind=exercise,summit&country=BY", or "" with no filter."""
        params = self.params() + [(k, v) for k, v in extra.items() if v]
        return f"?{urlencode(params, safe=',')}" if params else ""

    def apply(self, queryset: EventQuerySet) -> EventQuerySet:
        if self.kinds:
            queryset = queryset.filter(kind__in=self.kinds)
        if self.countries:
            # Host or chair country, or among the participants (stored "BY,KZ,RU").
            match = Q(country__in=self.countries)
            for code in self.countries:
                match |= Q(participants__contains=code)
            queryset = queryset.filter(match)
        if self.series:
            queryset = queryset.filter(series__slug__in=self.series)
        for word in search_key(self.q).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset
