"""A trigram index on the folded name, for the accent-insensitive search.

Built with ``CREATE INDEX CONCURRENTLY`` (a non-atomic migration), so imports and edits go on
while it builds on millions of residents. It needs the ``pg_trgm`` extension, which both the
embedded PostgreSQL (``literacy/embedded_postgres.py`` creates it with the database) and the
system PostgreSQL ship. Where it is missing and this role may not create it (a managed server
without it, or a migration run as an owner without ``CREATE`` on the database), the index is
left out with a warning: the search still works, by reading the name indexes; create the
extension as a superuser and re-run this migration (``migrate households 0006`` then
``migrate``) to add it.
"""

import sys

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import DatabaseError, migrations

EXTENSION = "pg_trgm"


def _trigrams_available(schema_editor) -> bool:
    """Whether ``pg_trgm`` is installed, installing it when the server has it and we may."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = %s", [EXTENSION])
        if cursor.fetchone():
            return True
        try:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}")
        except DatabaseError as exc:
            sys.stderr.write(
                f"\n  {EXTENSION} is not available ({exc}); the name search's trigram index is"
                " left out (the search works without it).\n"
            )
            return False
    return True


class AddTrigramIndexConcurrently(AddIndexConcurrently):
    """``AddIndexConcurrently`` that skips the index where ``pg_trgm`` cannot be had."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _trigrams_available(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("households", "0006_household_listed_hamlet"),
    ]

    operations = [
        AddTrigramIndexConcurrently(
            model_name="resident",
            index=GinIndex(
                fields=["name_folded"], opclasses=["gin_trgm_ops"], name="resident_name_trgm_idx"
            ),
        ),
    ]
