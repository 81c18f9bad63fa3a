"""Feed files on disk: how a version is named, written and bounded.

A version of a feed is two files in ``CSTOCAL_FEED_DIR``, the iCalendar bytes and
a gzip copy, named "<shelf><digest of the address>-<calendar version>-<calendar
token>-<bytes' digest>"; they are written whole to temporary files and moved into
place, never rewritten. What a feed is (its shelf) decides how long its files
stay (``tidy``). ``FeedWriter`` writes them batch by batch, copying unchanged
batches from an earlier version.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gzip as gzip_module
import hashlib
import logging
import os
import re
import struct
import tempfile
import time
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future
    from typing import BinaryIO

logger = logging.getLogger(__name__)

# Segments are compressed once (see FeedWriter), so the usual level will do.
GZIP_LEVEL = 6

# What a feed is decides how long its files stay; it is the first letter of
# their names. Anyone can ask for any filter or search, so those share a budget
# and make room among themselves: never at the cost of the whole calendar, which
# every subscriber polls, or of an event's own feed.
WHOLE = "w"  # the whole calendar, in one language: only its older versions go
EVENT = "e"  # one event's feed
FILTERED = "f"  # kind, country or series
SEARCH = "s"  # with a search text; searches make room before other filters
SHELVES = (WHOLE, EVENT, FILTERED, SEARCH)
# Most versions of filtered feeds (and searches) kept on disk, and most bytes
# (plain and gzip) they may take together; beyond either the oldest go.
MAX_FILTERED_FEEDS = 100
FILTERED_BYTES = 256 * 2**20
# Most versions of single-event feeds kept on disk; beyond it the oldest go.
MAX_EVENT_FEEDS = 2000
# A version of a feed newer than the one just written is another request's
# (left alone) unless it is this old: then it was written before the database
# was restored to an earlier version number.
STALE_SECONDS = 3600


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

    def as_record(self) -> tuple[str, str, str, int, int]:
        """The feed as the shared cache keeps it."""
        return (self.name, self.token, self.etag, self.size, self.gzip_size)

    @classmethod
    def from_record(cls, value: object) -> StoredFeed | None:
        """The feed as_record wrote, or None for anything else (an entry an older
        release wrote, say)."""
        if (
            type(value) is tuple
            and len(value) == 5
            and all(type(part) is str for part in value[:3])
            and all(type(part) is int for part in value[3:])
            and FILE_NAME.fullmatch(value[0])
        ):
            return cls(*value)
        return None


# "<shelf><digest of the address>-<calendar version>-<calendar token>-<bytes' digest>"
FILE_NAME = re.compile(r"([wefs])([0-9a-f]{32})-([0-9]+)-([0-9a-f-]{36})-[0-9a-f]{16}")


def feed_dir() -> Path:
    return Path(settings.CSTOCAL_FEED_DIR)


class Piece(NamedTuple):
    """Where one batch of events lies in the gzip file of a feed version (kept in
    the shared cache as a plain tuple)."""

    offset: int  # in the plain bytes
    size: int
    gzip_offset: int
    gzip_size: int
    crc: int  # CRC-32 of the plain bytes
    digest: bytes  # SHA-256 of the plain bytes


class FeedWriter:
    """Writes a feed's gzip file to a temporary file, and moves it into place
    only when complete. The plain file is written from it when first asked for
    (``plain_path``): nearly every client asks for gzip.

    The gzip file is one gzip member whose deflate stream is the concatenation
    of independently compressed segments, one per batch of events, each ending
    on a full flush (as pigz does): a segment never refers back to another, so
    a batch whose rows did not change is copied from the file of an earlier
    version (``reuse``), and a change costs the serialising and compressing of
    one batch. The ETag is the SHA-256 of the pieces' SHA-256s, and the gzip
    trailer's CRC-32 the pieces' CRC-32s combined (zlib's ``crc32_combine``), so
    a copied batch is neither hashed again nor read uncompressed.

    Compressing, hashing and writing a batch happen on a thread of the writer's
    own while the caller serialises the next batch (zlib, hashlib and file writes
    release the GIL), in the order the batches were given; at most QUEUED
    batches wait for it, so a build holds no more than that beyond its own. A
    small feed, all of whose writes are small, never starts the thread."""

    QUEUED = 4
    # A write of fewer bytes, with nothing queued before it, is done at once.
    INLINE_BYTES = 64 * 1024

    def __init__(
        self, directory: Path, sources: list[tuple[StoredFeed, dict[bytes, Piece]]]
    ) -> None:
        self.directory = directory
        self.sources = sources
        # Where each batch lies in these files, by its key (a digest of its rows),
        # kept in the shared cache for whichever process builds the next version.
        self.pieces: dict[bytes, Piece] = {}
        self.sha = hashlib.sha256()
        self.crc = 0
        self._size = 0
        self.gzip_size = 0
        # (gzip file, pieces) of each earlier version still on disk.
        self.old: list[tuple[int, dict[bytes, Piece]]] = []
        self._thread: ThreadPoolExecutor | None = None
        self._queued: deque[Future[None]] = deque()

    @property
    def size(self) -> int:
        """The plain bytes written so far, every write given so far included."""
        self._wait()
        return self._size

    def __enter__(self) -> FeedWriter:
        self.gzip = tempfile.NamedTemporaryFile(dir=self.directory, suffix=".tmp", delete=False)
        self.gzip.write(GZIP_HEADER)
        self.gzip_size = len(GZIP_HEADER)
        for feed, pieces in self.sources:
            # Open now: the file stays readable should another process remove it.
            with contextlib.suppress(OSError):
                self.old.append((os.open(feed.path(gzip=True), os.O_RDONLY), pieces))
        return self

    def write(self, data: bytes, *, key: bytes | None = None) -> None:
        self._later(len(data), self._compressed, data, key)

    def _compressed(self, data: bytes, key: bytes | None) -> None:
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -15)
        segment = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
        self._append(len(data), segment, zlib.crc32(data), hashlib.sha256(data).digest(), key)

    def _later(self, size: int, work: Callable[..., None], *args: Any) -> None:
        """``work(*args)`` on the writer's thread, after everything given before it."""
        if self._thread is None:
            if size < self.INLINE_BYTES:
                work(*args)
                return
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="feed-writer")
        while len(self._queued) >= self.QUEUED:
            self._queued.popleft().result()
        self._queued.append(self._thread.submit(work, *args))

    def _wait(self) -> None:
        """Everything given so far written (and its error raised, if any)."""
        while self._queued:
            self._queued.popleft().result()

    def reuse(self, key: bytes) -> bool:
        """Copy the batch ``key`` from an earlier version, if one has it intact."""
        for gzip, pieces in self.old:
            piece = pieces.get(key)
            if piece is None:
                continue
            # Files are moved into place whole and never rewritten: what is there
            # at the right length is what was written.
            segment = os.pread(gzip, piece.gzip_size, piece.gzip_offset)
            if len(segment) != piece.gzip_size:
                continue
            self._later(0, self._append, piece.size, segment, piece.crc, piece.digest, key)
            return True
        return False

    def _append(
        self, size: int, segment: bytes, crc: int, digest: bytes, key: bytes | None
    ) -> None:
        if key is not None:
            self.pieces[key] = Piece(self._size, size, self.gzip_size, len(segment), crc, digest)
        self.gzip.write(segment)
        self.sha.update(digest)
        self.crc = crc32_combine(self.crc, crc, size)
        self._size += size
        self.gzip_size += len(segment)

    def finish(
        self, *, name: str, token: str, serve: bool | None
    ) -> tuple[StoredFeed, BinaryIO | None]:
        """Move the file into place as version ``name`` (of these bytes); with
        ``serve`` not None, return the gzip (True) or plain file opened first, so
        that it stays readable whatever removes it once it is in place."""
        self._wait()
        # An empty final block, then the CRC-32 and the length of the whole.
        self.gzip.write(zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -15).flush())
        self.gzip.write(struct.pack("<II", self.crc, self._size & 0xFFFFFFFF))
        gzip_size = self.gzip.tell()
        self.gzip.close()
        digest = self.sha.hexdigest()
        feed = StoredFeed(
            # The bytes are named too: two builds under one stamp can read the
            # events at two moments (a request may trust a stamp a change has just
            # moved), and reuse() copies from a file on trust that its bytes are
            # those its layout describes.
            name=f"{name}-{digest[:16]}",
            token=token,
            etag=f'"{digest[:40]}"',
            size=self._size,
            gzip_size=gzip_size,
        )
        opened: BinaryIO | None = None
        if serve:
            # The caller's to close (a response does, once sent).
            opened = Path(self.gzip.name).open("rb")  # noqa: SIM115
        Path(self.gzip.name).replace(feed.path(gzip=True))
        if serve is False:
            opened = plain_path(feed).open("rb")
        return feed, opened

    def __exit__(self, *exc_info) -> None:
        if self._thread is not None:
            # Nothing left running against the file about to be closed.
            self._thread.shutdown(wait=True, cancel_futures=True)
        self.gzip.close()
        Path(self.gzip.name).unlink(missing_ok=True)
        for gzip, _ in self.old:
            os.close(gzip)


