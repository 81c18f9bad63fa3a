"""The JSON API: events (read by anyone, written with model permissions and
If-Match), exercise series and countries (read-only).

Writes are optimistic: every event response carries an ETag; PUT, PATCH and
DELETE must send it back in If-Match (428 without, 412 when another write came
first). The row is locked while the precondition is checked and the write made,
so of many concurrent writers holding the same ETag exactly one succeeds.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import (
    AllowAny,
    BasePermission,
    DjangoModelPermissionsOrAnonReadOnly,
)
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils.encoders import JSONEncoder

from events.api.filters import ApiEventFilterSet, within
from events.api.renderers import EventJSONRenderer, RenderedJSON, rendered
from events.api.rows import COLUMNS, event_dicts
from events.api.serializers import (
    CountrySerializer,
    EventSerializer,
    ProposalSerializer,
    ProposeSerializer,
    SeriesSerializer,
    StatementDetailSerializer,
    StatementSerializer,
)
from events.api.throttles import ReadAhead
from events.delivery.page_cache import PAGE_SECONDS
from events.delivery.stamp import CACHE_KEY as STAMP_KEY
from events.delivery.stamp import stamp_with_entry
from events.domain.proposing.calendar import as_record, propose_for_calendar
from events.models import Event, ExerciseSeries, Statement, StatementSentence


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "Send the event's ETag in an If-Match header to change or delete it."
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The event has changed since you read it; fetch it again and retry."
    default_code = "precondition_failed"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The database refused the change: it clashes with another event."
    default_code = "conflict"


class EventPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    # Larger requests are clamped to this, never refused and never unbounded.
    max_page_size = 200

    # int() reads "٣" as 3: a page and its size are written with 0-9 alone. A
    # size that is not is ignored like any other unusable size.
    def get_page_size(self, request) -> int | None:
        if not request.query_params.get(self.page_size_query_param, "").isascii():
            return self.page_size
        return super().get_page_size(request)

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        if isinstance(number, str) and not number.isascii():
            raise NotFound(_("Invalid page: write its number with the digits 0-9."))
        return number


ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="Field errors, by field name.")
DETAIL = OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": …}')
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The event's ETag, as last read.",
)
WRITE_ERRORS = {
    400: ERROR,
    401: DETAIL,
    403: DETAIL,
    404: DETAIL,
    409: DETAIL,
    412: DETAIL,
    428: DETAIL,
    429: DETAIL,
}


@extend_schema_view(
    list=extend_schema(
        responses={200: EventSerializer(many=True), 400: ERROR, 404: DETAIL, 429: DETAIL},
    ),
    retrieve=extend_schema(responses={200: EventSerializer, 404: DETAIL, 429: DETAIL}),
    create=extend_schema(responses={201: EventSerializer, **WRITE_ERRORS}),
    update=extend_schema(parameters=[IF_MATCH], responses={200: EventSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(
        parameters=[IF_MATCH], responses={200: EventSerializer, **WRITE_ERRORS}
    ),
    destroy=extend_schema(parameters=[IF_MATCH], responses={204: None, **WRITE_ERRORS}),
)
class EventViewSet(viewsets.ModelViewSet):
    serializer_class = EventSerializer
    renderer_classes = [EventJSONRenderer]
    permission_classes = [DjangoModelPermissionsOrAnonReadOnly]
    pagination_class = EventPagination
    lookup_field = "uid"
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiEventFilterSet
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"

    # Built once, cloned for each request (building a filter costs more than a
    # clone); the model permissions ask for the queryset too, for its model.
    all_events = Event.objects.for_display().chronological()
    public_events = all_events.public()
    # The same as rows of COLUMNS, for the list (events/api/rows.py).
    all_rows = all_events.values_list(*COLUMNS)
    public_rows = public_events.values_list(*COLUMNS)

    def get_queryset(self):
        if self.request.user.has_perm("events.change_event"):
            return self.all_events.all()
        return self.public_events.all()

    def _rows(self):
        if self.request.user.has_perm("events.change_event"):
            return self.all_rows.all()
        return self.public_rows.all()

    def filter_queryset(self, queryset):
        # Only the list is filtered: an event's own address ignores its query.
        if self.action != "list":
            return queryset
        window = ApiEventFilterSet.window_alone(self.request.query_params)
        if window is not None:
            return within(queryset, *window)
        return super().filter_queryset(queryset)

    def _locked(self) -> Event:
        """The event, locked until the transaction ends (PostgreSQL; SQLite writes serially)."""
        queryset = self.get_queryset().select_for_update(of=("self",))
        try:
            return queryset.get(uid=self.kwargs["uid"])
        except (Event.DoesNotExist, DjangoValidationError, ValueError) as exc:
            raise Http404 from exc

    def _check_if_match(self, event: Event) -> None:
        header = self.request.headers.get("If-Match")
        if not header:
            raise PreconditionRequired
        tags = {tag.strip() for tag in header.split(",")}
        if "*" not in tags and event.etag not in tags:
            raise PreconditionFailed

    def _public_key(self) -> str | None:
        """The cache key of a public read's answer; None for anything else."""
        if self.action not in {"list", "retrieve"}:
            return None
        if self.request.user.has_perm("events.change_event"):
            return None
        address = self.request.build_absolute_uri()
        # A list page is kept as the renderer wrote it, an event as JSON text.
        prefix = "api-page:" if self.action == "list" else "api:"
        return prefix + hashlib.sha256(address.encode()).hexdigest()

    def get_throttles(self):
        # The throttles' counts are read in the same trip to the cache as what a
        # public read then needs, the change stamp and its cached answer.
        throttles = super().get_throttles()
        counted = [t for t in throttles if isinstance(t, SimpleRateThrottle)]
        keys = {key for t in counted if (key := t.get_cache_key(self.request, self))}
        public = self._public_key()
        if public is not None:
            keys |= {STAMP_KEY, public}
        self._read_ahead = ReadAhead(keys)
        for throttle in counted:
            # DRF's throttles use a cache's get and set alone.
            throttle.cache = self._read_ahead  # type: ignore[assignment]
        return throttles

    def _public_read(self, request, respond) -> Response:
        """A read anyone may make answers the same to everyone until the calendar
        changes: its data is cached under the change stamp, after the throttles
        and permissions have run. Editors, who also see unpublished events, are
        answered from the database.

        The entry is (the stamp's token, the data as JSON text): plain data,
        which any release reads; an entry of another shape is not used. A list
        page's text is the renderer's own, sent as it is (events/api/renderers.py)."""
        key = self._public_key()
        if key is None:
            return respond()
        read = getattr(self, "_read_ahead", None)
        found = read.found if read is not None and key in read.keys else None
        stamp, cached = stamp_with_entry(key, found=found)
        token = str(stamp.token)
        page = self.action == "list"
        if type(cached) is tuple and len(cached) == 2 and cached[0] == token:
            body = _utf8_or_none(cached[1]) if page else None
            if body is not None:
                return Response(RenderedJSON(body))
            data = None if page else _json_or_none(cached[1])
            if data is not None:
                return Response(data)
        response = respond()
        if response.status_code == status.HTTP_200_OK:
            if page:
                response.data = rendered(response.data)
                text = response.data.decode()
            else:
                text = json.dumps(response.data, cls=JSONEncoder, ensure_ascii=False)
            cache.set(key, (token, text), PAGE_SECONDS)
        return response

    def list(self, request, *args, **kwargs):
        return self._public_read(request, lambda: self._list_from_rows(request))

    def _list_from_rows(self, request) -> Response:
        """ListModelMixin.list with the page read as rows and written by
        events/api/rows.py rather than as model instances through the serializer."""
        queryset = self.filter_queryset(self._rows())
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(event_dicts(queryset, request))
        return self.get_paginated_response(event_dicts(page, request))

    def retrieve(self, request, *args, **kwargs):
        response = self._public_read(
            request, lambda: super(EventViewSet, self).retrieve(request, *args, **kwargs)
        )
        response["ETag"] = response.data["etag"]
        return response

    def create(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                response = super().create(request, *args, **kwargs)
        except IntegrityError as exc:
            raise Conflict from exc
        response["ETag"] = response.data["etag"]
        response["Location"] = request.build_absolute_uri(f"{response.data['uid']}/")
        return response

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        self.check_permissions(request)
        try:
            with transaction.atomic():
                event = self._locked()
                self.check_object_permissions(request, event)
                self._check_if_match(event)
                serializer = self.get_serializer(event, data=request.data, partial=partial)
                serializer.is_valid(raise_exception=True)
                serializer.save()
        except IntegrityError as exc:
            raise Conflict from exc
        data = self.get_serializer(serializer.instance).data
        return Response(data, headers={"ETag": data["etag"]})

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            event = self._locked()
            self.check_object_permissions(request, event)
            self._check_if_match(event)
            event.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _utf8_or_none(text: object) -> bytes | None:
    """A cached page's text as the bytes it was rendered as, or None when it holds none."""
    if type(text) is not str:
        return None
    try:
        return text.encode()
    except UnicodeEncodeError:
        return None


def _json_or_none(text: object) -> dict | list | None:
    """The object a cached entry's JSON text holds, or None when it holds none."""
    if type(text) is not str:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict | list) else None


