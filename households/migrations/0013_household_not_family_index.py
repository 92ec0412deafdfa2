"""A hamlet's households not yet a Digital Family, by code (their to-do list's order), built
without locking the roster."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("households", "0012_household_is_digital_family"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="household",
            index=models.Index(
                condition=models.Q(("is_digital_family", False)),
                fields=["hamlet", "code", "id"],
                name="household_not_family_idx",
            ),
        ),
    ]
