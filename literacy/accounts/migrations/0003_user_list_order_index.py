"""The account list's order (role, then username) as an index, built without locking sign-in.

Every mentor has an account: at province scale the table holds over a hundred thousand rows, and
``CREATE INDEX CONCURRENTLY`` lets sign-ins and new accounts go on while it builds (hence a
non-atomic migration).
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0002_user_scope_and_login_sessions"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="user",
            index=models.Index(fields=["role", "username"], name="user_role_username_idx"),
        ),
    ]
