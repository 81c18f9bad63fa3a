"""Chairmanship terms never overlap, enforced by the database itself (events/db_guards.py).

Model validation (Event.clean) explains it to people; the guards catch what slips
past validation, such as two concurrent saves.
"""

from django.db import migrations

from events.db_guards import install_guards, remove_guards


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(install_guards, remove_guards)]
