"""System checks (`manage.py check`): what the app needs from the machine it runs on."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


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
