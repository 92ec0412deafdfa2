"""The stored Digital Family flag, kept by the database (django-pgtrigger).

``Household.is_digital_family`` says whether the household has a trained member. Stored, the
to-do list of households not yet a Digital Family walks a partial index in the list's order and
stops after a page; computed, it tested every household of a hamlet for a trained member before
the first could be shown. Two kinds of trigger keep it true whoever writes:

- on residents, per statement: the flag can only change when a trained person joins, leaves or
  is deleted, or someone's ``is_trained`` changes, so each statement recomputes the flag of just
  the households on either side of those rows, in one ``UPDATE`` over its transition tables
  (forms, the roster import's COPY, the set-based training refresh, seeding, a household's
  deletion setting its members' household to null). PostgreSQL allows transition tables only
  on single-event triggers, hence three;
- on households, per row before it is written: the flag is computed from the members, so a
  ``save()`` of a household read before its members changed cannot write back a stale flag.
"""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; no values)

from __future__ import annotations

import pgtrigger

from literacy.statement_triggers import EVENTS

RESIDENTS = "households_resident"
HOUSEHOLDS = "households_household"
#: The columns the flag reads.
COLUMNS = "id, household_id, is_trained"


def _households_touched(event: str) -> str:
    """The households whose flag the statement may have changed: those of trained rows
    inserted or deleted, and for an update, those on either side of a row whose household or
    training changed while trained on that side (``EXCEPT``, not a join of the transition
    tables: without statistics the planner may nest loops over a 700,000-row refresh)."""
    if event == "insert":
        return "SELECT household_id FROM new_rows WHERE is_trained"
    if event == "delete":
        return "SELECT household_id FROM old_rows WHERE is_trained"
    return (
        f"SELECT household_id FROM (SELECT {COLUMNS} FROM old_rows"
        f" EXCEPT SELECT {COLUMNS} FROM new_rows) o WHERE o.is_trained"
        f" UNION SELECT household_id FROM (SELECT {COLUMNS} FROM new_rows"
        f" EXCEPT SELECT {COLUMNS} FROM old_rows) n WHERE n.is_trained"
    )


def _body(event: str) -> str:
    return f"""
        UPDATE {HOUSEHOLDS} h
        SET is_digital_family = f.flag
        FROM (
            SELECT t.household_id, EXISTS (
                SELECT 1 FROM {RESIDENTS} r WHERE r.household_id = t.household_id AND r.is_trained
            ) AS flag
            FROM ({_households_touched(event)}) t
            WHERE t.household_id IS NOT NULL
            GROUP BY t.household_id
        ) f
        WHERE h.id = f.household_id AND h.is_digital_family <> f.flag;
        RETURN NULL;
    """


def digital_family_triggers() -> list[pgtrigger.Trigger]:
    """The residents table's triggers that keep its households' flags (``Resident.Meta``)."""
    return [
        pgtrigger.Trigger(
            name=f"digital_family_{event}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=operation,
            referencing=pgtrigger.Referencing(**tables),
            func=_body(event),
        )
        for event, operation, tables in EVENTS
    ]


def household_flag_trigger() -> pgtrigger.Trigger:
    """The household's own trigger: its flag from its members on every insert and update."""
    return pgtrigger.Trigger(
        name="digital_family_flag",
        level=pgtrigger.Row,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=f"""
            NEW.is_digital_family := EXISTS (
                SELECT 1 FROM {RESIDENTS} r WHERE r.household_id = NEW.id AND r.is_trained
            );
            RETURN NEW;
        """,
    )
