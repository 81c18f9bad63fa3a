"""The app's own settings, plus two reference views measured in the same run."""

from cstocal.settings import *  # noqa: F403
from cstocal.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
