"""Database-level guards that Django's model Meta cannot express on every backend.

Chairmanship terms never overlap: on PostgreSQL an exclusion constraint over the
term's days as a half-open range [start, end), so one term may end on the day
the next begins (the handover summit) but never share more; SQLite has no
exclusion constraints, so triggers refuse the same rows.

SQLite drops a table's triggers whenever Django rebuilds the table (most
ALTERs), so every migration that alters events_event ends with
``migrations.RunPython(install_guards, migrations.RunPython.noop)``; a test
checks the guards exist after all migrations.
"""

POSTGRES_INSTALL = [
    "ALTER TABLE events_event DROP CONSTRAINT IF EXISTS event_terms_never_overlap;",
    """ALTER TABLE events_event ADD CONSTRAINT event_terms_never_overlap
    EXCLUDE USING gist (daterange(start_date, end_date, '[)') WITH &&)
    WHERE (kind = 'term');""",
]
POSTGRES_REMOVE = ["ALTER TABLE events_event DROP CONSTRAINT IF EXISTS event_terms_never_overlap;"]

_SQLITE_CHECK = """
SELECT RAISE(ABORT, 'event_terms_never_overlap: chairmanship terms overlap')
WHERE EXISTS (
    SELECT 1 FROM events_event AS other
    WHERE other.kind = 'term' AND other.id != NEW.id
      AND other.start_date < NEW.end_date AND NEW.start_date < other.end_date
);
"""
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS event_terms_never_overlap_{when};" for when in ("insert", "update")
]
SQLITE_INSTALL = SQLITE_REMOVE + [
    f"""CREATE TRIGGER event_terms_never_overlap_{when}
    BEFORE {when.upper()} ON events_event
    WHEN NEW.kind = 'term'
    BEGIN {_SQLITE_CHECK} END;"""
    for when in ("insert", "update")
]


def _run(schema_editor, *, postgres: list[str], sqlite: list[str]) -> None:
    statements = {"postgresql": postgres, "sqlite": sqlite}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def install_guards(apps, schema_editor) -> None:
    _run(schema_editor, postgres=POSTGRES_INSTALL, sqlite=SQLITE_INSTALL)


def remove_guards(apps, schema_editor) -> None:
    _run(schema_editor, postgres=POSTGRES_REMOVE, sqlite=SQLITE_REMOVE)


# The index behind EventQuerySet.overlapping() on PostgreSQL: a GiST index on each
# dated event's days, so a window's events are found without scanning the events
# that start before it. SQLite keeps the B-tree on (start_date, end_date).
DAYS_INDEX_INSTALL = [
    """CREATE INDEX IF NOT EXISTS event_days_gist ON events_event
    USING gist (daterange(start_date, end_date, '[]'))
    WHERE start_date IS NOT NULL;""",
]
DAYS_INDEX_REMOVE = ["DROP INDEX IF EXISTS event_days_gist;"]


def install_days_index(apps, schema_editor) -> None:
    _run(schema_editor, postgres=DAYS_INDEX_INSTALL, sqlite=[])


def remove_days_index(apps, schema_editor) -> None:
    _run(schema_editor, postgres=DAYS_INDEX_REMOVE, sqlite=[])


# Statistics on the same days, so the planner knows how few events a window
# holds. Without them it guesses a hundredth of the table, and a query that
# orders and limits the window (the API's pages) walks the (start_date,
# end_date) B-tree from the first date, filtering every event that starts
# before the window: 70 ms at 100,000 events instead of a fraction of one.
DAYS_STATISTICS_INSTALL = [
    """CREATE STATISTICS IF NOT EXISTS event_days_stats
    ON (daterange(start_date, end_date, '[]')) FROM events_event;""",
    "ANALYZE events_event;",
]
DAYS_STATISTICS_REMOVE = ["DROP STATISTICS IF EXISTS event_days_stats;"]


def install_days_statistics(apps, schema_editor) -> None:
    _run(schema_editor, postgres=DAYS_STATISTICS_INSTALL, sqlite=[])


def remove_days_statistics(apps, schema_editor) -> None:
    _run(schema_editor, postgres=DAYS_STATISTICS_REMOVE, sqlite=[])
