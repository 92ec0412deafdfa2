"""The audit log becomes tamper-evident: each row carries a hash chained over the previous row.

The database fills the chain in a BEFORE INSERT trigger, so every writer gets it (ORM saves,
``bulk_create``, the import's ``INSERT … SELECT``, COPY) and none can forge it. Appends are
serialised by a transaction-level advisory lock: the chain's head is read after the lock is
granted, and under READ COMMITTED each statement of a VOLATILE PL/pgSQL function takes a fresh
snapshot, so it sees the head committed by the previous holder. Rows already in the log are
chained here in id order.

``audit_chain_hash`` is the one definition of a row's hash: the trigger and the verifier
(``literacy/audit/chain.py``) both call it. Its content is a row value rendered as text
(unambiguous quoting, NULL distinct from an empty string), the time as epoch seconds (not
dependent on the session's time zone), the JSON as ``jsonb`` text (canonical key order). It is
STABLE, like the functions it calls, so PostgreSQL inlines it into the calling expression.
"""

from django.db import migrations, models

GENESIS = "'\\x" + "00" * 32 + "'::bytea"

HASH_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_chain_hash(
    prev bytea, id bigint, chain_seq bigint, at timestamptz, actor_id bigint, ward_id bigint,
    action text, object_type text, object_id text, summary text, before jsonb, after jsonb
) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT sha256(prev || convert_to(ROW(
        id, chain_seq, extract(epoch FROM at), actor_id, ward_id, action, object_type,
        object_id, summary, before, after
    )::text, 'UTF8'))
$$;
"""

TRIGGER = f"""
CREATE OR REPLACE FUNCTION audit_auditevent_chain() RETURNS trigger
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    head_seq bigint;
    head_hash bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(4010, 0);
    SELECT chain_seq, row_hash INTO head_seq, head_hash
    FROM audit_auditevent ORDER BY chain_seq DESC LIMIT 1;
    NEW.chain_seq := COALESCE(head_seq, 0) + 1;
    NEW.prev_hash := COALESCE(head_hash, {GENESIS});
    NEW.row_hash := audit_chain_hash(
        NEW.prev_hash, NEW.id, NEW.chain_seq, NEW.at, NEW.actor_id, NEW.ward_id, NEW.action,
        NEW.object_type, NEW.object_id, NEW.summary, NEW.before, NEW.after
    );
    RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS audit_auditevent_chain_append ON audit_auditevent;
CREATE TRIGGER audit_auditevent_chain_append BEFORE INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_chain();
"""

# The rows logged before the chain existed, in id order (one pass; the migration runs as the
# table's owner, who may lift the append-only trigger for it).
BACKFILL = f"""
ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_change;
DO $$
DECLARE
    entry record;
    seq bigint := 0;
    previous_hash bytea := {GENESIS};
BEGIN
    FOR entry IN SELECT * FROM audit_auditevent ORDER BY id LOOP
        seq := seq + 1;
        UPDATE audit_auditevent SET chain_seq = seq, prev_hash = previous_hash,
            row_hash = audit_chain_hash(
                previous_hash, entry.id, seq, entry.at, entry.actor_id, entry.ward_id,
                entry.action, entry.object_type, entry.object_id, entry.summary, entry.before,
                entry.after
            )
        WHERE id = entry.id
        RETURNING row_hash INTO previous_hash;
    END LOOP;
END;
$$;
ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_no_change;
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_chain_append ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_chain();
DROP FUNCTION IF EXISTS audit_chain_hash(
    bytea, bigint, bigint, timestamptz, bigint, bigint, text, text, text, text, jsonb, jsonb
);
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_order_by_id_brin_at")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain_seq",
            field=models.BigIntegerField(
                db_default=0, editable=False, verbose_name="chain position"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.BinaryField(db_default=b"", editable=False, verbose_name="previous hash"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="row_hash",
            field=models.BinaryField(db_default=b"", editable=False, verbose_name="hash"),
        ),
        migrations.RunSQL(HASH_FUNCTION + BACKFILL + TRIGGER, DROP),
        migrations.AlterField(
            model_name="auditevent",
            name="chain_seq",
            field=models.BigIntegerField(
                db_default=0, editable=False, unique=True, verbose_name="chain position"
            ),
        ),
    ]
