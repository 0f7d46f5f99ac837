"""PostgreSQL: refresh the catalogue's per-training figures once per statement, not per row.

Migration 0004's row triggers recounted a training's enrolments after every enrolment row, so
a bulk import of n enrolments into one training visited n²/2 rows. Statement triggers with
transition tables recount each training touched by the statement once. SQLite (the embedded
default, small data) keeps 0004's row triggers: it has no statement triggers.
"""

from django.db import migrations

SCHEDULE = """
    UPDATE trainings_training AS t SET
        first_start = (SELECT MIN(starts_at) FROM trainings_session WHERE training_id = t.id),
        last_end = (SELECT MAX(ends_at) FROM trainings_session WHERE training_id = t.id),
        session_capacity = (SELECT MIN(capacity) FROM trainings_session
                            WHERE training_id = t.id)
    WHERE t.id IN ({touched});"""
SEATS = """
    UPDATE trainings_training AS t SET seats_held = (
        SELECT COUNT(*) FROM trainings_enrolment WHERE training_id = t.id AND (
            status IN ('enrolled', 'attended')
            OR (status = 'waitlisted' AND offer_expires_at IS NOT NULL)))
    WHERE t.id IN ({touched});"""
TOUCHED = {
    "INSERT": "SELECT training_id FROM new_rows",
    "DELETE": "SELECT training_id FROM old_rows",
    "UPDATE": "SELECT training_id FROM new_rows UNION SELECT training_id FROM old_rows",
}
REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
    "UPDATE": "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows",
}
PARTS = [("schedule", "trainings_session", SCHEDULE), ("seats", "trainings_enrolment", SEATS)]

FORWARD = [
    "DROP TRIGGER IF EXISTS training_schedule_refresh ON trainings_session",
    "DROP TRIGGER IF EXISTS training_seats_refresh ON trainings_enrolment",
    "DROP FUNCTION IF EXISTS training_schedule_refresh()",
    "DROP FUNCTION IF EXISTS training_seats_refresh()",
]
BACKWARD = []
for short, table, body in PARTS:
    for event, touched in TOUCHED.items():
        name = f"training_{short}_{event.lower()}"
        FORWARD += [
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
            BEGIN {body.format(touched=touched)} RETURN NULL; END $$ LANGUAGE plpgsql""",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} {REFERENCING[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
        BACKWARD += [f"DROP TRIGGER IF EXISTS {name} ON {table}",
                     f"DROP FUNCTION IF EXISTS {name}()"]


def per_statement(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def per_row(apps, schema_editor):
    """Back to 0004's row triggers."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from importlib import import_module

    previous = import_module("trainings.migrations.0004_catalogue_figures_by_trigger")
    for statement in BACKWARD:
        schema_editor.execute(statement)
    for statement in previous.PG[:4]:  # the two row functions and their triggers
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("trainings", "0004_catalogue_figures_by_trigger"),
    ]

    operations = [
        migrations.RunPython(per_statement, per_row),
    ]
