from importlib import import_module

from django.db import migrations, models


def sqlite_triggers_again(apps, schema_editor):
    """SQLite adds this column by rebuilding the table, and the catalogue's triggers
    (migration 0004) go with the old table: put them back. PostgreSQL keeps them."""
    if schema_editor.connection.vendor != "sqlite":
        return
    previous = import_module("trainings.migrations.0004_catalogue_figures_by_trigger")
    for statement in previous.SQLITE_DROP + previous.SQLITE + previous.BACKFILL:
        schema_editor.execute(statement)


def sqlite_triggers_dropped(apps, schema_editor):
    """The session and enrolment triggers name ``trainings_training``: SQLite refuses to
    rename the rebuilt table under them, so they go first and come back after."""
    if schema_editor.connection.vendor != "sqlite":
        return
    previous = import_module("trainings.migrations.0004_catalogue_figures_by_trigger")
    for statement in previous.SQLITE_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0010_search_in_dutch_on_both_databases"),
    ]

    operations = [
        migrations.RunPython(sqlite_triggers_dropped, migrations.RunPython.noop),
        migrations.AddField(
            model_name="training",
            name="target_group",
            field=models.CharField(
                choices=[("all", "All participants"), ("teachers", "Teachers")],
                default="all",
                help_text="Whom the target number counts: every participant, or teachers only.",
                max_length=10,
                verbose_name="target counts",
            ),
        ),
        migrations.RunPython(sqlite_triggers_again, migrations.RunPython.noop),
    ]
