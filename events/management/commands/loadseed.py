from django.core.management.base import BaseCommand

from events.domain.seeding import seed_load


class Command(BaseCommand):
    help = (
        "Load the events of the statement after the CSTO Collective Security Council session "
        "of 23 September 2013. Idempotent: events that exist are left as editors made them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Restore seeded events that editors changed to the statement's values.",
        )

    def handle(self, *args, reset: bool = False, **options):
        result = seed_load(reset=reset)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed loaded: {len(result.created)} created, {len(result.updated)} reset, "
                f"{len(result.unchanged)} unchanged."
            )
        )
