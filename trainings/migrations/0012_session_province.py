from importlib import import_module

from django.db import migrations, models

sqlite_triggers_again = import_module(
    "trainings.migrations.0011_training_target_group"
).sqlite_triggers_again


def province_from_postcode(apps, schema_editor):
    """Existing sessions with a Belgian postcode get its province (``networks.postcodes``);
    the others stay empty (online, abroad, Wallonia or unknown)."""
    from networks.postcodes import province_for_postcode

    Session = apps.get_model("trainings", "Session")
    by_province: dict[str, list[int]] = {}
    for pk, postcode in Session.objects.exclude(postcode="").values_list("pk", "postcode"):
        province = province_for_postcode(postcode)
        if province:
            by_province.setdefault(province, []).append(pk)
    for province, pks in by_province.items():
        for start in range(0, len(pks), 500):
            Session.objects.filter(pk__in=pks[start : start + 500]).update(province=province)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0011_training_target_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="province",
            field=models.CharField(
                blank=True,
                choices=[
                    ("VAN", "Antwerp"),
                    ("VBR", "Flemish Brabant"),
                    ("VLI", "Limburg"),
                    ("VOV", "East Flanders"),
                    ("VWV", "West Flanders"),
                    ("BRU", "Brussels"),
                ],
                help_text=(
                    "Follows from a Belgian postcode. Without one (a company site, online): "
                    "choose it, or leave it empty for online, abroad or unknown."
                ),
                max_length=3,
                verbose_name="province where it is held",
            ),
        ),
        migrations.RunPython(sqlite_triggers_again, migrations.RunPython.noop),
        migrations.RunPython(province_from_postcode, migrations.RunPython.noop),
    ]
