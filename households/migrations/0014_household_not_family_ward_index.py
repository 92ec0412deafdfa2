"""A ward's households not yet a Digital Family (what their to-do list counts), built without
locking the roster."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("households", "0013_household_not_family_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="household",
            index=models.Index(
                condition=models.Q(("is_digital_family", False)),
                fields=["ward"],
                name="household_not_family_ward_idx",
            ),
        ),
    ]
