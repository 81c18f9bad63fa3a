"""Feed bytes: built once per calendar change, a changed event re-serialised alone,
and served from a file.

Serialising an event with icalendar costs a few hundred microseconds, so a feed
is never serialised whole on a request once its events have been seen:

- each event's VEVENT bytes are kept per process (and in the shared cache, for a
  process that has not seen them yet) under a digest of everything they depend
  on: the event's revision and update time, its series' names, the language
  and the site address. A change to one event changes one digest; every other
  VEVENT is reused as it is.
- a feed is assembled from those bytes, in the order of the events' ids, and streamed to a file
  in ``CSTOCAL_FEED_DIR``, with a gzip copy and the ETag computed on the way:
  memory holds one batch of events, never the feed. The file is named by the
  calendar's change token, so a file is never rewritten, and it is served with
  sendfile; older versions are removed when a new one is written.
- a small record (token, ETag, sizes) in the shared cache answers 304 and HEAD
  without opening the file, on any app server.

Two processes building the same version write the same bytes, each to its own
temporary file, moved into place atomically.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import struct
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.db.models import TextField
from django.db.models.functions import Cast

from events.ical import calendar_chunks, vevent_bytes
from events.models import CalendarStamp, Event

if TYPE_CHECKING:
    from collections.abc import Iterator

    from icalendar import Calendar

    from events.models import EventQuerySet

logger = logging.getLogger(__name__)

# Raise when what a VEVENT holds changes, so no process or cache reuses old bytes.
FORMAT = 1
# Events read, looked up and serialised at a time.
BATCH = 1000
# Segments are compressed once (see _FeedWriter), so the usual level will do.
GZIP_LEVEL = 6
# How long the shared cache keeps a feed's record and an event's bytes.
FEED_SECONDS = 24 * 3600
VEVENT_SECONDS = 7 * 24 * 3600
# Most feed versions kept on disk, whatever their addresses; the oldest go first.
MAX_FILES = 400

# Per process: (language, site address) -> {event pk: (version, VEVENT bytes)},
# where the version is a hash of everything the bytes depend on besides the code
# (revision, update time, series names).
_vevents: dict[tuple[str, str], dict[int, tuple[int, bytes]]] = {}
# Bytes held in each of those, roughly (an entry replaced counts twice until the
# next complete build recounts).
_held_bytes: dict[tuple[str, str], int] = {}


@dataclass(frozen=True)
class StoredFeed:
    """One version of one feed, as written to disk."""

    name: str
    token: str
    etag: str
    size: int
    gzip_size: int

    @property
    def gzip_etag(self) -> str:
        # A strong ETag names one representation; the gzip one is another.
        return self.etag[:-1] + '-gzip"'

    def path(self, *, gzip: bool = False) -> Path:
        return feed_dir() / (self.name + (".ics.gz" if gzip else ".ics"))


def feed_dir() -> Path:
    return Path(settings.CSTOCAL_FEED_DIR)


def _digest(*parts) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def record_key(key: str) -> str:
    """Where the shared cache records the latest version of the feed ``key``."""
    return "feedfile:" + _digest(FORMAT, key)


# Per process: the latest version of each feed this process has served.
_records: dict[str, StoredFeed] = {}
MAX_RECORDS = 1000


def current(key: str) -> tuple[CalendarStamp, StoredFeed | None]:
    """The calendar stamp, and the version of the feed ``key`` built under it if
    there is one. Within CalendarStamp.FEED_STAMP_SECONDS of the last look, from
    this process's memory: the unchanged feed costs no round trip at all."""
    stamp = CalendarStamp.recent()
    if stamp is not None:
        feed = _records.get(key)
        if feed is not None and feed.token == str(stamp.token):
            return stamp, feed
    stamp, feed = CalendarStamp.current_with(record_key(key))
    if not isinstance(feed, StoredFeed) or feed.token != str(stamp.token):
        return stamp, None
    _remember(key, feed)
    return stamp, feed


