"""A hamlet's households by code (the digital-identity list's order), built without locking."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("households", "0010_resident_name_rest_trigram_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="household",
            index=models.Index(fields=["hamlet", "code", "id"], name="household_hamlet_code_idx"),
        ),
    ]
