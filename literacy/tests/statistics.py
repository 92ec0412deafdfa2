"""Assertions on the planner's statistics: which tables a bulk write touched, and whether each
was analysed afterwards (``literacy/table_statistics.py``)."""

from __future__ import annotations

from django.db import connection

from literacy.table_statistics import portal_tables


def row_counts() -> dict[str, int]:
    """Rows in every table of the portal's models (small test data: exact counts)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT '{table}', count(*) FROM {quote(table)}"  # noqa: S608 (model tables)
                for table in portal_tables()
            )
        )
        return dict(cursor.fetchall())


def analyse_counts() -> dict[str, int]:
    """How many times each table has been analysed (``pg_stat_user_tables``, read afresh)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT relname, analyze_count FROM pg_stat_user_tables")
        return dict(cursor.fetchall())


def written_since(before: dict[str, int]) -> list[str]:
    return sorted(table for table, rows in row_counts().items() if rows != before[table])


def assert_analysed_since(tables: list[str], before: dict[str, int]) -> None:
    """Each of ``tables`` was analysed after ``before`` was read, and its row estimate is the
    number of rows it holds now (ANALYZE reads every row of a small table)."""
    after = analyse_counts()
    stale = [table for table in tables if after.get(table, 0) <= before.get(table, 0)]
    assert not stale, f"not analysed after the write: {stale}"
    rows = row_counts()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE oid = ANY(%s::regclass[])",
            [tables],
        )
        estimates = dict(cursor.fetchall())
    assert {table: int(estimates[table]) for table in tables} == {t: rows[t] for t in tables}
