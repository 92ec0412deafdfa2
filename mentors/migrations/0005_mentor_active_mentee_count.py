"""Each mentor's number of active mentees, stored and kept by the database.

Statement-level triggers on the assignments recount the mentors whose assignments a statement
inserted, changed or deleted (a bulk assignment of thousands recounts each mentor once, and a
resident's deletion, cascading to their assignments, recounts too). A row trigger on the mentor
recounts on every other update of the row, so a save with a stale count cannot overwrite it;
it skips updates made by the assignment triggers themselves, which counted already.
"""

from django.db import migrations, models

RECOUNT = """
(SELECT count(*) FROM mentors_assignment AS a WHERE a.mentor_id = m.id AND a.ends_at IS NULL)
"""

TRIGGERS = f"""
CREATE OR REPLACE FUNCTION mentors_mentor_recount() RETURNS trigger AS $$
BEGIN
    IF pg_trigger_depth() = 1 THEN
        NEW.active_mentee_count := (
            SELECT count(*) FROM mentors_assignment AS a
            WHERE a.mentor_id = NEW.id AND a.ends_at IS NULL
        );
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER mentors_mentor_mentee_count BEFORE UPDATE ON mentors_mentor
FOR EACH ROW EXECUTE FUNCTION mentors_mentor_recount();

CREATE OR REPLACE FUNCTION mentors_assignment_recount() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE mentors_mentor AS m SET active_mentee_count = {RECOUNT}
        WHERE m.id IN (SELECT mentor_id FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE mentors_mentor AS m SET active_mentee_count = {RECOUNT}
        WHERE m.id IN (SELECT mentor_id FROM new_rows UNION SELECT mentor_id FROM old_rows);
    ELSE
        UPDATE mentors_mentor AS m SET active_mentee_count = {RECOUNT}
        WHERE m.id IN (SELECT mentor_id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER mentors_assignment_inserted AFTER INSERT ON mentors_assignment
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION mentors_assignment_recount();

CREATE TRIGGER mentors_assignment_updated AFTER UPDATE ON mentors_assignment
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION mentors_assignment_recount();

CREATE TRIGGER mentors_assignment_deleted AFTER DELETE ON mentors_assignment
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION mentors_assignment_recount();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS mentors_assignment_inserted ON mentors_assignment;
DROP TRIGGER IF EXISTS mentors_assignment_updated ON mentors_assignment;
DROP TRIGGER IF EXISTS mentors_assignment_deleted ON mentors_assignment;
DROP FUNCTION IF EXISTS mentors_assignment_recount();
DROP TRIGGER IF EXISTS mentors_mentor_mentee_count ON mentors_mentor;
DROP FUNCTION IF EXISTS mentors_mentor_recount();
"""

# The mentors who have mentees now (the row trigger counts each).
FILL = """
UPDATE mentors_mentor AS m SET active_mentee_count = 0
WHERE m.id IN (SELECT mentor_id FROM mentors_assignment WHERE ends_at IS NULL)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("mentors", "0004_tick_ward_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentor",
            name="active_mentee_count",
            field=models.PositiveIntegerField(
                db_default=0, default=0, editable=False, verbose_name="active mentees"
            ),
        ),
        migrations.RunSQL(sql=TRIGGERS, reverse_sql=DROP_TRIGGERS),
        migrations.RunSQL(sql=FILL, reverse_sql=migrations.RunSQL.noop),
    ]
