"""A ward's mentors, fewest mentees first, off an index; built without locking the mentors."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("mentors", "0005_mentor_active_mentee_count"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="mentor",
            index=models.Index(
                fields=["ward", "active_mentee_count", "full_name", "id"],
                include=["is_active"],
                name="mentor_ward_load_idx",
            ),
        ),
    ]
