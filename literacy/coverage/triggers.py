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

from .models.changes import ChangeKind

#: Above this many rows a statement logs wards rather than ids.
BULK_ROWS = 2000
TRIGGER_NAMES = ("coverage_insert", "coverage_update", "coverage_delete")


@dataclass(frozen=True)
class Watched:
    """A table the figures read: what to log for its rows, and which columns count."""

    model: str
    #: (change kind, column holding the id to log)
    logs: tuple[tuple[str, str], ...]
    #: SQL giving the row's ward; ``{t}`` is the row's alias.
    ward: str
    columns: tuple[str, ...]


WATCHED = (
    Watched(
        "households.Resident",
        ((ChangeKind.RESIDENT, "id"),),
        "{t}.ward_id",
        (
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
        "{t}.ward_id",
        ("ward_id", "hamlet_id"),
    ),
    Watched(
        "lessons.Completion",
        ((ChangeKind.RESIDENT, "resident_id"),),
        "(SELECT r.ward_id FROM households_resident r WHERE r.id = {t}.resident_id)",
        ("resident_id", "lesson_id", "completed_at"),
    ),
    Watched(
        "lessons.ClassSession",
        ((ChangeKind.CLASS, "id"),),
        "{t}.ward_id",
        ("ward_id", "hamlet_id", "starts_at"),
    ),
    Watched(
        "mentors.Mentor",
        ((ChangeKind.MENTOR, "id"),),
        "{t}.ward_id",
        ("ward_id", "home_hamlet_id", "is_active"),
    ),
    Watched(
        "mentors.Assignment",
        ((ChangeKind.MENTOR, "mentor_id"), (ChangeKind.RESIDENT, "mentee_id")),
        "(SELECT m.ward_id FROM mentors_mentor m WHERE m.id = {t}.mentor_id)",
        ("mentor_id", "mentee_id", "ends_at"),
    ),
)
#: The curriculum: a change to which lessons are active, core or 4T changes everyone's figures.
CURRICULUM = ("lessons.Lesson", ("track", "is_active"))

DECLARE = [("_xid", "bigint"), ("_n", "bigint")]
START = "_xid := pg_current_xact_id()::text::bigint;"


def _log_table() -> str:
    return apps.get_model("coverage", "CoverageChange")._meta.db_table


def _distinct_of(aliases: tuple[str, ...], watched: Watched) -> str:
    return ", ".join(
        f"('{kind}', {alias}.{column})" for alias in aliases for kind, column in watched.logs
    )


def _body(watched: Watched, *, source: str, aliases: tuple[str, ...], where: str = "TRUE") -> str:
    """Count the touched rows; log their ids, or their wards when there are many."""
    log = _log_table()
    wards = ", ".join(f"({watched.ward.format(t=alias)})" for alias in aliases)
    ids = _distinct_of(aliases, watched)
    return f"""
        {START}
        SELECT count(*) INTO _n FROM {source} WHERE {where};
        IF _n = 0 THEN
            RETURN NULL;
        ELSIF _n > {BULK_ROWS} THEN
            INSERT INTO {log} (xid, kind, object_id)
            SELECT DISTINCT _xid, '{ChangeKind.WARD}', v.ward_id
            FROM {source} CROSS JOIN LATERAL (VALUES {wards}) AS v(ward_id)
            WHERE ({where}) AND v.ward_id IS NOT NULL;
        ELSE
            INSERT INTO {log} (xid, kind, object_id)
            SELECT DISTINCT _xid, v.kind, v.object_id
            FROM {source} CROSS JOIN LATERAL (VALUES {ids}) AS v(kind, object_id)
            WHERE ({where}) AND v.object_id IS NOT NULL;
        END IF;
        RETURN NULL;
    """


#: The two transition tables of an UPDATE, row by row.
UPDATED = "old_rows o JOIN new_rows n ON n.id = o.id"


def _changed(columns: tuple[str, ...]) -> str:
    old = ", ".join(f"o.{c}" for c in columns)
    new = ", ".join(f"n.{c}" for c in columns)
    return f"({old}) IS DISTINCT FROM ({new})"


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
    insert, update, delete = TRIGGER_NAMES
    return [
        _statement_trigger(
            insert,
            pgtrigger.Insert,
            pgtrigger.Referencing(new="new_rows"),
            _body(watched, source="new_rows t", aliases=("t",)),
        ),
        _statement_trigger(
            update,
            pgtrigger.Update,
            pgtrigger.Referencing(old="old_rows", new="new_rows"),
            _body(watched, source=UPDATED, aliases=("o", "n"), where=_changed(watched.columns)),
        ),
        _statement_trigger(
            delete,
            pgtrigger.Delete,
            pgtrigger.Referencing(old="old_rows"),
            _body(watched, source="old_rows t", aliases=("t",)),
        ),
    ]


def _curriculum_body(source: str, where: str = "TRUE") -> str:
    return f"""
        {START}
        IF EXISTS (SELECT 1 FROM {source} WHERE {where}) THEN
            INSERT INTO {_log_table()} (xid, kind, object_id)
            VALUES (_xid, '{ChangeKind.ALL}', NULL);
        END IF;
        RETURN NULL;
    """


def _curriculum_triggers() -> list[pgtrigger.Trigger]:
    insert, update, delete = TRIGGER_NAMES
    _, columns = CURRICULUM
    return [
        _statement_trigger(
            insert,
            pgtrigger.Insert,
            pgtrigger.Referencing(new="new_rows"),
            _curriculum_body("new_rows"),
        ),
        _statement_trigger(
            update,
            pgtrigger.Update,
            pgtrigger.Referencing(old="old_rows", new="new_rows"),
            _curriculum_body(UPDATED, _changed(columns)),
        ),
        _statement_trigger(
            delete,
            pgtrigger.Delete,
            pgtrigger.Referencing(old="old_rows"),
            _curriculum_body("old_rows"),
        ),
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
