from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.domain.ical.parse import CalendarImportError
from events.domain.importing import calendar_import
from events.enums import TEXT_LANGUAGES


class Command(BaseCommand):
    help = (
        "Create or update events by UID from an iCalendar file, in one transaction: "
        "if any event is bad nothing is written and every bad UID is named."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--lang",
            choices=TEXT_LANGUAGES,
            default=TEXT_LANGUAGES[0],
            help="The language of the titles in a file that is not a cstocal export.",
        )

    def handle(self, *args, file: Path, lang: str, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            result = calendar_import(data=data, language=lang)
        except CalendarImportError as exc:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"- {p}" for p in exc.problems)
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: {len(result.created)} created, {len(result.updated)} "
                f"updated, {len(result.unchanged)} unchanged."
            )
        )
