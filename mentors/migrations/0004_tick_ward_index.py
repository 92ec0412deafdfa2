"""A ward's ticks, latest first, off one index; built without locking the ticks phones write."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("mentors", "0003_tick_ward"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="tick",
            index=models.Index(fields=["ward", "ticked_at", "id"], name="tick_ward_ticked_idx"),
        ),
    ]
