"""Change capture: statement-level triggers (django-pgtrigger) on every table the figures read.

Writers cannot forget to report a change, because the database reports it: services, the roster
import's COPY, class edits, ticks and undo, seeding, cascade deletes all fire these triggers.
Each statement appends the ids it touched to the change log (``CoverageChange``) in one
``INSERT … SELECT`` over its transition table (so a tick costs one more small row, never a task);
a statement over more than :data:`BULK_ROWS` rows logs its wards instead, and the next run
recounts those wards whole. Updates log only rows whose counted columns changed (a name edit or
the ``is_trained`` refresh logs nothing: the completions that caused it did).

PostgreSQL allows transition tables only on single-event triggers, hence three per table. The
triggers are registered on the other apps' models here (their files stay untouched) and
installed by this app's migrations (``install``).
"""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; values are parameters)

from __future__ import annotations

from dataclasses import dataclass

import pgtrigger
from django.apps import apps

from literacy.statement_triggers import EVENTS

from .models.changes import ChangeKind

#: Above this many rows a statement logs wards rather than ids.
BULK_ROWS = 2000


@dataclass(frozen=True)
class Watched:
    """A table the figures read: what to log for its rows, and which columns count."""

    model: str
    #: (change kind, column holding the id to log)
    logs: tuple[tuple[str, str], ...]
    #: Where the row's ward is: its own column, or ``(table, column)`` to look it up by.
    ward: str | tuple[str, str]
    #: The columns the figures read (with the logged ones and what finds the ward).
    columns: tuple[str, ...]


WATCHED = (
    Watched(
        "households.Resident",
        ((ChangeKind.RESIDENT, "id"),),
        "ward_id",
        (
            "id",
            "ward_id",
            "household_id",
            "date_of_birth",
            "is_worker",
            "is_small_trader",
            "is_farmer",
            "is_ethnic_minority",
            "vneid_level",
            "has_bank_account",
            "has_ewallet",
        ),
    ),
    Watched(
        "households.Household",
        ((ChangeKind.HOUSEHOLD, "id"),),
        "ward_id",
        ("id", "ward_id", "hamlet_id"),
    ),
    Watched(
        "lessons.Completion",
        ((ChangeKind.RESIDENT, "resident_id"),),
        ("households_resident", "resident_id"),
        ("id", "resident_id", "lesson_id", "completed_at"),
    ),
    Watched(
        "lessons.ClassSession",
        ((ChangeKind.CLASS, "id"),),
        "ward_id",
        ("id", "ward_id", "hamlet_id", "starts_at"),
    ),
    Watched(
        "mentors.Mentor",
        ((ChangeKind.MENTOR, "id"),),
        "ward_id",
        ("id", "ward_id", "home_hamlet_id", "is_active"),
    ),
    Watched(
        "mentors.Assignment",
        ((ChangeKind.MENTOR, "mentor_id"), (ChangeKind.RESIDENT, "mentee_id")),
        ("mentors_mentor", "mentor_id"),
        ("id", "mentor_id", "mentee_id", "ends_at"),
    ),
)
#: The curriculum: a change to which lessons are active, core or 4T changes everyone's figures.
CURRICULUM = ("lessons.Lesson", ("id", "track", "is_active"))

DECLARE = [("_xid", "bigint"), ("_n", "bigint")]
START = "_xid := pg_current_xact_id()::text::bigint;"


def _log_table() -> str:
    return apps.get_model("coverage", "CoverageChange")._meta.db_table


def _touched(columns: tuple[str, ...], event: str) -> str:
    """The rows a statement touched, as a derived table of the counted columns.

    For an UPDATE: the old and the new version of every row whose counted columns changed,
    found with ``EXCEPT`` (hashed or sorted). Joining the two transition tables instead lets the
    planner, which has no statistics for them, pick a nested loop: quadratic, hours for the
    700,000 rows of a training refresh.
    """
    cols = ", ".join(columns)
    if event == "insert":
        return f"(SELECT {cols} FROM new_rows)"
    if event == "delete":
        return f"(SELECT {cols} FROM old_rows)"
    return (
        f"((SELECT {cols} FROM old_rows EXCEPT SELECT {cols} FROM new_rows)"
        f" UNION ALL (SELECT {cols} FROM new_rows EXCEPT SELECT {cols} FROM old_rows))"
    )


