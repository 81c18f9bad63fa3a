"""JSON written once: a list page cached as the renderer wrote it is sent as it is.

A cached answer used to be kept as JSON text, read back into Python objects and
written as JSON again for every request that found it; the uncached answer was
written twice, once for the cache and once to send. Now the renderer's own bytes
are what the cache keeps and what a request that finds them sends.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import JSONRenderer


class RenderedJSON(bytes):
    """A body JSONRenderer has already written, compact (no indent asked for)."""


class EventJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, which sends RenderedJSON as it is. A client that asks
    for indented JSON (``Accept: application/json; indent=4``) gets it indented,
    as before: the body is read back and written again for it."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if isinstance(data, RenderedJSON):
            if self.get_indent(accepted_media_type or "", renderer_context or {}) is None:
                return bytes(data)
            data = json.loads(data)
        return super().render(data, accepted_media_type, renderer_context)


def rendered(data: Any) -> RenderedJSON:
    """``data`` as EventJSONRenderer sends it when no indent is asked for."""
    return RenderedJSON(JSONRenderer().render(data))
