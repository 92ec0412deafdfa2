"""Adults with VNeID level 2 and a bank account or e-wallet (what the digital-identity to-do
summary reads). The latest day's rows are counted here from the snapshots, so that the next
incremental run adds its changes to a right figure; earlier days keep 0 (no page draws a trend of
it) until ``rollup_coverage --full``."""

from django.db import migrations, models

FILL_LATEST_DAY = """
WITH latest AS (SELECT max(day) AS day FROM coverage_coverageday),
done AS (
    SELECT s.ward_id, s.hamlet_id
    FROM coverage_residentsnapshot s, latest
    WHERE s.has_vneid2 AND s.is_banked
      AND s.date_of_birth <= (latest.day - interval '16 years')::date
),
areas AS (
    SELECT 0 AS kind, 0::bigint AS area_id, count(*) AS n FROM done
    UNION ALL SELECT 1, ward_id, count(*) FROM done GROUP BY ward_id
    UNION ALL SELECT 2, hamlet_id, count(*) FROM done WHERE hamlet_id IS NOT NULL GROUP BY hamlet_id
    UNION ALL SELECT 3, ward_id, count(*) FROM done WHERE hamlet_id IS NULL GROUP BY ward_id
)
UPDATE coverage_coverageday d SET adults_identity_done = areas.n
FROM areas, latest
WHERE d.day = latest.day AND d.kind = areas.kind AND d.area_id = areas.area_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0002_snapshots_unlogged"),
    ]

    operations = [
        migrations.AddField(
            model_name="coverageday",
            name="adults_identity_done",
            field=models.IntegerField(
                default=0,
                verbose_name="adults with VNeID level 2 and a bank account or e-wallet",
            ),
        ),
        migrations.RunSQL(FILL_LATEST_DAY, reverse_sql=migrations.RunSQL.noop),
    ]
