from django.db import migrations

from events.db_guards import install_days_index, remove_days_index


class Migration(migrations.Migration):
    """A GiST index on each dated event's days (PostgreSQL only; see db_guards)."""

    dependencies = [
        ("events", "0004_history_and_kind_pages"),
    ]

    operations = [
        migrations.RunPython(install_days_index, remove_days_index),
    ]
