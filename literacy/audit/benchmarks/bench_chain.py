"""Benchmark of the audit log's hash chain: appending in bulk, and verifying a long chain.

Measured in one run on a fresh database:

* appending ``--rows`` audit rows (default 1,000,000) in statements of 100,000, as the roster
  import writes them (one ``INSERT … SELECT`` with a JSON snapshot per row), each committed;
* ``audit_chain_verify`` over the whole log: seconds, rows/s and the Python process's peak
  memory before and after (the walk runs in the database, one result row per batch);
* the same walk finding a row changed at the very end.

Usage: ``python literacy/audit/benchmarks/bench_chain.py [--fresh] [--rows 1000000]``. Creates
the database named in DATABASE_URL if missing and migrates it; ``--fresh`` drops it first.
"""

# SQL is assembled from model metadata (the table name) only; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")
os.environ.setdefault("DEBUG", "1")

STATEMENT_ROWS = 100_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fresh", action="store_true", help="drop and recreate the database before the run"
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()

    from households.benchmarks.bench_import import ensure_database

    ensure_database(fresh=args.fresh)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from literacy.audit.chain import audit_chain_verify
    from literacy.audit.models import AuditEvent

    audit = AuditEvent._meta.db_table
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {audit}")
        (existing,) = cursor.fetchone()

    started = time.perf_counter()
    written = 0
    while written < args.rows:
        count = min(STATEMENT_ROWS, args.rows - written)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {audit} (at, actor_id, ward_id, action, object_type, object_id,
                                         summary, before, after)
                    SELECT %(now)s, NULL, 1, 'create', 'resident', g::text,
                           'Nguyễn Văn Người ' || g, NULL,
                           jsonb_build_object('full_name', 'Nguyễn Văn Người ' || g,
                               'date_of_birth', '1980-05-17', 'gender', 'M',
                               'cccd', '********' || lpad((g %% 10000)::text, 4, '0'),
                               'phone', '0912345678', 'household', g / 4,
                               'vneid_level', 2, 'has_bank_account', true)
                    FROM generate_series(%(first)s, %(last)s) g""",
                {"now": timezone.now(), "first": written + 1, "last": written + count},
            )
        written += count
    seconds = time.perf_counter() - started
    print(
        f"append {written:,} rows ({STATEMENT_ROWS:,} per INSERT … SELECT)  {seconds:7.2f} s  "
        f"{written / seconds:>10,.0f} rows/s"
    )

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {audit}")
    before = peak_mb()
    started = time.perf_counter()
    report = audit_chain_verify()
    seconds = time.perf_counter() - started
    assert report.ok and report.rows == existing + written, report.message
    print(
        f"verify {report.rows:,} rows                          {seconds:7.2f} s  "
        f"{report.rows / seconds:>10,.0f} rows/s  (peak memory {before:.0f} MB before, "
        f"{peak_mb():.0f} MB after)"
    )

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL session_replication_role = replica;"
            f"UPDATE {audit} SET summary = 'edited' WHERE chain_seq = %s",
            [report.head_position],
        )
    started = time.perf_counter()
    broken = audit_chain_verify()
    seconds = time.perf_counter() - started
    assert broken.broken and broken.broken.position == report.head_position, broken.message
    print(f"verify, a row changed at the end found in   {seconds:7.2f} s: {broken.broken.message}")


if __name__ == "__main__":
    main()
