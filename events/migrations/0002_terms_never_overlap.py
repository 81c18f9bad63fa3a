"""Chairmanship terms never overlap, enforced by the database itself.

PostgreSQL: an exclusion constraint over the term's days as a half-open range
[start, end), so one term may end on the day the next begins (the handover
summit) but never share more. SQLite has no exclusion constraints: triggers
refuse the same rows. Model validation (Event.clean) explains it to people;
these catch what slips past validation, such as two concurrent saves.
"""

from django.db import migrations

POSTGRES_FORWARD = """
ALTER TABLE events_event ADD CONSTRAINT event_terms_never_overlap
EXCLUDE USING gist (daterange(start_date, end_date, '[)') WITH &&)
WHERE (kind = 'term');
"""
POSTGRES_BACKWARD = "ALTER TABLE events_event DROP CONSTRAINT event_terms_never_overlap;"

SQLITE_CHECK = """
SELECT RAISE(ABORT, 'event_terms_never_overlap: chairmanship terms overlap')
WHERE EXISTS (
    SELECT 1 FROM events_event AS other
    WHERE other.kind = 'term' AND other.id != NEW.id
      AND other.start_date < NEW.end_date AND NEW.start_date < other.end_date
);
"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER event_terms_never_overlap_{when}
    BEFORE {when.upper()} ON events_event
    WHEN NEW.kind = 'term'
    BEGIN {SQLITE_CHECK} END;"""
    for when in ("insert", "update")
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS event_terms_never_overlap_{when};" for when in ("insert", "update")
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
