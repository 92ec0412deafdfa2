"""Bulk writes of demo rows with COPY: millions of rows in minutes."""
# SQL is assembled from model metadata (table and column names) only; values go through COPY.
# ruff: noqa: S608

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import connection

BATCH = 5000
T = TypeVar("T")
R = TypeVar("R")


def copy_in(cursor, sql: str, text: str) -> None:
    """COPY ``text`` in one read: psycopg2 otherwise reads 8 KB at a time, taking the GIL back
    for each piece, which a second seeding thread busy in Python makes wait (up to 5 ms each)."""
    # (positional: Django's debug cursor passes no keyword arguments on)
    cursor.copy_expert(sql, io.StringIO(text), max(len(text), 8192))


def for_each_ward(wards: Iterable[T], work: Callable[[T], R], *, workers: int) -> list[R]:
    """``work`` for each ward, in order of the results. With ``workers`` > 1,
    that many threads each write a ward at a time on their own connection, in its own
    transaction, so the database uses both cores while Python prepares the next ward."""
    if workers <= 1:
        return [work(ward) for ward in wards]

    def run(ward: T) -> R:
        try:
            return work(ward)
        finally:
            connection.close()  # this thread's connection; the next ward opens a fresh one

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, wards))


def copy_text(value) -> str:
    """A value as a field of PostgreSQL's COPY text format."""
    if value.__class__ is int:  # most values of the big tables: ids
        return str(value)
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text:
        text = text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")
    return text


def reserve_ids(cursor, table: str, count: int) -> list[int]:
    """``count`` ids from the table's sequence, so rows can be linked before they are written."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [table, count],
    )
    return [row[0] for row in cursor.fetchall()]


def write_rows(
    model, columns: Sequence[str], rows: Sequence[tuple], *, ignore_conflicts: bool = False
) -> int:
    """Insert ``rows`` (values in the order of ``columns``, field attnames such as
    ``resident_id``) into ``model``'s table; columns left out take NULL or their identity.
    ``ignore_conflicts``: rows that break a unique constraint are skipped, not an error.
    Return how many rows were written (skipped ones not counted: the audit says what was)."""
    if not rows:
        return 0
    table, names = model._meta.db_table, ", ".join(columns)
    text = "".join("\t".join(map(copy_text, row)) + "\n" for row in rows)
    with connection.cursor() as cursor:
        if not ignore_conflicts:
            copy_in(cursor, f"COPY {table} ({names}) FROM STDIN", text)
            return len(rows)
        # COPY cannot skip conflicting rows: stage them, then one INSERT … ON CONFLICT.
        cursor.execute(
            f"CREATE TEMP TABLE bulk_rows ON COMMIT DROP AS SELECT {names} FROM {table} LIMIT 0"
        )
        copy_in(cursor, f"COPY bulk_rows ({names}) FROM STDIN", text)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM bulk_rows ON CONFLICT DO NOTHING"
        )
        written = cursor.rowcount
        cursor.execute("DROP TABLE bulk_rows")
        return written
