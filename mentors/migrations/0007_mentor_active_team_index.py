"""A team's active members, counted off an index; built without locking the mentors."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("mentors", "0006_mentor_ward_load_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="mentor",
            index=models.Index(
                condition=models.Q(("is_active", True)),
                fields=["team", "id"],
                name="mentor_active_team_idx",
            ),
        ),
    ]
