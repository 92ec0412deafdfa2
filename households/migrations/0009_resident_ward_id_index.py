"""A ward's people in id order (the progress list's order), built without locking the roster."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("households", "0008_digital_family_and_hamlet_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="resident",
            index=models.Index(fields=["ward", "id"], name="resident_ward_id_idx"),
        ),
    ]
