"""A ward's accounts filtered and sorted from an index, built without locking sign-in.

A ward official's account list looks the ward's accounts up by id (a few thousand): with their
role, username and superuser flag in the index, no account row is read until the page's own.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0003_user_list_order_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="user",
            index=models.Index(
                fields=["id"],
                include=["role", "username", "is_superuser"],
                name="user_listed_idx",
            ),
        ),
    ]
