import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from events.domain.ical.export import export_bytes
from events.models import Event


class Command(BaseCommand):
    help = (
        "Write every event, dated or not, published or not, as one iCalendar file that "
        "importics reads back into the same events (kind, precisions, both languages)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, help="Default: standard output.")

    def handle(self, *args, file: Path | None = None, **options):
        events = Event.objects.for_display().chronological()
        body = export_bytes(events, base_url=settings.CSTOCAL_SITE_URL or "http://localhost")
        if file is None:
            sys.stdout.buffer.write(body)
            return
        file.write_bytes(body)
        self.stderr.write(f"Wrote {events.count()} events to {file}.")
