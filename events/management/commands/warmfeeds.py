"""Build the full calendar feed in every language before the first client asks.

The first build of a calendar writes every event (README, Performance: seconds
at 100k events, and ten times that at a million, longer than a request may
take). Run at deploy time, after migrate, on each app server: the feed files
land in this server's CSTOCAL_FEED_DIR and their layout in the shared cache, so
the server's next build is a matter of copying.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.delivery import feed_store
from events.delivery.feed_files import StoredFeed
from events.enums import TEXT_LANGUAGES
from events.web.feed_address import calendar_feed_contents, feed_request


def warm_calendar_feed(base: str, query_string: str = "") -> tuple[StoredFeed, bool]:
    """The calendar feed served at ``base``/calendar.ics?``query_string``, built
    for the calendar's current version unless it is already; and whether it was
    built now. For deploys (``manage.py warmfeeds``): the first build of a large
    calendar writes every event and can outlast a request's timeout."""
    asked = feed_request(base, query_string)
    if asked.errors:
        raise ValueError(" ".join(asked.errors))
    stamp, feed = feed_store.latest(asked.feed_url)
    if feed is not None and feed.path(gzip=True).exists():
        return feed, False
    return feed_store.build(asked.feed_url, stamp, **calendar_feed_contents(asked, base)), True


class Command(BaseCommand):
    help = "Build /calendar.ics in every language for the current calendar, unless built."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.CSTOCAL_SITE_URL,
            help="The address clients use, as in CSTOCAL_SITE_URL (its default).",
        )

    def handle(self, *args, site_url: str = "", **options):
        base = site_url.rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise CommandError(
                "Feeds name their own address: set CSTOCAL_SITE_URL or pass "
                "--site-url https://calendar.example.org"
            )
        for language in TEXT_LANGUAGES:
            query = "" if language == TEXT_LANGUAGES[0] else f"lang={language}"
            started = time.perf_counter()
            feed, built = warm_calendar_feed(base, query)
            seconds = time.perf_counter() - started
            address = f"{base}/calendar.ics" + (f"?{query}" if query else "")
            state = f"built in {seconds:.1f} s" if built else "already built"
            self.stdout.write(f"{address}: {feed.size / 2**20:.1f} MB, {state}")
