"""What a webhook is sent for a public change: the JSON body and its signature.

No HTTP and no query of its own beyond what describe() reads: the caller gives the
change (with its event and statement selected) and the site's address, and sends
the bytes (events/delivery/webhooks.py).

The body is built when it is sent, not when the change is made: the event's
address is its current one, and a retry sends the same ``id`` however often it
is sent, so a receiver told twice can tell.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from events.domain.changes import describe
from events.enums import TEXT_LANGUAGES
from events.models import Change

SIGNATURE_HEADER = "X-Cstocal-Signature"
DELIVERY_HEADER = "X-Cstocal-Delivery"


def change_payload(change: Change, *, site_url: str) -> dict[str, Any]:
    """The change as JSON keeps it: what happened, to which event or statement,
    told in each language (``title``), with the values before and after."""
    # The titles name no source: no statement need be looked up for them.
    titles = {
        language: describe([change], language, sources={})[0].title for language in TEXT_LANGUAGES
    }
    event = change.event
    statement = change.statement
    return {
        "id": f"urn:uuid:{change.uid}",
        "kind": str(change.kind),
        "at": change.at.isoformat(),
        "event": _gone(change)
        if event is None
        else {
            "uid": str(event.uid),
            "slug": event.slug,
            # An unpublished event has no public page (yet, or any more).
            "url": site_url + event.get_absolute_url() if event.published else None,
            "name": {language: event.name_in(language) for language in TEXT_LANGUAGES},
        },
        "statement": None
        if statement is None
        else {
            "slug": statement.slug,
            "url": site_url + statement.get_absolute_url(),
            "title": {
                language: getattr(statement, f"title_{language}") for language in TEXT_LANGUAGES
            },
        },
        "title": titles,
        "before": change.before,
        "after": change.after,
    }


def _gone(change: Change) -> dict[str, Any] | None:
    """A deleted event, as its changes still know it: its UID and names."""
    if change.event_uid is None:
        return None
    return {
        "uid": str(change.event_uid),
        "slug": None,
        "url": None,
        "name": {language: change.name_in(language) for language in TEXT_LANGUAGES},
    }


def payload_body(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent and signed: UTF-8 JSON, keys in a fixed order."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()


def signature(secret: str, body: bytes) -> str:
    """The X-Cstocal-Signature value: ``sha256=`` and the hex HMAC-SHA256 of the
    body under the hook's secret. Receivers compare it with hmac.compare_digest."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"
