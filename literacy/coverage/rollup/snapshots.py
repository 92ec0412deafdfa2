"""The snapshots' rows as the raw tables give them now: one ``SELECT`` per kind, set-based.

Each function returns a ``SELECT`` with the snapshot table's columns for the rows matching
``where`` (SQL on the raw table, alias given below), or every row when ``where`` is ``None``.
Parameters: ``tz`` (the programme's time zone: a completion or class counts on its local day).
"""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; values are parameters)

from __future__ import annotations

from ..models import ClassSnapshot, HouseholdSnapshot, MentorSnapshot, ResidentSnapshot

RESIDENT_COLUMNS = (
    "resident_id, ward_id, hamlet_id, household_id, date_of_birth, is_worker, is_small_trader,"
    " is_farmer, is_ethnic_minority, has_vneid2, is_banked, is_mentee, trained_on, four_t_on,"
    " lesson_ids, lesson_days"
)
HOUSEHOLD_COLUMNS = "household_id, ward_id, hamlet_id, digital_family_on"
MENTOR_COLUMNS = "mentor_id, ward_id, hamlet_id, is_active, active_mentees"
CLASS_COLUMNS = "class_id, ward_id, hamlet_id, held_on"

RESIDENTS = ResidentSnapshot._meta.db_table
HOUSEHOLDS = HouseholdSnapshot._meta.db_table
MENTORS = MentorSnapshot._meta.db_table
CLASSES = ClassSnapshot._meta.db_table


def residents_from_raw(where: str | None, *, ids: str | None = None) -> str:
    """Residents (alias ``r``): where they live, what they are, when they were trained.

    Trained on = the local day the last active core lesson was completed, if all of them are;
    the same for the 4T track. Completions of retired lessons do not count. ``ids``: an SQL
    array of resident ids (e.g. a parameter) to read instead of ``where``.
    """
    if ids:
        where = f"r.id = ANY({ids})"
        in_scope = f"AND c.resident_id = ANY({ids})"
        mentee_scope = f"AND a.mentee_id = ANY({ids})"
    elif where:
        people = f"(SELECT r.id FROM households_resident r WHERE {where})"
        in_scope = f"AND c.resident_id IN {people}"
        mentee_scope = f"AND a.mentee_id IN {people}"
    else:
        in_scope = mentee_scope = ""
    return f"""
        WITH curriculum AS (
            SELECT count(*) FILTER (WHERE track = 'core') AS core,
                   count(*) FILTER (WHERE track = '4t') AS four_t
            FROM lessons_lesson WHERE is_active
        ),
        progress AS (
            SELECT c.resident_id,
                   count(*) FILTER (WHERE l.track = 'core') AS core_done,
                   max(c.done_on) FILTER (WHERE l.track = 'core') AS core_last,
                   count(*) FILTER (WHERE l.track = '4t') AS four_t_done,
                   max(c.done_on) FILTER (WHERE l.track = '4t') AS four_t_last,
                   array_agg(c.lesson_id) AS lesson_ids,
                   array_agg(c.done_on) AS lesson_days
            FROM (
                SELECT c.resident_id, c.lesson_id,
                       (c.completed_at AT TIME ZONE %(tz)s)::date AS done_on
                FROM lessons_completion c
                WHERE TRUE {in_scope}
            ) c
            JOIN lessons_lesson l ON l.id = c.lesson_id AND l.is_active
            GROUP BY c.resident_id
        ),
        mentees AS (
            SELECT DISTINCT a.mentee_id FROM mentors_assignment a
            WHERE a.ends_at IS NULL {mentee_scope}
        )
        SELECT r.id, r.ward_id, h.hamlet_id, r.household_id, r.date_of_birth,
               r.is_worker, r.is_small_trader, r.is_farmer, r.is_ethnic_minority,
               r.vneid_level = 2, r.has_bank_account OR r.has_ewallet,
               m.mentee_id IS NOT NULL,
               CASE WHEN k.core > 0 AND p.core_done = k.core THEN p.core_last END,
               CASE WHEN k.four_t > 0 AND p.four_t_done = k.four_t THEN p.four_t_last END,
               p.lesson_ids, p.lesson_days
        FROM households_resident r
        CROSS JOIN curriculum k
        LEFT JOIN households_household h ON h.id = r.household_id
        LEFT JOIN progress p ON p.resident_id = r.id
        LEFT JOIN mentees m ON m.mentee_id = r.id
        WHERE {where or "TRUE"}
    """


def households_from_raw(where: str | None) -> str:
    """Households (alias ``h``); a Digital Family from the first day a member was trained.

    Reads the *resident snapshot*, so it must run after the residents' snapshot is current.
    """
    scope = (
        f"AND s.household_id IN (SELECT h.id FROM households_household h WHERE {where})"
        if where
        else ""
    )
    return f"""
        SELECT h.id, h.ward_id, h.hamlet_id, f.first_trained
        FROM households_household h
        LEFT JOIN (
            SELECT s.household_id, min(s.trained_on) AS first_trained
            FROM {RESIDENTS} s
            WHERE s.household_id IS NOT NULL {scope}
            GROUP BY s.household_id
        ) f ON f.household_id = h.id
        WHERE {where or "TRUE"}
    """


def mentors_from_raw(where: str | None) -> str:
    """Mentors (alias ``m``), counted in their home hamlet, with their active mentees."""
    return f"""
        SELECT m.id, m.ward_id, m.home_hamlet_id, m.is_active,
               (SELECT count(*) FROM mentors_assignment a
                WHERE a.mentor_id = m.id AND a.ends_at IS NULL)
        FROM mentors_mentor m
        WHERE {where or "TRUE"}
    """


def classes_from_raw(where: str | None) -> str:
    """Classes (alias ``c``) and the local day each was held."""
    return f"""
        SELECT c.id, c.ward_id, c.hamlet_id, (c.starts_at AT TIME ZONE %(tz)s)::date
        FROM lessons_classsession c
        WHERE {where or "TRUE"}
    """
