"""The tokens a cached dashboard is keyed on, replaced by the database on every write.

A statement-level trigger on each table the pages show gives its source
(:class:`~.models.versions.VersionSource`) a new random token at every writing statement (a
few dozen a run: one small row updated in place). The new token commits with the write, so a
page cached under a token was drawn from figures at least as new as that token's; and a reader
inside the writing transaction (a test) sees each statement's new token too.

* figures: the roll-up rows and the cursor (a run's "as of" time);
* targets: the programme target and the ward overrides;
* names: edits and deletions of wards, hamlets and lessons (a new one shows up on a page only
  with its roll-up rows, which replace the figures' token; inserts are left out so that
  imports creating hamlets side by side never wait on one row).

The token's row stays locked until the writing transaction ends. Roll-up runs already take turns
where they write their rows (the programme's lock), and target edits have their own row.
"""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; values are parameters)

from __future__ import annotations

import pgtrigger
from django.apps import apps
from django.db import connection

from literacy.accounts.scope import remember_ward_ids

from .models.versions import CoverageVersion, VersionSource

_EVERY_WRITE = pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete | pgtrigger.Truncate

#: (source, the models whose writes replace its token, which writes)
SOURCES = (
    (
        VersionSource.FIGURES,
        (
            "coverage.CoverageDay",
            "coverage.CoverageSegmentDay",
            "coverage.CoverageLessonDay",
            "coverage.CoverageCursor",
        ),
        _EVERY_WRITE,
    ),
    (VersionSource.TARGETS, ("coverage.ProgrammeTarget", "coverage.WardTarget"), _EVERY_WRITE),
    (
        VersionSource.NAMES,
        ("areas.Ward", "areas.Hamlet", "lessons.Lesson"),
        pgtrigger.Update | pgtrigger.Delete | pgtrigger.Truncate,
    ),
)


def _table() -> str:
    return CoverageVersion._meta.db_table


def _body(source: int) -> str:
    return f"""
        INSERT INTO {_table()} (id, token) VALUES ({source}, gen_random_uuid())
        ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
        RETURN NULL;
    """


def triggers() -> list[tuple[type, pgtrigger.Trigger]]:
    """Every (model, trigger) pair that replaces a token."""
    pairs = []
    for source, models, operation in SOURCES:
        for model in models:
            trigger = pgtrigger.Trigger(
                name="coverage_version",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=operation,
                func=_body(source),
            )
            pairs.append((apps.get_model(model), trigger))
    return pairs


def register() -> None:
    for model, trigger in triggers():
        trigger.register(model)


def pages_version(user) -> tuple[str, tuple[int, ...]]:
    """The tokens of every source, and the wards the user serves (one query: the key of the
    user's cached pages). The wards are kept for the scope, which then asks no more."""
    wards = user.wards.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT (SELECT coalesce(string_agg(token::text, '.' ORDER BY id), '')
                    FROM {_table()}),
                   ARRAY(SELECT ward_id FROM {wards} WHERE user_id = %s ORDER BY ward_id)
            """,
            [user.pk],
        )
        tokens, ward_ids = cursor.fetchone()
    remember_ward_ids(user, ward_ids)
    return tokens, tuple(ward_ids)