# RFC 1952 header: deflate, no name, no time (the bytes depend on nothing else).
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
# Plain bytes are written from the gzip file this many at a time.
INFLATE_CHUNK = 1 << 20


def plain_path(feed: StoredFeed) -> Path:
    """The plain file of ``feed``, written from its gzip file if this server has
    not yet (a client that does not take gzip asked for it). Raises
    FileNotFoundError when the gzip file is gone too."""
    path = feed.path()
    if path.exists():
        return path
    with (
        gzip_module.open(feed.path(gzip=True), "rb") as packed,
        tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as out,
    ):
        try:
            while chunk := packed.read(INFLATE_CHUNK):
                out.write(chunk)
        except BaseException:
            Path(out.name).unlink(missing_ok=True)
            raise
    # Another process may have written the same bytes meanwhile: either will do.
    Path(out.name).replace(path)
    return path


def _system_crc32_combine() -> Callable[[int, int, int], int] | None:
    """zlib's crc32_combine, from the zlib the system has (Python's zlib module
    does not offer it), or None where there is none to load."""
    name = ctypes.util.find_library("z")
    if name is None:
        return None
    try:
        # The 64-bit form: crc32_combine's length is an off_t, 32 bits on some systems.
        function = ctypes.CDLL(name).crc32_combine64
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_ulong, ctypes.c_ulong, ctypes.c_int64)
    function.restype = ctypes.c_ulong
    return function


