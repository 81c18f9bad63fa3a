"""The app's own settings, plus two reference views measured in the same run."""

from cstocal.settings import *  # noqa: F403
from cstocal.settings import BASE_DIR, CACHES, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# The bench shares Redis with whatever else uses it: its entries carry their own
# prefix, so a run clears exactly its own (bench/run.py) and nothing else.
CACHES["default"]["KEY_PREFIX"] = "cstocal-bench"
