"""Kyrgyzstan is now named «Кыргызстан» in Russian, as the organisation writes it.

Each event keeps its search text, built when it is saved; an event saved before the
change holds only «Киргизия». This adds the new name to the search text of every event
that names Kyrgyzstan (as host, chair or participant), keeping the old one, so a
search by either name finds it without every event being saved again.
"""

from django.db import migrations
from django.db.models import Q

NEW_NAME = "кыргызстан"


def add_new_name(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    named = Event.objects.filter(Q(country="KG") | Q(participants__contains="KG"))
    changed = []
    for event in named.only("pk", "search_text").iterator(chunk_size=2000):
        if NEW_NAME not in event.search_text:
            event.search_text = f"{event.search_text} {NEW_NAME}".strip()
            changed.append(event)
    Event.objects.bulk_update(changed, ["search_text"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("events", "0012_slug_help")]

    operations = [migrations.RunPython(add_new_name, migrations.RunPython.noop, elidable=True)]
