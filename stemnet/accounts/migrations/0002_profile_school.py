"""The profile's school from the register (networks.schools), and the school numbers typed
as text joined to their school where the register holds them (the free text they replace is
cleared; unmatched numbers stay, and ``networks.schools.services.profiles_link_schools`` joins
them after a later import of the register)."""

import re

import django.db.models.deletion
from django.db import migrations, models


def _normal(number: str) -> str | None:
    text = re.sub(r"[\s.]", "", number or "")
    return text.zfill(6) if re.fullmatch(r"\d{1,6}", text) and int(text) else None


def link_numbers(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    School = apps.get_model("schools", "School")
    waiting = list(Profile.objects.filter(school__isnull=True).exclude(school_number=""))
    numbers = {p.pk: _normal(p.school_number) for p in waiting}
    schools = dict(
        School.objects.filter(number__in={n for n in numbers.values() if n}).values_list(
            "number", "pk"
        )
    )
    linked = [p for p in waiting if numbers[p.pk] in schools]
    for profile in linked:
        profile.school_id = schools[numbers[profile.pk]]
        profile.school_number = ""
        profile.school_name = ""
    Profile.objects.bulk_update(linked, ["school", "school_number", "school_name"], batch_size=500)


def unlink_numbers(apps, schema_editor):
    """Back to text: the register's number and name (the field goes with this migration)."""
    Profile = apps.get_model("accounts", "Profile")
    linked = list(Profile.objects.filter(school__isnull=False).select_related("school"))
    for profile in linked:
        profile.school_number = profile.school.number
        profile.school_name = profile.school_name or profile.school.name[:200]
    Profile.objects.bulk_update(linked, ["school_number", "school_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("schools", "0001_school_register"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="school",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="profiles",
                to="schools.school",
                verbose_name="school",
            ),
        ),
        migrations.AlterField(
            model_name="profile",
            name="school_name",
            field=models.CharField(
                blank=True,
                help_text="Free text, only for a school that is not in the register.",
                max_length=200,
                verbose_name="other school or abroad",
            ),
        ),
        migrations.AlterField(
            model_name="profile",
            name="school_number",
            field=models.CharField(
                blank=True,
                help_text="An institution number given as text and not (yet) in the register; it is linked to its school when the register holds it.",
                max_length=10,
                verbose_name="school number as typed",
            ),
        ),
        migrations.RunPython(link_numbers, unlink_numbers),
    ]
