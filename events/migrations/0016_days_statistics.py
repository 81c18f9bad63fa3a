from django.db import migrations

from events.db_guards import install_days_statistics, remove_days_statistics


class Migration(migrations.Migration):
    """Statistics on each dated event's days (PostgreSQL only; see db_guards)."""

    dependencies = [
        ("events", "0015_webhooks"),
    ]

    operations = [
        migrations.RunPython(install_days_statistics, remove_days_statistics),
    ]
