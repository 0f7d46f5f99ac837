"""The catalogue's "online" and "where" filters from trigger-kept columns, and an index that
serves its default order.

- ``is_online`` (a session with a link and no venue) and ``session_provinces`` (the provinces
  its sessions are held in) are kept by the schedule triggers of migrations 0004 (SQLite,
  per row) and 0005 (PostgreSQL, per statement), beside ``first_start`` and ``last_end``: the
  catalogue no longer runs a subquery over every session of every year to filter or show them.
- The catalogue's indexes hold the published trainings only, not those of earlier years
  (held, closed, cancelled), which are most of the table and grow with every year:
  ``training_catalogue_idx`` in the catalogue's order (first session, title, id; on
  PostgreSQL with ``last_end``, so that the first page and the count of an unfiltered list
  are read from the index alone), and on PostgreSQL the GIN indexes of the domains, levels,
  provinces and search text.
"""

from importlib import import_module

from django.db import migrations, models

before_0011 = import_module("trainings.migrations.0011_training_target_group")

SCHEDULE_PG = """
    UPDATE trainings_training AS t SET
        first_start = (SELECT MIN(starts_at) FROM trainings_session WHERE training_id = t.id),
        last_end = (SELECT MAX(ends_at) FROM trainings_session WHERE training_id = t.id),
        session_capacity = (SELECT MIN(capacity) FROM trainings_session
                            WHERE training_id = t.id),
        is_online = EXISTS (SELECT 1 FROM trainings_session WHERE training_id = t.id
                            AND online_url <> '' AND location = ''),
        session_provinces = COALESCE((SELECT jsonb_agg(DISTINCT province ORDER BY province)
                                      FROM trainings_session
                                      WHERE training_id = t.id AND province <> ''), '[]'::jsonb)
    WHERE t.id IN ({touched});"""
SCHEDULE_SQLITE = """
    UPDATE trainings_training SET
        first_start = (SELECT MIN(starts_at) FROM trainings_session WHERE training_id = {id}),
        last_end = (SELECT MAX(ends_at) FROM trainings_session WHERE training_id = {id}),
        session_capacity = (SELECT MIN(capacity) FROM trainings_session
                            WHERE training_id = {id}),
        is_online = EXISTS (SELECT 1 FROM trainings_session WHERE training_id = {id}
                            AND online_url <> '' AND location = ''),
        session_provinces = (SELECT json_group_array(province) FROM (
                                SELECT DISTINCT province FROM trainings_session
                                WHERE training_id = {id} AND province <> ''
                                ORDER BY province))
    WHERE id = {id};"""
TOUCHED = {
    "INSERT": "SELECT training_id FROM new_rows",
    "DELETE": "SELECT training_id FROM old_rows",
    "UPDATE": "SELECT training_id FROM new_rows UNION SELECT training_id FROM old_rows",
}


PUBLISHED = "WHERE status = 'published'"
PG_INDEXES = [
    "CREATE INDEX training_catalogue_idx ON trainings_training (first_start, title, id) "
    f"INCLUDE (last_end) {PUBLISHED}",
    "DROP INDEX IF EXISTS training_domains_idx",
    "CREATE INDEX training_domains_idx ON trainings_training "
    f"USING gin (stem_domains jsonb_path_ops) {PUBLISHED}",
    "DROP INDEX IF EXISTS training_levels_idx",
    f"CREATE INDEX training_levels_idx ON trainings_training USING gin (levels jsonb_path_ops) "
    f"{PUBLISHED}",
    "DROP INDEX IF EXISTS training_search_vector_idx",
    "CREATE INDEX training_search_vector_idx ON trainings_training USING gin (search_vector) "
    f"{PUBLISHED}",
    "CREATE INDEX training_provinces_idx ON trainings_training "
    f"USING gin (session_provinces jsonb_path_ops) {PUBLISHED}",
]
PG_INDEXES_BACK = [
    "DROP INDEX IF EXISTS training_catalogue_idx",
    "DROP INDEX IF EXISTS training_provinces_idx",
    "DROP INDEX IF EXISTS training_domains_idx",
    "CREATE INDEX training_domains_idx ON trainings_training "
    "USING gin (stem_domains jsonb_path_ops)",
    "DROP INDEX IF EXISTS training_levels_idx",
    "CREATE INDEX training_levels_idx ON trainings_training USING gin (levels jsonb_path_ops)",
    "DROP INDEX IF EXISTS training_search_vector_idx",
    "CREATE INDEX training_search_vector_idx ON trainings_training USING gin (search_vector)",
]
SQLITE_INDEX = (
    f"CREATE INDEX training_catalogue_idx ON trainings_training (first_start, title, id) "
    f"{PUBLISHED}"
)


