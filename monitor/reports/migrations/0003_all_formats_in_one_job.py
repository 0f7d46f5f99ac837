from django.db import migrations, models


def files_of_done_jobs(apps, schema_editor):
    """A job built before this migration has one file: record it in ``files``."""
    ReportJob = apps.get_model("reports", "ReportJob")
    for job in ReportJob.objects.exclude(file_name="").only("format", "file_name", "file_size"):
        job.files = {job.format: {"name": job.file_name, "size": job.file_size}}
        job.save(update_fields=["files"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_tables_renamed"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportjob",
            name="files",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text="Format -> {name, size}: every file of a done job (name as file_name).",
            ),
        ),
        migrations.AlterField(
            model_name="reportjob",
            name="format",
            field=models.CharField(
                choices=[
                    ("pdf", "PDF"),
                    ("xlsx", "XLSX"),
                    ("json", "JSON"),
                    ("all", "All formats (PDF, XLSX and JSON)"),
                ],
                max_length=4,
                verbose_name="format",
            ),
        ),
        migrations.RunPython(files_of_done_jobs, migrations.RunPython.noop),
    ]
