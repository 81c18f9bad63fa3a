"""What a write of many events did, by slug: the seed and the import both say it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class WriteResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
