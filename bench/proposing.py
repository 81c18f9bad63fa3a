"""How long proposing events from a 5,000-word statement takes, in each language.

Run by `make bench` in a process of its own, so the first statement pays for loading
the Russian dictionary, as a server's first request would. The statements are the
corpus's (tests/data/statements/), one after another until 5,000 words.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import django

WORDS = 5_000
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "statements"


def statement_of(language: str) -> str:
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob(f"*.{language}.txt"))]
    lines: list[str] = []
    while sum(len(line.split()) for line in lines) < WORDS:
        lines.extend(texts[len(lines) % len(texts)].splitlines())
    return "\n".join(lines)


def main() -> int:
    django.setup()
    from events.domain.proposing import propose

    result = {}
    for language in ("ru", "en"):  # Russian first: it loads the dictionary
        text = statement_of(language)
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            found = propose(text, date=dt.date(2016, 10, 14), language=language, series=[])
            timings.append(time.perf_counter() - started)
        result[language] = {
            "words": len(text.split()),
            "proposals": len(found),
            "cold_s": timings[0],
            "warm_s": min(timings[1:]),
        }
        print(
            f"  proposing, {language}: {result[language]['words']:,} words, "
            f"{len(found)} proposals, {timings[0]:.2f} s cold, {min(timings[1:]):.2f} s warm",
            file=sys.stderr,
        )
    Path(sys.argv[1]).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