def _remember(key: str, feed: StoredFeed) -> None:
    if len(_records) >= MAX_RECORDS:
        _records.clear()
    _records[key] = feed


def build(
    key: str,
    token: str,
    *,
    head: Calendar,
    events: EventQuerySet,
    base_url: str,
    language: str,
    complete: bool = False,
) -> StoredFeed:
    """Write the feed ``key`` for the calendar version ``token`` and record it.

    ``events`` is the feed's events in a fixed order; ``head`` its VCALENDAR
    properties. Building a ``complete`` feed (every event) also forgets this
    process's bytes of events that have left the calendar."""
    directory = feed_dir()
    directory.mkdir(parents=True, exist_ok=True)
    prefix = _digest(FORMAT, key)
    name = f"{prefix}-{token}"
    tzids = set(
        events.exclude(time_zone="").order_by().values_list("time_zone", flat=True).distinct()
    )
    vevents = _vevents_of(events, base_url=base_url, language=language, prune=complete)
    with _FeedWriter(directory) as writer:
        for chunk in calendar_chunks(head, tzids, vevents):
            writer.write(chunk)
        feed = writer.finish(name=name, token=token)
    cache.set(record_key(key), feed, FEED_SECONDS)
    _remember(key, feed)
    _remove_old(directory, prefix=prefix, keep=name)
    return feed


def _vevents_of(
    events: EventQuerySet, *, base_url: str, language: str, prune: bool
) -> Iterator[bytes]:
    """The events' VEVENT bytes in order, a batch at a time: from this process,
    else from the shared cache, else serialised (and then kept in both, this
    process keeping no more than CSTOCAL_FEED_MEMORY_BYTES of them)."""
    memo = (language, base_url)
    known = _vevents.setdefault(memo, {})
    seen: dict[int, tuple[int, bytes]] = {}
    # The update time as text: converting ten thousand timestamps to datetimes
    # costs more than the query.
    rows = (
        events.annotate(updated=Cast("updated_at", TextField()))
        .values_list("pk", "revision", "updated", "series__name_en", "series__name_ru")
        .iterator(chunk_size=5 * BATCH)
    )
    for batch in itertools.batched(rows, BATCH):
        chunks = []
        missing = []
        for row in batch:
            # The version, hashed: an int per event instead of a tuple of objects.
            # (Python's hash differs between processes; it never leaves this one.)
            pk, version = row[0], hash(row[1:])
            entry = known.get(pk)
            if entry is not None and entry[0] == version:
                chunks.append(entry[1])
            else:
                chunks.append(None)
                missing.append((len(chunks) - 1, pk, version, row))
        if missing:
            made = _shared_or_serialised(missing, base_url=base_url, language=language)
            for index, pk, version, _ in missing:
                chunks[index] = made[pk]
                if _held() + len(made[pk]) <= settings.CSTOCAL_FEED_MEMORY_BYTES:
                    known[pk] = (version, made[pk])
                    _held_bytes[memo] = _held_bytes.get(memo, 0) + len(made[pk])
        if prune:
            seen.update((row[0], known[row[0]]) for row in batch if row[0] in known)
        yield b"".join(chunks)
    if prune:
        _vevents[memo] = seen
        _held_bytes[memo] = sum(len(vevent) for _, vevent in seen.values())


def _held() -> int:
    return sum(_held_bytes.values())


