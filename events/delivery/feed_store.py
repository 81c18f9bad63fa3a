"""Feed bytes: built once per calendar change, a changed event written again alone,
and served from a file.

Writing an event's VEVENT costs about a tenth of a millisecond (vevent_writer.py,
from plain rows: feed_events.py), and compressing it a little more, so a feed is
never written whole on a request once its events have been seen:

- each event's VEVENT bytes are kept per process under a version of everything
  they depend on: the event's revision and update time and its series' names
  (per language and site address). A change to one event changes one version;
  every other VEVENT is reused as it is. They are not kept in the shared cache:
  writing them again costs less than storing them there and reading them back.
- a feed is written in batches of events, in the order of their ids, to a file
  in ``CSTOCAL_FEED_DIR``, with a gzip copy and the ETag computed on the way:
  memory holds one batch, never the feed. A batch whose events' versions are
  as they were in the feed's last version is copied from that version's files,
  plain and compressed (see FeedWriter), so one change costs one batch. The
  file is named by the calendar's change version and token and a digest of its
  bytes, so a file is never rewritten, and it is served with sendfile; older
  versions are removed when a new one is written (see feed_files.tidy for what else goes,
  and when).
- a small record (token, ETag, sizes) in the shared cache answers 304 and HEAD
  without opening the file, on any app server.

Two processes building the same version write the same bytes, each to its own
temporary file, moved into place atomically. A version may be removed between
the moment a request picks it and the moment it opens it (a newer version was
written meanwhile, or the folder made room): the request then serves the
current version instead (events/web/feeds.py). A version a request builds itself is
opened before it is moved into place, so no clean-up can take it away first;
once open, a file is sent whole even if it is removed, its descriptor keeping it.

What the shared cache holds is plain data (bytes, strings, numbers, tuples and
dicts of them), never an instance of a class of ours: a release that renames a
class must find the last release's entries merely unusable, and ignore them.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import logging
import marshal
import operator
import socket
from array import array
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from events.delivery import feed_background
from events.delivery.feed_files import (
    SHELVES,
    FeedWriter,
    Piece,
    StoredFeed,
    feed_dir,
    plain_path,
    tidy,
)
from events.delivery.stamp import recent_stamp, stamp_with_entry
from events.domain.ical.feed import (
    EMPTY_CALENDAR_ZONE,
    calendar_chunks,
    timezone_bytes,
)
from events.domain.ical.feed_events import FeedRows
from events.domain.ical.vevent_writer import vevents_direct
from events.models import CalendarStamp, ExerciseSeries

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO

    from icalendar import Calendar

    from events.models import EventQuerySet

logger = logging.getLogger(__name__)

# Raise when what a VEVENT holds changes, so no process or cache reuses old bytes.
FORMAT = 1
# Raise when the layout kept in the shared cache (see build) changes shape.
LAYOUT_FORMAT = 5
# Events read, looked up, serialised and compressed at a time: memory holds one
# batch, and a change costs the compression of one.
BATCH = 250
# Versions a build reads per query (see _versions).
VERSIONS_PAGE = 20 * BATCH
# How long the shared cache keeps a feed's record and layout.
FEED_SECONDS = 24 * 3600


# Per process: (language, site address) -> {event pk: (version, VEVENT bytes)},
# where the version is a hash of everything the bytes depend on besides the code
# (revision, update time, series names).
_vevents: dict[tuple[str, str], dict[int, tuple[int, bytes]]] = {}
# Bytes held in each of those, roughly (an entry replaced counts twice until the
# next complete build recounts).
_held_bytes: dict[tuple[str, str], int] = {}


def forget_process_memory() -> None:
    """Drop what this process holds of feeds (their VEVENT bytes, records and small
    bodies), as a new worker starts: after a database is swapped under a running
    process (a restored backup, a test's fresh database)."""
    _vevents.clear()
    _held_bytes.clear()
    _records.clear()
    _small.clear()


def _digest(*parts) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def record_key(key: str) -> str:
    """Where the shared cache records the latest version of the feed ``key``."""
    return "feedfile:" + _digest(FORMAT, key)


@dataclass
class BuildReport:
    """What one build did, logged at DEBUG as the record's ``feed_build``: how
    much of the last version it could copy, and what it had to serialise."""

    copied_batches: int = 0
    # The primary keys of each batch assembled from VEVENT bytes, in order.
    assembled: list[list[int]] = field(default_factory=list)
    # The events written afresh (not in this process's memory).
    serialised: list[int] = field(default_factory=list)


# Per process: the latest version of each feed this process has served.
_records: dict[str, StoredFeed] = {}
MAX_RECORDS = 1000


class Latest(NamedTuple):
    """The calendar's stamp, and the version of a feed built under it (None: not yet)."""

    stamp: CalendarStamp
    feed: StoredFeed | None


def latest(key: str, *, fresh: bool = False) -> Latest:
    """The calendar stamp, and the version of the feed ``key`` built under it if
    there is one. Within FEED_STAMP_SECONDS of the last look, from
    this process's memory (unless ``fresh``): the unchanged feed costs no round
    trip at all."""
    stamp = None if fresh else recent_stamp()
    if stamp is not None:
        feed = _records.get(key)
        if feed is not None and feed.token == str(stamp.token):
            return Latest(stamp, feed)
    stamp, value = stamp_with_entry(record_key(key))
    feed = StoredFeed.from_record(value)
    if feed is None or feed.token != str(stamp.token):
        return Latest(stamp, None)
    _remember(key, feed)
    return Latest(stamp, feed)


def _remember(key: str, feed: StoredFeed) -> None:
    if len(_records) >= MAX_RECORDS:
        _records.clear()
    _records[key] = feed


# A representation this small is kept in memory once read, for the latest
# version of its feed: sending bytes costs less than opening a file, and most
# filtered and single-event feeds are this small. At most one version per feed
# and MAX_SMALL feeds per process (8 MiB).
SMALL_BYTES = 64 * 1024
MAX_SMALL = 128
_small: dict[tuple[str, bool], tuple[str, bytes]] = {}


def body(feed: StoredFeed, *, gzip: bool) -> bytes | BinaryIO:
    """The bytes of a small representation, else its file, opened. Raises
    FileNotFoundError when this server has not written this version, or no
    longer has it."""
    kept = _small.get((_prefix_of(feed), gzip))
    if kept is not None and kept[0] == feed.name:
        return kept[1]
    path = feed.path(gzip=True) if gzip else plain_path(feed)
    return _served(feed, path.open("rb"), gzip=gzip)


def _prefix_of(feed: StoredFeed) -> str:
    return feed.name.split("-", 1)[0]


def _served(feed: StoredFeed, handle: BinaryIO, *, gzip: bool) -> bytes | BinaryIO:
    """What body() gives for ``feed``, from ``handle`` (an open file of it)."""
    if (feed.gzip_size if gzip else feed.size) > SMALL_BYTES:
        return handle
    with handle:
        data = handle.read()
    if len(_small) >= MAX_SMALL:
        _small.clear()
    _small[(_prefix_of(feed), gzip)] = (feed.name, data)
    return data


def build(key: str, stamp: CalendarStamp, *, shelf: str, **contents) -> StoredFeed:
    """Write the feed ``key`` for the calendar version ``stamp`` and record it,
    here and now, however long it takes. ``contents``: see _build."""
    return _build(key, stamp, shelf=shelf, serve=None, beside=False, **contents)[0]


def build_and_open(
    key: str, stamp: CalendarStamp, *, shelf: str, gzip: bool, **contents
) -> tuple[StoredFeed, bytes | BinaryIO]:
    """As build(), and the representation a request asked for, as body() gives
    it: opened before the file is in place, so no clean-up can remove it first.
    A large feed with no earlier version to copy is built beside the request
    (feed_background.py), which raises Preparing if it takes too long."""
    feed, handle = _build(key, stamp, shelf=shelf, serve=gzip, beside=True, **contents)
    if handle is None:  # _build opens one whenever serve is given
        return feed, body(feed, gzip=gzip)
    return feed, _served(feed, handle, gzip=gzip)


def _build(
    key: str,
    stamp: CalendarStamp,
    *,
    shelf: str,
    serve: bool | None,
    beside: bool,
    head: Calendar,
    events: EventQuerySet,
    base_url: str,
    language: str,
    complete: bool = False,
) -> tuple[StoredFeed, BinaryIO | None]:
    """Write the feed ``key`` for the calendar version ``stamp`` and record it;
    with ``serve`` not None, also return its gzip (True) or plain (False) file,
    opened.

    ``shelf`` says what the feed is (WHOLE, EVENT, FILTERED or SEARCH): how
    long its files stay. ``events`` is the feed's events in a fixed order;
    ``head`` its VCALENDAR properties. A batch of events whose rows are as they
    were in the latest version (or the latest on this server's disk) is copied
    from that version's files; the others are assembled from their events'
    VEVENT bytes. Building a ``complete`` feed (every event) also forgets this
    process's bytes of events that have left the calendar."""
    if shelf not in SHELVES:
        raise ValueError(shelf)
    directory = feed_dir()
    directory.mkdir(parents=True, exist_ok=True)
    token = str(stamp.token)
    prefix = shelf + _digest(FORMAT, key)
    name = f"{prefix}-{stamp.version}-{token}"
    tzids = set(
        events.exclude(time_zone="").order_by().values_list("time_zone", flat=True).distinct()
    )
    *opening, closing = calendar_chunks(head, tzids, ())
    series_objects = ExerciseSeries.objects.in_bulk()
    series = {pk: (item.name_en, item.name_ru) for pk, item in series_objects.items()}
    # Every batch's key covers the series names, which its events' VEVENTs show.
    series_bytes = marshal.dumps(tuple(sorted(series.items())), 2)
    vevent_key = (language, base_url)
    # The ids of a complete feed's events, in the feed's order: 8 bytes each.
    listed = array("q")
    # The latest version, from whichever server wrote it, and the latest on this
    # server's disk (the one to copy from when the latest is on another's).
    # Either may have been removed since: then a batch is assembled.
    layout_keys = [layout_key_of(key), layout_key_of(key, directory=directory)]
    sources = {}
    for value in cache.get_many(layout_keys).values():
        if layout := _layout(value):
            sources[layout[0].name] = layout
    rows = _versions(events)
    copyable = any(feed.path(gzip=True).exists() for feed, _ in sources.values())
    large = False
    if beside and not copyable:
        # No earlier version on this server's disk to copy from: every event is
        # to be written. Are there many? The first versions read tell, at no
        # query of their own.
        first = list(itertools.islice(rows, settings.CSTOCAL_FEED_BACKGROUND_EVENTS + 1))
        large = feed_background.is_large(len(first))
        rows = itertools.chain(first, rows)
        if large:
            # The build beside reads them again: nothing is held while it runs.
            del first, rows
    if large:
        # See feed_background.py.
        feed = feed_background.built_beside(
            key,
            token,
            lambda: build(
                key,
                stamp,
                shelf=shelf,
                head=head,
                events=events,
                base_url=base_url,
                language=language,
                complete=complete,
            ),
        )
        return feed, None
    report = BuildReport()
    feed_rows = FeedRows(series_objects, batch=BATCH)
    with FeedWriter(directory, list(sources.values())) as writer:
        for chunk in opening:
            writer.write(chunk)
        components_start = len(opening[0])
        for batch in itertools.batched(rows, BATCH):
            # A digest, not hash(): the same in every process, as the layout is
            # shared. (marshal's format 2 has no back-references, so equal rows
            # give equal bytes; it is only a key, and different rows never do.)
            batch_key = hashlib.blake2b(
                series_bytes + marshal.dumps(batch, 2), digest_size=16
            ).digest()
            if complete:
                listed.extend(map(itemgetter(0), batch))
            if writer.reuse(batch_key):
                report.copied_batches += 1
            else:
                report.assembled.append([row[0] for row in batch])
                vevents = _vevents_of(
                    batch,
                    series,
                    feed_rows,
                    base_url=base_url,
                    language=language,
                    report=report,
                )
                writer.write(b"".join(vevents), key=batch_key)
        if writer.size == components_start:
            # No VTIMEZONE and no VEVENT: see EMPTY_CALENDAR_ZONE.
            writer.write(timezone_bytes(EMPTY_CALENDAR_ZONE))
        writer.write(closing)
        feed, handle = writer.finish(name=name, token=token, serve=serve)
    if complete:
        _forget_all_but(vevent_key, listed)
    cache.set(record_key(key), feed.as_record(), FEED_SECONDS)
    _remember(key, feed)
    pieces = {batch_key: tuple(piece) for batch_key, piece in writer.pieces.items()}
    cache.set_many(dict.fromkeys(layout_keys, (feed.as_record(), pieces)), FEED_SECONDS)
    tidy(directory, feed)
    logger.debug(
        "feed %s: %d batches copied, %d assembled, %d events serialised",
        feed.name,
        report.copied_batches,
        len(report.assembled),
        len(report.serialised),
        extra={"feed_build": report},
    )
    return feed, handle


def layout_key_of(key: str, *, directory: Path | None = None) -> str:
    """Where the shared cache keeps the layout (a few hundred bytes per batch) of
    the latest version of feed ``key``; with ``directory``, of the latest one
    written there, on this host. As for VEVENT bytes, a release that writes
    other bytes looks elsewhere."""
    where = (socket.gethostname(), directory.resolve()) if directory else ()
    return "feedlayout:" + _digest(FORMAT, icalendar.__version__, LAYOUT_FORMAT, key, *where)


def _layout(value: object) -> tuple[StoredFeed, dict[bytes, Piece]] | None:
    """A layout as build() stores it, or None for anything else (an entry an
    older release wrote, say): a build never depends on one."""
    if type(value) is not tuple or len(value) != 2 or type(value[1]) is not dict:
        return None
    feed = StoredFeed.from_record(value[0])
    if feed is None:
        return None
    pieces = {}
    for batch_key, piece in value[1].items():
        if (
            type(batch_key) is not bytes
            or type(piece) is not tuple
            or len(piece) != len(Piece._fields)
            or not all(type(number) is int for number in piece[:-1])
            or type(piece[-1]) is not bytes
        ):
            return None
        pieces[batch_key] = Piece(*piece)
    return feed, pieces


def _versions(events: EventQuerySet) -> Iterator[tuple[Any, ...]]:
    """The events' versions, in the feed's order: (pk, revision, update time,
    series id). The update time comes as text: converting ten thousand
    timestamps to datetimes costs more than the query. A feed in id order (every
    calendar feed) is read VERSIONS_PAGE at a time, from the id the last page
    ended on, so a build never holds every version at once (100,000 of them are
    some 20 MB; a client-side cursor, unlike a server-side one, holds its whole
    result)."""
    versions = events.annotate(updated=Cast("updated_at", TextField())).values_list(
        "pk", "revision", "updated", "series_id"
    )
    if tuple(events.query.order_by) != ("pk",):
        return iter(versions)
    return _paged(versions)


def _paged(versions: QuerySet) -> Iterator[tuple[Any, ...]]:
    page = list(versions[:VERSIONS_PAGE])
    while page:
        yield from page
        if len(page) < VERSIONS_PAGE:
            return
        page = list(versions.filter(pk__gt=page[-1][0])[:VERSIONS_PAGE])


def _vevents_of(
    batch: tuple[tuple[Any, ...], ...],
    series: dict[int, tuple[str, str]],
    rows: FeedRows,
    *,
    base_url: str,
    language: str,
    report: BuildReport,
) -> list[bytes]:
    """The VEVENT bytes of a batch's events, in order: from this process, else
    written (and then kept, this process keeping no more than
    CSTOCAL_FEED_MEMORY_BYTES of them)."""
    vevent_key = (language, base_url)
    known = _vevents.setdefault(vevent_key, {})
    chunks = []
    missing = []
    for pk, revision, updated, series_id in batch:
        series_names = series.get(series_id, (None, None))
        # The version, hashed: an int per event instead of a tuple of objects.
        # (Python's hash differs between processes; it never leaves this one.)
        version = hash((revision, updated, *series_names))
        entry = known.get(pk)
        if entry is not None and entry[0] == version:
            chunks.append(entry[1])
        else:
            chunks.append(b"")
            missing.append((len(chunks) - 1, pk, version))
    if missing:
        made = _written(missing, rows, base_url=base_url, language=language, report=report)
        for index, pk, version in missing:
            chunks[index] = made[pk]
            replaced = known.pop(pk, None)
            held = _held_bytes.get(vevent_key, 0) - (len(replaced[1]) if replaced else 0)
            if sum(_held_bytes.values()) + len(made[pk]) <= settings.CSTOCAL_FEED_MEMORY_BYTES:
                known[pk] = (version, made[pk])
                held += len(made[pk])
            _held_bytes[vevent_key] = held
    return chunks


def _forget_all_but(vevent_key: tuple[str, str], listed: array[int]) -> None:
    """Drop the bytes of events no longer in the calendar, whose ids are ``listed``."""
    known = _vevents.get(vevent_key, {})
    # A complete feed is in id order (calendar_feed_contents), so its ids are
    # looked up by bisection: a set of them would be the largest thing the build
    # holds at its end (7 MB at 100,000 events).
    if not all(map(operator.lt, listed, itertools.islice(listed, 1, None))):
        listed = array("q", sorted(listed))

    def is_listed(pk: int) -> bool:
        index = bisect.bisect_left(listed, pk)
        return index < len(listed) and listed[index] == pk

    if not all(map(is_listed, known)):
        known = {pk: entry for pk, entry in known.items() if is_listed(pk)}
        _vevents[vevent_key] = known
        _held_bytes[vevent_key] = sum(len(vevent) for _, vevent in known.values())


def _written(
    missing: list[tuple[int, int, int]],
    rows: FeedRows,
    *,
    base_url: str,
    language: str,
    report: BuildReport,
) -> dict[int, bytes]:
    """VEVENT bytes by primary key, written afresh, for the (index, pk, version)
    this process lacks. (Writing an event costs about a tenth of a millisecond:
    less than keeping its bytes in the shared cache and reading them back, so
    they are kept in this process only.)"""
    pks = [pk for _, pk, _ in missing]
    events = rows.of(pks)
    # An event deleted since its row was read is simply left out.
    made = dict.fromkeys(pks, b"")
    written = vevents_direct(events, base_url=base_url, language=language)
    made.update(zip((event.pk for event in events), written, strict=True))
    report.serialised.extend(pks)
    return made