def pg_functions(body: str) -> list[str]:
    """0005's three statement functions of the schedule, with ``body``."""
    return [
        f"""CREATE OR REPLACE FUNCTION training_schedule_{event.lower()}() RETURNS trigger AS $$
        BEGIN {body.format(touched=touched)} RETURN NULL; END $$ LANGUAGE plpgsql"""
        for event, touched in TOUCHED.items()
    ]


def sqlite_triggers(body: str) -> list[str]:
    """0004's three row triggers of the schedule, with ``body``."""
    table = "trainings_session"
    return [
        "DROP TRIGGER IF EXISTS training_schedule_ins",
        "DROP TRIGGER IF EXISTS training_schedule_upd",
        "DROP TRIGGER IF EXISTS training_schedule_del",
        f"CREATE TRIGGER training_schedule_ins AFTER INSERT ON {table} BEGIN "
        f"{body.format(id='NEW.training_id')} END",
        f"CREATE TRIGGER training_schedule_upd AFTER UPDATE ON {table} BEGIN "
        f"{body.format(id='OLD.training_id')} {body.format(id='NEW.training_id')} END",
        f"CREATE TRIGGER training_schedule_del AFTER DELETE ON {table} BEGIN "
        f"{body.format(id='OLD.training_id')} END",
    ]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in pg_functions(SCHEDULE_PG):
            schema_editor.execute(statement)
        for statement in PG_INDEXES:
            schema_editor.execute(statement)
        schema_editor.execute(SCHEDULE_PG.format(touched="SELECT id FROM trainings_training"))
    elif vendor == "sqlite":
        # SQLite added the columns by rebuilding the table: the triggers of 0004 were dropped
        # first (as in 0011); they come back, the schedule's with the new columns.
        initial = import_module("trainings.migrations.0004_catalogue_figures_by_trigger")
        for statement in initial.SQLITE + sqlite_triggers(SCHEDULE_SQLITE) + initial.BACKFILL:
            schema_editor.execute(statement)
        schema_editor.execute(SQLITE_INDEX)
        schema_editor.execute(
            SCHEDULE_SQLITE.format(id="trainings_training.id").replace(
                "WHERE id = trainings_training.id;", ""
            )
        )


def backward(apps, schema_editor):
    """PostgreSQL: 0005's functions. SQLite: no triggers while the columns go (the table is
    rebuilt again); the first operation's reverse puts 0004's back."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        before = import_module("trainings.migrations.0005_catalogue_figures_per_statement")
        for statement in pg_functions(before.SCHEDULE):
            schema_editor.execute(statement)
        for statement in PG_INDEXES_BACK:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        initial = import_module("trainings.migrations.0004_catalogue_figures_by_trigger")
        for statement in initial.SQLITE_DROP:
            schema_editor.execute(statement)
        schema_editor.execute("DROP INDEX IF EXISTS training_catalogue_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0013_review_status_and_project_grants"),
    ]

    operations = [
        migrations.RunPython(
            before_0011.sqlite_triggers_dropped, before_0011.sqlite_triggers_again
        ),
        migrations.AddField(
            model_name="training",
            name="is_online",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="A session is held online: a link and no venue (trigger).",
            ),
        ),
        migrations.AddField(
            model_name="training",
            name="session_provinces",
            field=models.JSONField(
                default=list,
                editable=False,
                help_text="The provinces its sessions are held in (trigger).",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
