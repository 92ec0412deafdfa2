"""Room on every page of the resident and household snapshots for their rows' next versions.

An incremental run updates the snapshot rows of what changed in place (``rollup/deltas.py``);
with free room on the row's page and no indexed column changed, PostgreSQL keeps the new version
on that page and writes no index entry (a heap-only tuple). Rows written before this migration
get the room when the next full run writes the snapshots again.
"""

from django.db import migrations

#: Percent of each page filled when rows are written (the rest is kept for updates).
FILLFACTOR = 85
TABLES = ("coverage_residentsnapshot", "coverage_householdsnapshot")


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0004_page_versions"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[f"ALTER TABLE {table} SET (fillfactor = {FILLFACTOR})" for table in TABLES],
            reverse_sql=[f"ALTER TABLE {table} RESET (fillfactor)" for table in TABLES],
        ),
    ]
