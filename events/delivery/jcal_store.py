"""jCal versions of the feeds, kept in the shared cache under the calendar change stamp.

A feed's jCal is written from the iCalendar bytes the feed store keeps for the
same address, so it holds exactly what the feed does and costs no query of its
own; it is written once per calendar version, on whichever app server is asked
first, and shared. Two entries per feed:

- a small record (the stamp's token, the ETag and the sizes), read in the same
  round trip as the stamp: an unchanged jCal answers 304 with no query and
  without fetching its body;
- the body, plain and gzipped, read only to send it.

Both are plain data (strings, bytes, numbers, tuples), never an instance of a
class of ours, so an entry an older release wrote reads as a miss.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.core.cache import cache
from django.utils.http import quote_etag
from django.utils.text import compress_string

from events.delivery.stamp import stamp_with_entry
from events.domain.ical.jcal import jcal_bytes

if TYPE_CHECKING:
    from events.models import CalendarStamp

# Raise when what the entries hold, or how the JSON is written, changes.
FORMAT = 1
# How long the shared cache keeps a jCal's record and body (as a feed's record).
JCAL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class JcalVersion:
    """One version of one feed's jCal: the stamp token it was built under, its
    strong ETag and its sizes."""

    token: str
    etag: str
    size: int
    gzip_size: int

    @property
    def gzip_etag(self) -> str:
        # A strong ETag names one representation; the gzip one is another.
        return self.etag[:-1] + '-gzip"'

    def as_record(self) -> tuple[str, str, int, int]:
        return (self.token, self.etag, self.size, self.gzip_size)

    @classmethod
    def from_record(cls, value: object) -> JcalVersion | None:
        """The version as_record wrote, or None for anything else."""
        if (
            type(value) is tuple
            and len(value) == 4
            and all(type(part) is str for part in value[:2])
            and all(type(part) is int for part in value[2:])
        ):
            return cls(*value)
        return None


class Latest(NamedTuple):
    """The calendar's stamp, and the jCal built under it (None: not yet)."""

    stamp: CalendarStamp
    version: JcalVersion | None


class Built(NamedTuple):
    stamp: CalendarStamp
    version: JcalVersion
    plain: bytes
    packed: bytes


def _digest(key: str) -> str:
    return hashlib.blake2b(f"{FORMAT}|{key}".encode(), digest_size=16).hexdigest()


def record_key(key: str) -> str:
    """Where the shared cache keeps the record of the jCal of the feed ``key``."""
    return "jcalrecord:" + _digest(key)


def body_key(key: str) -> str:
    """Where the shared cache keeps the body of the jCal of the feed ``key``."""
    return "jcalbody:" + _digest(key)


def latest(key: str) -> Latest:
    """The calendar stamp, and the jCal of the feed ``key`` built under it if
    there is one: one round trip to the cache, and no query while the stamp is
    cached."""
    stamp, value = stamp_with_entry(record_key(key))
    version = JcalVersion.from_record(value)
    if version is None or version.token != str(stamp.token):
        return Latest(stamp, None)
    return Latest(stamp, version)


def body(key: str, version: JcalVersion, *, gzip: bool) -> bytes | None:
    """The body of ``version``, gzipped or plain; None when the cache no longer
    has it (evicted, or replaced by a newer version's)."""
    value = cache.get(body_key(key))
    if (
        type(value) is tuple
        and len(value) == 3
        and value[0] == version.etag
        and type(value[1]) is bytes
        and type(value[2]) is bytes
    ):
        return value[2] if gzip else value[1]
    return None


def build(key: str, stamp: CalendarStamp, ics: bytes) -> Built:
    """Write the jCal of the feed ``key`` from its iCalendar bytes ``ics``
    (built under ``stamp``), and keep it in the shared cache."""
    plain = jcal_bytes(ics)
    packed = compress_string(plain)
    etag = quote_etag(hashlib.sha256(plain).hexdigest()[:32])
    version = JcalVersion(str(stamp.token), etag, len(plain), len(packed))
    cache.set_many(
        {record_key(key): version.as_record(), body_key(key): (etag, plain, packed)},
        JCAL_SECONDS,
    )
    return Built(stamp, version, plain, packed)
