# The quality cycle (trainings.quality): a centre's "review before publication", and the roles
# of the scientific committee (per centre or network-wide) and the steering group.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0004_good_practice_attachment_content"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="membership",
            name="membership_coordinator_has_centre",
        ),
        migrations.AddField(
            model_name="centre",
            name="review_before_publication",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "A member of the scientific committee approves each training before it is "
                    "published."
                ),
                verbose_name="review before publication",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(
                choices=[
                    ("coordinator", "Coordinator"),
                    ("ministry", "Ministry staff"),
                    ("committee", "Member of the scientific committee"),
                    ("steering", "Member of the steering group"),
                ],
                max_length=20,
                verbose_name="role",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(("role", "coordinator"), ("centre__isnull", False))
                | models.Q(("role__in", ["ministry", "committee"]))
                | models.Q(("role", "steering"), ("centre__isnull", True)),
                name="membership_coordinator_has_centre",
            ),
        ),
    ]
