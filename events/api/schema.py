"""The OpenAPI document's last touches.

Every read in the API is public: a GET or HEAD needs no token or session, so the
document lists no security for it and Swagger UI draws no padlock beside it. Writes
keep the schemes drf-spectacular found (token, session).
"""

from __future__ import annotations

from typing import Any

_READS = frozenset({"get", "head"})


def public_reads(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method in _READS:
                operation["security"] = []
    return result
