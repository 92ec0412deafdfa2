"""The audit log's hash chain: every writer gets it, and the verifier names the first broken row."""

# SQL is assembled from the model's table name only; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

import io
import threading

import pytest
from django.db import connection, transaction

from literacy.audit.chain import GENESIS, audit_chain_verify
from literacy.audit.models import AuditEvent
from literacy.audit.services import AuditEntry, audit_record, audit_record_many

pytestmark = pytest.mark.django_db

AUDIT = AuditEvent._meta.db_table
COLUMNS = "at, action, object_type, object_id, summary"


def _log(count: int) -> list[AuditEvent]:
    return [
        audit_record(
            actor=None, action="view", object_type="resident", object_id=n, summary=f"#{n}"
        )
        for n in range(1, count + 1)
    ]


def _as_superuser(sql: str, params=None) -> None:
    """What someone with the owner's or a superuser's rights could do around the guards."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _chain() -> list[tuple[int, bytes, bytes]]:
    rows = AuditEvent.objects.order_by("chain_seq").values_list(
        "chain_seq", "prev_hash", "row_hash"
    )
    return [(seq, bytes(prev), bytes(row)) for seq, prev, row in rows]


def test_every_writer_appends_to_one_unbroken_chain(ward_a):
    single = audit_record(actor=None, action="create", object_type="resident", object_id=1)
    audit_record_many(
        actor=None,
        entries=[AuditEntry(action="update", object_type="resident", object_id=n) for n in (2, 3)],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AUDIT} ({COLUMNS}) SELECT now(), 'create', 'household', g::text, '' "
            "FROM generate_series(1, 3) g"
        )
        cursor.copy_expert(
            f"COPY {AUDIT} ({COLUMNS}) FROM STDIN",
            io.StringIO("2026-01-05 10:00:00+07\tview\tresident\t9\tcopied\n"),
        )
    chain = _chain()
    assert [seq for seq, _prev, _row in chain] == list(range(1, 8))
    assert chain[0][1] == GENESIS
    assert all(chain[n][1] == chain[n - 1][2] for n in range(1, 7))
    assert len({row for _seq, _prev, row in chain}) == 7
    assert (single.chain_seq, bytes(single.row_hash)) == (1, chain[0][2])
    assert audit_chain_verify().ok


def test_a_writer_cannot_choose_its_chain_position_or_hash():
    _log(2)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AUDIT} ({COLUMNS}, chain_seq, prev_hash, row_hash) "
            "VALUES (now(), 'view', 'resident', '3', '', 99, '\\x00', '\\x00') "
            "RETURNING chain_seq, length(row_hash)"
        )
        assert cursor.fetchone() == (3, 32)
    assert audit_chain_verify().ok


def test_a_clean_chain_verifies_and_reports_its_head():
    events = _log(5)
    report = audit_chain_verify(batch_size=2)
    assert report.ok and report.broken is None
    assert (report.rows, report.head_position) == (5, 5)
    assert report.head_hash == bytes(AuditEvent.objects.get(pk=events[-1].pk).row_hash).hex()
    assert "intact: 5 rows" in report.message


def test_an_empty_log_verifies():
    report = audit_chain_verify()
    assert report.ok and report.rows == 0 and report.head_hash == GENESIS.hex()


def test_a_row_changed_by_hand_with_the_trigger_disabled_is_named():
    events = _log(5)
    _as_superuser(
        f"ALTER TABLE {AUDIT} DISABLE TRIGGER audit_auditevent_no_change;"
        f"UPDATE {AUDIT} SET summary = 'nothing to see' WHERE id = %s;"
        f"ALTER TABLE {AUDIT} ENABLE TRIGGER audit_auditevent_no_change",
        [events[2].pk],
    )
    report = audit_chain_verify()
    assert not report.ok
    assert (report.broken.event_id, report.broken.position) == (events[2].pk, 3)
    assert report.broken.problem == "content"
    assert f"Row {events[2].pk} at chain position 3" in report.message


def test_a_row_changed_in_replica_mode_is_named():
    events = _log(4)
    _as_superuser(
        "SET LOCAL session_replication_role = replica;"
        f'UPDATE {AUDIT} SET after = \'{{"cccd": "074175001234"}}\' WHERE id = %s;'
        "SET LOCAL session_replication_role = origin",
        [events[3].pk],
    )
    report = audit_chain_verify()
    assert (report.broken.event_id, report.broken.problem) == (events[3].pk, "content")


def test_a_deleted_row_is_found_and_the_row_after_it_named():
    events = _log(5)
    _as_superuser(
        "SET LOCAL session_replication_role = replica;"
        f"DELETE FROM {AUDIT} WHERE id = %s;"
        "SET LOCAL session_replication_role = origin",
        [events[1].pk],
    )
    report = audit_chain_verify()
    assert (report.broken.event_id, report.broken.position) == (events[2].pk, 3)
    assert report.broken.problem == "gap"
    assert "position 2 is missing" in report.broken.message


def test_the_first_rows_deleted_are_found():
    events = _log(4)
    _as_superuser(
        "SET LOCAL session_replication_role = replica;"
        f"DELETE FROM {AUDIT} WHERE id IN (%s, %s);"
        "SET LOCAL session_replication_role = origin",
        [events[0].pk, events[1].pk],
    )
    report = audit_chain_verify()
    assert (report.broken.event_id, report.broken.problem) == (events[2].pk, "gap")
    assert "positions 1–2 are missing" in report.broken.message


def test_a_row_rewritten_with_a_recomputed_hash_breaks_the_link_to_the_next():
    events = _log(4)
    _as_superuser(
        "SET LOCAL session_replication_role = replica;"
        f"UPDATE {AUDIT} SET summary = 'forged', row_hash = audit_chain_hash(prev_hash, id, "
        "chain_seq, at, actor_id, ward_id, action, object_type, object_id, 'forged', before, "
        "after) WHERE id = %s;"
        "SET LOCAL session_replication_role = origin",
        [events[1].pk],
    )
    report = audit_chain_verify()
    assert (report.broken.event_id, report.broken.position) == (events[2].pk, 3)
    assert report.broken.problem == "link"


def test_a_row_written_around_the_chain_trigger_is_named():
    _log(2)
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {AUDIT} DISABLE TRIGGER audit_auditevent_chain_append;"
            f"INSERT INTO {AUDIT} ({COLUMNS}) VALUES (now(), 'view', 'resident', '3', '') "
            "RETURNING id"
        )
        (sneaked,) = cursor.fetchone()
        cursor.execute(f"ALTER TABLE {AUDIT} ENABLE TRIGGER audit_auditevent_chain_append")
    report = audit_chain_verify()
    assert (report.broken.event_id, report.broken.problem) == (sneaked, "outside")


@pytest.mark.parametrize("position", [1, 2, 3, 4, 5])
def test_a_break_is_found_wherever_it_falls_in_the_batches(position):
    events = _log(5)
    _as_superuser(
        "SET LOCAL session_replication_role = replica;"
        f"UPDATE {AUDIT} SET object_id = 'x' WHERE id = %s;"
        "SET LOCAL session_replication_role = origin",
        [events[position - 1].pk],
    )
    report = audit_chain_verify(batch_size=2)
    assert (report.broken.event_id, report.broken.position) == (events[position - 1].pk, position)


def test_an_anchor_recorded_earlier_catches_rows_cut_from_the_end():
    _log(3)
    kept = audit_chain_verify()
    assert audit_chain_verify(anchor=(kept.head_position, kept.head_hash)).ok
    _as_superuser(
        "SET LOCAL session_replication_role = replica;"
        f"DELETE FROM {AUDIT} WHERE chain_seq = 3;"
        "SET LOCAL session_replication_role = origin"
    )
    assert audit_chain_verify().ok  # the chain alone cannot tell
    report = audit_chain_verify(anchor=(kept.head_position, kept.head_hash))
    assert report.broken.problem == "anchor" and "no longer exists" in report.broken.message


def test_an_anchor_catches_a_chain_rebuilt_up_to_it():
    _log(3)
    kept = audit_chain_verify()
    genesis = "'\\x" + "00" * 32 + "'::bytea"
    _as_superuser(
        "SET LOCAL session_replication_role = replica;"
        f"UPDATE {AUDIT} SET summary = 'rebuilt' WHERE chain_seq = 1;"
        f"""DO $$ DECLARE entry record; previous bytea := {genesis}; BEGIN
            FOR entry IN SELECT * FROM {AUDIT} ORDER BY chain_seq LOOP
                UPDATE {AUDIT} SET prev_hash = previous, row_hash = audit_chain_hash(previous,
                    entry.id, entry.chain_seq, entry.at, entry.actor_id, entry.ward_id,
                    entry.action, entry.object_type, entry.object_id, entry.summary,
                    entry.before, entry.after)
                WHERE id = entry.id RETURNING row_hash INTO previous;
            END LOOP; END $$;"""
        "SET LOCAL session_replication_role = origin"
    )
    assert audit_chain_verify().ok  # rebuilt consistently: the chain alone cannot tell
    report = audit_chain_verify(anchor=(kept.head_position, kept.head_hash))
    assert (report.broken.position, report.broken.problem) == (3, "anchor")
    assert "rebuilt" in report.broken.message


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_two_connections_keep_one_valid_chain():
    per_writer, start = 15, threading.Barrier(2, timeout=30)
    failures: list[BaseException] = []

    def write(name: str) -> None:
        try:
            start.wait()
            for n in range(per_writer):
                with transaction.atomic():
                    audit_record(actor=None, action="view", object_type=name, object_id=n)
                    audit_record_many(
                        actor=None,
                        entries=[AuditEntry(action="update", object_type=name, object_id=n)],
                    )
        except BaseException as error:  # reported by the main thread
            failures.append(error)
        finally:
            connection.close()

    writers = [threading.Thread(target=write, args=(name,)) for name in ("left", "right")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert failures == []
    report = audit_chain_verify()
    assert report.ok and report.rows == 4 * per_writer
    assert [seq for seq, _prev, _row in _chain()] == list(range(1, 4 * per_writer + 1))
