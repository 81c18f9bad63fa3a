import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.dates import format_span
from events.domain.proposing import Proposal
from events.domain.proposing.calendar import as_record, propose_for_calendar
from events.domain.proposing.matching import span_of
from events.enums import TEXT_LANGUAGES


class Command(BaseCommand):
    help = (
        "Print the events a statement's text names (exercises, sessions, chairmanship "
        "terms, operations, milestones), each matched against the calendar. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The statement, UTF-8 text.")
        parser.add_argument("--date", required=True, help="The statement's date, YYYY-MM-DD.")
        parser.add_argument("--lang", required=True, help="The statement's language: en or ru.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="A JSON array, one object each."
        )

    def handle(self, *args, file: Path, date: str, lang: str, as_json: bool, **options):
        text = _read(file)
        proposals = propose_for_calendar(text, date=_date(date), language=_language(lang))
        if as_json:
            self.stdout.write(_as_json(proposals))
            return
        for proposal in proposals:
            self.stdout.write(_as_text(proposal))


def _read(file: Path) -> str:
    try:
        text = file.read_bytes().decode("utf-8")
    except OSError as exc:
        raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise CommandError(f"{file} is not UTF-8 text (byte {exc.start} is not).") from exc
    if not text.strip():
        raise CommandError(f"{file} holds no text to read.")
    return text.removeprefix("\ufeff")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date {value!r} is not a date as YYYY-MM-DD.") from exc


def _language(value: str) -> str:
    if value not in TEXT_LANGUAGES:
        raise CommandError(f"--lang {value!r} is not one of {', '.join(TEXT_LANGUAGES)}.")
    return value


def _as_json(proposals: list[Proposal]) -> str:
    return json.dumps([as_record(p) for p in proposals], ensure_ascii=False, indent=2)


def _as_text(proposal: Proposal) -> str:
    when = format_span(span_of(proposal), language="en") if proposal.start_date else "undated"
    where = ", ".join(part for part in (proposal.place_en, proposal.country) if part)
    status = f"already in the calendar as {proposal.match}" if proposal.match else "new"
    lines = [f"{proposal.kind}: {proposal.name_en} / {proposal.name_ru}", f"  when: {when}"]
    if where:
        lines.append(f"  where: {where}")
    lines.append(f"  {status}")
    lines += [f"  {field}: {old or '—'} → {new}" for field, old, new in proposal.changes]
    lines.append(f"  quote: {proposal.quote}")
    return "\n".join(lines)