def _shared_or_serialised(missing, *, base_url: str, language: str) -> dict[int, bytes]:
    """VEVENT bytes by primary key, for the (index, pk, version, row) the process lacks."""
    keys = {
        pk: "vevent:" + _digest(FORMAT, icalendar.__version__, language, base_url, *row)
        for _, pk, _, row in missing
    }
    shared = cache.get_many(list(keys.values()))
    found = {pk: shared[key] for pk, key in keys.items() if key in shared}
    to_build = [pk for pk in keys if pk not in found]
    if to_build:
        events = Event.objects.for_display().in_bulk(to_build)
        # An event deleted since its row was read is simply left out.
        made = {
            pk: vevent_bytes(events[pk], base_url=base_url, language=language)
            if pk in events
            else b""
            for pk in to_build
        }
        cache.set_many({keys[pk]: value for pk, value in made.items()}, VEVENT_SECONDS)
        found.update(made)
    return found


class _FeedWriter:
    """Writes a feed and its gzip copy to temporary files, hashing on the way,
    and moves both into place only when complete.

    The gzip copy is one gzip member whose deflate stream is the concatenation
    of independently compressed segments, one per batch of events, each ending
    on a full flush (as pigz does): a segment never refers back to another, so
    a batch whose bytes did not change reuses its compressed bytes from the
    last build, and a change costs the compression of one batch."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.sha = hashlib.sha256()
        self.crc = 0
        self.size = 0

    def __enter__(self) -> _FeedWriter:
        self.plain = tempfile.NamedTemporaryFile(dir=self.directory, suffix=".tmp", delete=False)
        self.gzip = tempfile.NamedTemporaryFile(dir=self.directory, suffix=".tmp", delete=False)
        # RFC 1952 header: deflate, no name, no time (the bytes depend on nothing else).
        self.gzip.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
        return self

    def write(self, data: bytes) -> None:
        self.plain.write(data)
        self.gzip.write(_deflated(data))
        self.sha.update(data)
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)

    def finish(self, *, name: str, token: str) -> StoredFeed:
        # An empty final block, then the CRC-32 and the length of the whole.
        self.gzip.write(zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -15).flush())
        self.gzip.write(struct.pack("<II", self.crc, self.size & 0xFFFFFFFF))
        gzip_size = self.gzip.tell()
        for handle in (self.plain, self.gzip):
            handle.close()
        feed = StoredFeed(
            name=name,
            token=token,
            etag=f'"{self.sha.hexdigest()[:40]}"',
            size=self.size,
            gzip_size=gzip_size,
        )
        Path(self.gzip.name).replace(feed.path(gzip=True))
        Path(self.plain.name).replace(feed.path())
        return feed

    def __exit__(self, *exc_info) -> None:
        for handle in (self.plain, self.gzip):
            handle.close()
            Path(handle.name).unlink(missing_ok=True)


# Per process: compressed segments by a digest of their bytes, from the last builds.
_segments: dict[bytes, bytes] = {}
MAX_SEGMENTS = 2000


def _deflated(data: bytes) -> bytes:
    """``data`` as raw deflate blocks ending on a full flush, reused when seen before."""
    digest = hashlib.blake2b(data, digest_size=16).digest()
    segment = _segments.get(digest)
    if segment is None:
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -15)
        segment = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
        if len(_segments) >= MAX_SEGMENTS:
            _segments.clear()
        _segments[digest] = segment
    return segment


def _remove_old(directory: Path, *, prefix: str, keep: str) -> None:
    """Other versions of this feed, and the oldest files beyond MAX_FILES."""
    try:
        files = [entry for entry in os.scandir(directory) if entry.name.endswith(".ics")]
        for entry in files:
            if entry.name.startswith(prefix) and not entry.name.startswith(keep):
                _unlink(entry.path)
        files = [entry for entry in files if Path(entry.path).exists()]
        if len(files) > MAX_FILES:
            files.sort(key=lambda entry: entry.stat().st_mtime)
            for entry in files[: len(files) - MAX_FILES]:
                _unlink(entry.path)
    except OSError:
        # Another process removed the same files first; nothing is lost.
        logger.debug("feed files: cleanup raced another process", exc_info=True)


def _unlink(path: str) -> None:
    for name in (path, path + ".gz"):
        Path(name).unlink(missing_ok=True)
