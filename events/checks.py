"""System checks (`manage.py check`): what the app needs from the machine it runs on."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import BinaryIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def feed_dir_is_writable(app_configs, **kwargs) -> list[Error]:
    """Feeds are written to CSTOCAL_FEED_DIR before they are served."""
    directory = Path(settings.CSTOCAL_FEED_DIR)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory):
            pass
    except OSError as exc:
        return [
            Error(
                f"CSTOCAL_FEED_DIR ({directory}) is not a writable folder: {exc}.",
                hint="Point CSTOCAL_FEED_DIR at a local folder the app's user can write.",
                id="cstocal.E001",
            )
        ]
    return []


@register()
def translations_are_compiled(app_configs, **kwargs) -> list[CheckMessage]:
    """Django reads translations from compiled catalogues (django.mo) only, and they
    are not kept in git: without one, /ru/ is served in English; with one older than
    its django.po, the newest strings are. Compiling is a deploy step (README)."""
    problems: list[CheckMessage] = []
    for language, _name in settings.LANGUAGES:
        if language == settings.LANGUAGE_CODE:
            continue  # the messages themselves are in this language
        folders = [Path(path) / language / "LC_MESSAGES" for path in settings.LOCALE_PATHS]
        if not any(
            (folder / "django.po").exists() or (folder / "django.mo").exists() for folder in folders
        ):
            problems.append(
                Error(
                    f"No translations into {language!r} in LOCALE_PATHS "
                    f"({', '.join(str(p) for p in settings.LOCALE_PATHS)}).",
                    hint=f"/{language}/ would be served untranslated.",
                    id="cstocal.E002",
                )
            )
        for folder in folders:
            problem = _catalogue_problem(folder / "django.po", folder / "django.mo")
            if problem:
                problems.append(problem)
    return problems


def _catalogue_problem(source: Path, compiled: Path) -> CheckMessage | None:
    if not source.exists():
        return None  # a deployment may ship the compiled catalogue alone
    hint = f"Compile it: .venv/bin/pybabel compile -d {source.parents[2]} -D django"
    if not compiled.exists():
        return Error(
            f"{compiled} is missing: the translations in {source.name} are not served.",
            hint=hint,
            id="cstocal.E002",
        )
    try:
        with source.open("rb") as po, compiled.open("rb") as mo:
            expected, served = _messages(_compile(po)), _messages(read_mo(mo))
    except (OSError, ValueError) as exc:
        return Error(f"{compiled} or {source} cannot be read: {exc}.", hint=hint, id="cstocal.E002")
    differ = {
        key for key in expected.keys() | served.keys() if expected.get(key) != served.get(key)
    }
    if differ:
        return Warning(
            f"{compiled} is out of date with {source}: {len(differ)} message(s) differ, so they "
            "are served untranslated or out of date.",
            hint=hint,
            id="cstocal.W003",
        )
    return None


def _compile(po: BinaryIO) -> Catalog:
    """What ``pybabel compile`` makes of a .po file, read back."""
    buffer = io.BytesIO()
    write_mo(buffer, read_po(po))
    buffer.seek(0)
    return read_mo(buffer)


def _messages(catalog: Catalog) -> dict[tuple, object]:
    """Each message id (and context) with its translation, plural forms as tuples."""
    return {
        (_frozen(message.id), message.context): _frozen(message.string or "")
        for message in catalog
        if message.id
    }


def _frozen(value: str | list | tuple) -> str | tuple:
    return value if isinstance(value, str) else tuple(value)
