"""The filters shared by pages, feeds and (later) the API: kind, country, series, q.

``EventFilter.from_query`` reads them from a query string, keeps what is valid and
says in plain words what it dropped; ``query_string`` writes the canonical form, so
the same selection always gives the same URL (one feed URL per filter set).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.translation import gettext as _
from django_countries import countries

from events.models import EventQuerySet, Kind, search_key

# Longest free-text query honoured; longer input is refused, not truncated silently.
MAX_QUERY_LENGTH = 100
# At most this many values of one parameter (kind=…&kind=…) are read.
MAX_VALUES = 20


@dataclass(frozen=True)
class EventFilter:
    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    q: str = ""
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query, *, series_slugs: set[str] | None = None) -> EventFilter:
        """Read the filters from a QueryDict; invalid values are dropped and explained."""
        errors: list[str] = []

        def values(name: str) -> list[str]:
            raw = query.getlist(name)[:MAX_VALUES]
            # "kind=exercise,summit" and "kind=exercise&kind=summit" mean the same.
            return [v.strip() for item in raw for v in item.split(",") if v.strip()]

        kinds = []
        for value in values("kind"):
            if value in Kind.values:
                kinds.append(value)
            else:
                errors.append(_("There is no kind “%(value)s”; it was ignored.") % {"value": value})

        codes = []
        for value in values("country"):
            code = value.upper()
            if code in countries:
                codes.append(code)
            else:
                errors.append(
                    _("“%(value)s” is not an ISO 3166 country code; it was ignored.")
                    % {"value": value}
                )

        series = []
        for value in values("series"):
            if series_slugs is None or value in series_slugs:
                series.append(value)
            else:
                errors.append(
                    _("There is no exercise series “%(value)s”; it was ignored.") % {"value": value}
                )

        # A comma in the text would split it in the canonical URL: read it as a space.
        q = " ".join(query.get("q", "").replace(",", " ").split())
        if len(q) > MAX_QUERY_LENGTH:
            errors.append(
                _("The search text is longer than %(max)s characters; it was ignored.")
                % {"max": MAX_QUERY_LENGTH}
            )
            q = ""
        if any(ord(ch) < 32 for ch in q):
            q = ""

        return cls(
            kinds=tuple(sorted(set(kinds))),
            countries=tuple(sorted(set(codes))),
            series=tuple(sorted(set(series))),
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
            ("q", self.q),
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