_crc32_combine = _system_crc32_combine()


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of bytes A followed by bytes B, from A's (``crc1``), B's
    (``crc2``) and B's length: zlib's crc32_combine, or without it the long way
    (the CRC of ``length2`` zeros folded in, which costs a pass over them)."""
    if _crc32_combine is not None:
        return _crc32_combine(crc1, crc2, length2) & 0xFFFFFFFF
    # CRC(A + B) = CRC(A + zeros) xor CRC(zeros) xor CRC(B), zeros being len(B)
    # zero bytes: a property of any CRC.
    zeros = bytes(length2)
    return zlib.crc32(zeros, crc1) ^ zlib.crc32(zeros) ^ crc2


def tidy(directory: Path, written: StoredFeed) -> None:
    """Remove what the folder no longer needs, now that ``written`` is in place:

    - the older versions of the same feed (a newer one, being another request's,
      stays unless STALE_SECONDS old), and files named as this release does not
      name them once STALE_SECONDS old;
    - beyond MAX_FILTERED_FEEDS versions of filtered feeds or FILTERED_BYTES of
      them, the oldest: files named otherwise first, then searches, then other
      filters;
    - beyond MAX_EVENT_FEEDS versions of single-event feeds, the oldest.

    The whole calendar's current versions are never removed, nor is ``written``.
    Another process may be removing the same files: what has gone is skipped."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        logger.warning("feed files: %s could not be listed", directory, exc_info=True)
        return
    versions: dict[str, list[os.DirEntry]] = {}
    for entry in entries:
        if entry.name.endswith((".ics", ".ics.gz")):
            stem = entry.name.removesuffix(".gz").removesuffix(".ics")
            versions.setdefault(stem, []).append(entry)
    versions.pop(written.name, None)
    own_name = FILE_NAME.fullmatch(written.name)
    if own_name is None:  # not a name this module writes
        return
    own_shelf, own_digest, own_version, _ = own_name.groups()
    # Only what this build can have pushed over a bound is weighed against it.
    weigh_filtered = own_shelf in (FILTERED, SEARCH)
    now = time.time()
    events: list[list[os.DirEntry]] = []
    # (rank, written at, bytes, files), rank 0 going first.
    filtered: list[tuple[int, float, int, list[os.DirEntry]]] = []
    for stem, files in versions.items():
        name = FILE_NAME.fullmatch(stem)
        shelf, digest, version, _ = name.groups() if name else (None, None, "0", None)
        same_feed = (shelf, digest) == (own_shelf, own_digest)
        if not same_feed:
            if shelf == WHOLE:
                continue  # never removed
            if shelf == EVENT:
                if own_shelf == EVENT:
                    events.append(files)
                continue
            if name and not weigh_filtered:
                continue
        try:
            written_at, size = _age_and_size(files)
        except FileNotFoundError:
            continue
        stale = written_at < now - STALE_SECONDS
        if (same_feed and int(version) < int(own_version)) or (stale and (same_feed or not name)):
            _unlink(files)
        elif not same_feed and weigh_filtered:
            rank = {None: 0, SEARCH: 1, FILTERED: 2}[shelf]
            filtered.append((rank, written_at, size, files))
    if len(events) >= MAX_EVENT_FEEDS:
        aged = []
        for files in events:
            with contextlib.suppress(FileNotFoundError):
                aged.append((_age_and_size(files)[0], files))
        aged.sort(key=itemgetter(0))
        for _, files in aged[: len(aged) + 1 - MAX_EVENT_FEEDS]:
            _unlink(files)
    if weigh_filtered:
        filtered.sort(key=itemgetter(0, 1))
        count = len(filtered) + 1  # and the version just written, which stays
        size = sum(held for _, _, held, _ in filtered) + written.size + written.gzip_size
        for _, _, held, files in filtered:
            if count <= MAX_FILTERED_FEEDS and size <= FILTERED_BYTES:
                break
            _unlink(files)
            count, size = count - 1, size - held


def _age_and_size(files: list[os.DirEntry]) -> tuple[float, int]:
    """When a version was written, and the bytes its files take."""
    stats = [entry.stat() for entry in files]
    return max(stat.st_mtime for stat in stats), sum(stat.st_size for stat in stats)


def _unlink(files: list[os.DirEntry]) -> None:
    for entry in files:
        Path(entry.path).unlink(missing_ok=True)