@extend_schema_view(
    list=extend_schema(responses={200: SeriesSerializer(many=True), 429: DETAIL}),
    retrieve=extend_schema(responses={200: SeriesSerializer, 404: DETAIL, 429: DETAIL}),
)
class SeriesViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    queryset = ExerciseSeries.objects.order_by("name_en")
    serializer_class = SeriesSerializer
    lookup_field = "slug"
    pagination_class = None


class MayAcceptProposals(BasePermission):
    """Proposing is for those who may write what it proposes: add and change events."""

    def has_permission(self, request, view) -> bool:
        return request.user.has_perms(["events.add_event", "events.change_event"])


@extend_schema_view(
    list=extend_schema(responses={200: StatementSerializer(many=True), 429: DETAIL}),
    retrieve=extend_schema(responses={200: StatementDetailSerializer, 404: DETAIL, 429: DETAIL}),
)
class StatementViewSet(viewsets.ReadOnlyModelViewSet):
    """The statements the calendar's dates come from, newest first; one with its
    sentences in both languages and the events each gave."""

    permission_classes = [AllowAny]
    lookup_field = "slug"
    pagination_class = EventPagination

    def get_queryset(self):
        statements = Statement.objects.order_by("-date", "-id")
        if self.action == "retrieve":
            return statements.prefetch_related(
                Prefetch(
                    "sentences",
                    queryset=StatementSentence.objects.prefetch_related("citations__event"),
                )
            )
        return statements

    def get_serializer_class(self):
        if self.action == "propose":
            return ProposeSerializer
        return StatementDetailSerializer if self.action == "retrieve" else StatementSerializer

    @extend_schema(
        request=ProposeSerializer,
        responses={200: ProposalSerializer(many=True), 400: ERROR, 401: DETAIL, 403: DETAIL},
    )
    @action(
        detail=False,
        methods=["post"],
        permission_classes=[MayAcceptProposals],
        pagination_class=None,  # a statement's proposals come whole
    )
    def propose(self, request):
        """The events a statement's text gives, matched against the calendar, as
        ``manage.py proposeevents --json``; nothing is written."""
        asked = ProposeSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        proposals = propose_for_calendar(
            asked.validated_data["text"],
            date=asked.validated_data["date"],
            language=asked.validated_data["language"],
        )
        return Response([as_record(p) for p in proposals])


@extend_schema_view(
    list=extend_schema(responses={200: CountrySerializer(many=True), 429: DETAIL}),
    retrieve=extend_schema(responses={200: CountrySerializer, 404: DETAIL, 429: DETAIL}),
)
class CountryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The member states offered as filters, with names in English and Russian."""

    serializer_class = CountrySerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    pagination_class = None

    def get_queryset(self):
        return [CountrySerializer.for_code(code) for code in settings.CSTOCAL_COUNTRIES]

    def retrieve(self, request, code: str, *args, **kwargs):
        code = code.upper()
        if code not in countries:
            raise Http404
        return Response(CountrySerializer(CountrySerializer.for_code(code)).data)