def _wards(watched: Watched, touched: str) -> str:
    if isinstance(watched.ward, str):
        return f"SELECT DISTINCT t.{watched.ward} AS ward_id FROM {touched} t"
    table, key = watched.ward
    return (
        f"SELECT DISTINCT x.ward_id FROM (SELECT DISTINCT t.{key} AS key FROM {touched} t) k"
        f" JOIN {table} x ON x.id = k.key"
    )


def _body(watched: Watched, event: str) -> str:
    """Count the touched rows; log their ids, or their wards when there are many."""
    log = _log_table()
    touched = _touched(watched.columns, event)
    ids = ", ".join(f"('{kind}', t.{column})" for kind, column in watched.logs)
    return f"""
        {START}
        SELECT count(*) INTO _n FROM {touched} t;
        IF _n = 0 THEN
            RETURN NULL;
        ELSIF _n > {BULK_ROWS} THEN
            INSERT INTO {log} (xid, kind, object_id)
            SELECT _xid, '{ChangeKind.WARD}', w.ward_id FROM ({_wards(watched, touched)}) w
            WHERE w.ward_id IS NOT NULL;
        ELSE
            INSERT INTO {log} (xid, kind, object_id)
            SELECT DISTINCT _xid, v.kind, v.object_id
            FROM {touched} t CROSS JOIN LATERAL (VALUES {ids}) AS v(kind, object_id)
            WHERE v.object_id IS NOT NULL;
        END IF;
        RETURN NULL;
    """


def _statement_trigger(name: str, operation, referencing, func: str) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name=name,
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=operation,
        referencing=referencing,
        declare=DECLARE,
        func=func,
    )


def _watched_triggers(watched: Watched) -> list[pgtrigger.Trigger]:
    return [
        _statement_trigger(
            f"coverage_{event}", operation, pgtrigger.Referencing(**tables), _body(watched, event)
        )
        for event, operation, tables in EVENTS
    ]


def _curriculum_body(event: str) -> str:
    _, columns = CURRICULUM
    return f"""
        {START}
        IF EXISTS (SELECT 1 FROM {_touched(columns, event)} t) THEN
            INSERT INTO {_log_table()} (xid, kind, object_id)
            VALUES (_xid, '{ChangeKind.ALL}', NULL);
        END IF;
        RETURN NULL;
    """


def _curriculum_triggers() -> list[pgtrigger.Trigger]:
    return [
        _statement_trigger(
            f"coverage_{event}", operation, pgtrigger.Referencing(**tables), _curriculum_body(event)
        )
        for event, operation, tables in EVENTS
    ]


def triggers() -> list[tuple[type, pgtrigger.Trigger]]:
    """Every (model, trigger) pair this app installs."""
    pairs = []
    for watched in WATCHED:
        model = apps.get_model(watched.model)
        pairs += [(model, trigger) for trigger in _watched_triggers(watched)]
    lesson = apps.get_model(CURRICULUM[0])
    pairs += [(lesson, trigger) for trigger in _curriculum_triggers()]
    return pairs


def register() -> None:
    for model, trigger in triggers():
        trigger.register(model)


def install(apps_registry=None, schema_editor=None) -> None:
    """Create or replace the triggers (a migration step; safe to run again)."""
    database = schema_editor.connection.alias if schema_editor else None
    for model, trigger in triggers():
        trigger.install(model, database=database)


def uninstall(apps_registry=None, schema_editor=None) -> None:
    database = schema_editor.connection.alias if schema_editor else None
    for model, trigger in triggers():
        trigger.uninstall(model, database=database)
