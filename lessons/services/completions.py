"""Record and withdraw lesson completions (the progress record), set-based and audited.

A completion exists once per (resident, lesson) — a database constraint. It can be *supported*
by several things at once: every logged class the resident attended that covered the lesson, and
a mentor's tick (``ticked_at``). The row shows the first support (``source``, ``class_session``,
``completed_at``); when that support goes away (a class is edited or deleted) the completion is
re-pointed to what still supports it, and withdrawn only when nothing does. That is how editing a
class withdraws exactly the completions that only this class gave.

Every change is written to the audit log (``audit_record_many`` on bulk paths) and followed by
``residents_training_refresh`` for the residents concerned.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households.models import Resident
from literacy.audit.models import AuditAction, AuditEvent
from literacy.audit.services import AuditEntry, audit_record_many
from literacy.audit.summaries import summary_text
from literacy.bulk_insert import insert_new_rows

from ..models import Attendance, ClassSession, Completion, CompletionSource, Lesson
from .training import residents_training_refresh


@dataclass(frozen=True)
class CompletionChanges:
    """What a write did: rows created, re-pointed to another support, withdrawn."""

    created: int = 0
    repointed: int = 0
    withdrawn: int = 0


def _snapshot(completion: Completion) -> dict:
    return {
        "resident_id": completion.resident_id,
        "lesson_id": completion.lesson_id,
        "source": completion.source,
        "class_session_id": completion.class_session_id,
        "completed_at": completion.completed_at.isoformat() if completion.completed_at else None,
        "ticked": completion.ticked_at is not None,
    }


#: What ``insert_new_rows`` returns for each completion written: enough for its snapshot.
SNAPSHOT_FIELDS = ("resident", "lesson", "source", "class_session", "completed_at", "ticked_at")


def _row_snapshot(row: dict) -> dict:
    """The snapshot of a completion as returned by the INSERT that wrote it."""
    return {
        "resident_id": row["resident"],
        "lesson_id": row["lesson"],
        "source": row["source"],
        "class_session_id": row["class_session"],
        "completed_at": row["completed_at"].isoformat() if row["completed_at"] else None,
        "ticked": row["ticked_at"] is not None,
    }


def _audit(actor, action_summary: str, pairs: Iterable[tuple[dict | None, dict | None, int]]):
    """One PROGRESS audit row per completion change (before, after, ward)."""
    audit_record_many(
        actor=actor,
        entries=[
            AuditEntry(
                action=AuditAction.PROGRESS,
                object_type="completion",
                object_id=(after or before or {}).get("resident_id"),
                ward_id=ward_id,
                summary=action_summary,
                before=before,
                after=after,
            )
            for before, after, ward_id in pairs
        ],
    )


def completions_insert(*, rows: list[Completion], by) -> int:
    """Create the given completions, skipping (resident, lesson) pairs already completed.

    Existing completions are left untouched: the first support stays the one shown. Only the
    rows the database wrote are audited (``insert_new_rows``): a pair completed meanwhile by a
    concurrent class is that class's to audit. Callers are services of this app (classes,
    seeding); they refresh training themselves.
    """
    if not rows:
        return 0
    written = insert_new_rows(Completion, rows, returning=SNAPSHOT_FIELDS)
    wards = dict(
        Resident.objects.filter(pk__in={row["resident"] for row in written}).values_list(
            "pk", "ward_id"
        )
    )
    _audit(
        by,
        summary_text(_("lesson completed")),
        ((None, _row_snapshot(row), wards.get(row["resident"])) for row in written),
    )
    return len(written)


def _set_tick(completions: QuerySet, *, by, summary: str, **tick) -> None:
    """Mark or unmark completions as ticked (they stay completed), one audit row each."""
    changed = list(completions.select_related("resident").order_by("pk"))
    if not changed:
        return
    before = [(_snapshot(c), c.resident.ward_id) for c in changed]
    Completion.objects.filter(pk__in=[c.pk for c in changed]).update(**tick)
    after = Completion.objects.in_bulk([c.pk for c in changed])
    _audit(
        by,
        summary,
        ((b, _snapshot(after[c.pk]), w) for c, (b, w) in zip(changed, before, strict=True)),
    )


def _tick_existing(*, resident_ids: list[int], lesson_ids: list[int], at, by) -> None:
    """A mentor ticks completions that a class gave already: they then survive the class."""
    user = by if getattr(by, "pk", None) else None
    _set_tick(
        Completion.objects.filter(
            resident_id__in=resident_ids, lesson_id__in=lesson_ids, ticked_at__isnull=True
        ),
        by=by,
        summary=summary_text(_("lesson ticked by a mentor")),
        ticked_at=at,
        ticked_by=user,
    )


# All or nothing without a savepoint of its own: inside a caller's transaction an error here
# rolls that transaction back too (a tick or a class is never half recorded).
@transaction.atomic(savepoint=False)
def completions_record(
    *,
    residents: Iterable[Resident | int],
    lessons: Iterable[Lesson | int],
    by,
    source: str,
    class_session: ClassSession | None = None,
    at: datetime.datetime | None = None,
) -> CompletionChanges:
    """Record that every resident completed every lesson (bulk; existing completions kept).

    ``source`` is ``class`` (with ``class_session``) or ``mentor`` (a mentor's tick: completions
    that already exist are marked ticked so they survive their class being edited away).
    """
    resident_ids = sorted({getattr(r, "pk", r) for r in residents})
    lesson_ids = sorted({getattr(lesson, "pk", lesson) for lesson in lessons})
    if source not in CompletionSource.values:
        raise ValueError(f"Unknown completion source: {source!r}")
    if source == CompletionSource.CLASS and class_session is None:
        raise ValueError("A class completion needs its class.")
    at = at or (class_session.starts_at if class_session else timezone.now())
    is_tick = source == CompletionSource.MENTOR
    user = by if getattr(by, "pk", None) else None
    rows = [
        Completion(
            resident_id=resident_id,
            lesson_id=lesson_id,
            completed_at=at,
            recorded_by=user,
            source=source,
            class_session=class_session if not is_tick else None,
            ticked_at=at if is_tick else None,
            ticked_by=user if is_tick else None,
        )
        for resident_id in resident_ids
        for lesson_id in lesson_ids
    ]
    created = completions_insert(rows=rows, by=by)
    if is_tick and created < len(rows):  # some pairs were completed already (by a class)
        _tick_existing(resident_ids=resident_ids, lesson_ids=lesson_ids, at=at, by=by)
    residents_training_refresh(resident_ids=resident_ids)
    return CompletionChanges(created=created)


# A mentor's tick of one lesson: the completion and, when it was written, its audit row (with
# the person's ward) in one round trip. Plain SQL: the same through ``insert_new_rows``, a ward
# read and ``audit_record_many`` cost three round trips and more Python than the database
# needs to run them. The audit row is the one ``_audit`` writes (the database fills its hash
# chain, whoever inserts); the ward is read in the same statement. Table names come from model
# metadata; every value is a parameter.
_TICK_SQL = """
WITH written AS (
    INSERT INTO {completion} (resident_id, lesson_id, completed_at, recorded_by_id, source,
                              class_session_id, ticked_at, ticked_by_id)
    VALUES (%(resident)s, %(lesson)s, %(at)s, %(user)s, %(source)s, NULL, %(at)s, %(user)s)
    ON CONFLICT DO NOTHING
    RETURNING resident_id
), audited AS (
    INSERT INTO {audit} (at, actor_id, ward_id, action, object_type, object_id, summary,
                         before, after)
    SELECT %(now)s, %(user)s, r.ward_id, %(action)s, 'completion', w.resident_id::text,
           %(summary)s, NULL, %(after)s::jsonb
    FROM written AS w JOIN {resident} AS r ON r.id = w.resident_id
    RETURNING 1
)
SELECT count(*) FROM audited
"""


@cache
def _tick_sql() -> str:
    return _TICK_SQL.format(
        completion=Completion._meta.db_table,
        audit=AuditEvent._meta.db_table,
        resident=Resident._meta.db_table,
    )


# All or nothing, inside the tick's transaction (see ``completions_record``).
@transaction.atomic(savepoint=False)
def completion_tick(*, resident_id: int, lesson_id: int, by, at: datetime.datetime) -> bool:
    """A mentor's tick: record that the resident completed the lesson at ``at`` (the tap).

    What ``completions_record`` does for one (resident, lesson) with ``source="mentor"``, in
    three statements: the completion with its audit row, the tick mark on a completion a class
    gave already (only then), the trained flag. Return whether a completion was created.
    """
    user = by if getattr(by, "pk", None) else None
    at_utc = at.astimezone(datetime.UTC)
    after = {
        "resident_id": resident_id,
        "lesson_id": lesson_id,
        "source": CompletionSource.MENTOR.value,
        "class_session_id": None,
        "completed_at": at_utc.isoformat(),
        "ticked": True,
    }
    params = {
        "resident": resident_id,
        "lesson": lesson_id,
        "at": at_utc,
        "user": user.pk if user else None,
        "source": CompletionSource.MENTOR.value,
        "now": timezone.now(),
        "action": AuditAction.PROGRESS.value,
        "summary": summary_text(_("lesson completed"))[:200],
        "after": json.dumps(after),
    }
    with connection.cursor() as cursor:
        cursor.execute(_tick_sql(), params)
        created = cursor.fetchone()[0] > 0
    if not created:  # completed already (by a class): mark it ticked
        _tick_existing(resident_ids=[resident_id], lesson_ids=[lesson_id], at=at, by=by)
    residents_training_refresh(resident_ids=[resident_id])
    return created


def completion_record(
    *,
    resident: Resident,
    lesson: Lesson,
    by,
    source: str,
    class_session: ClassSession | None = None,
    at: datetime.datetime | None = None,
) -> Completion:
    """Record one completion (or keep the existing one) and return it."""
    completions_record(
        residents=[resident],
        lessons=[lesson],
        by=by,
        source=source,
        class_session=class_session,
        at=at,
    )
    return Completion.objects.get(resident=resident, lesson=lesson)


def _other_class(excluding: ClassSession | None) -> QuerySet:
    """Classes (but ``excluding``) the outer completion's resident attended covering its lesson."""
    classes = ClassSession.objects.filter(
        attendance__resident=OuterRef("resident"), lessons=OuterRef("lesson")
    )
    if excluding is not None:
        classes = classes.exclude(pk=excluding.pk)
    return classes.order_by("starts_at", "pk")


def completions_resolve(
    *,
    completions: QuerySet,
    by,
    excluding: ClassSession | None = None,
    drop_ticks: bool = False,
) -> CompletionChanges:
    """Completions that lost the support they show: re-point or withdraw them, set-based.

    Each goes to the earliest other class that still supports it; failing that, to the mentor's
    tick; failing that, it is withdrawn (deleted). ``excluding`` is a class about to be deleted;
    ``drop_ticks`` takes the mentor's tick away too (a mentor un-ticking).
    Three UPDATE/DELETE statements whatever the number of completions.
    """
    affected = list(completions.select_related("resident").order_by("pk"))
    if not affected:
        return CompletionChanges()
    ids = [c.pk for c in affected]
    before = {c.pk: (_snapshot(c), c.resident.ward_id) for c in affected}
    scope = Completion.objects.filter(pk__in=ids)
    other = _other_class(excluding)
    untick = {"ticked_at": None, "ticked_by": None} if drop_ticks else {}
    scope.filter(Exists(other)).update(
        source=CompletionSource.CLASS,
        class_session=Subquery(other.values("pk")[:1]),
        completed_at=Subquery(other.values("starts_at")[:1]),
        **untick,
    )
    unsupported = scope.exclude(Exists(other))
    if drop_ticks:
        unsupported.delete()
    else:
        unsupported.filter(ticked_at__isnull=False).update(
            source=CompletionSource.MENTOR,
            class_session=None,
            completed_at=F("ticked_at"),
            recorded_by=F("ticked_by"),
        )
        unsupported.filter(ticked_at__isnull=True).delete()
    after = {c.pk: _snapshot(c) for c in scope}
    _audit(
        by,
        summary_text(_("lesson completion re-pointed or withdrawn")),
        ((snapshot, after.get(pk), ward_id) for pk, (snapshot, ward_id) in before.items()),
    )
    residents_training_refresh(resident_ids={c.resident_id for c in affected})
    return CompletionChanges(repointed=len(after), withdrawn=len(ids) - len(after))


def completions_unsupported_by(class_session: ClassSession) -> QuerySet:
    """Completions shown as given by this class that the class no longer supports."""
    attended = Attendance.objects.filter(class_session=class_session, resident=OuterRef("resident"))
    covered = ClassSession.lessons.through.objects.filter(
        classsession=class_session, lesson=OuterRef("lesson")
    )
    return Completion.objects.filter(class_session=class_session).exclude(
        Exists(attended) & Exists(covered)
    )


# A mentor's tick taken back from a completion only the tick supports (no class the person
# attended covered the lesson): the completion is withdrawn, returned with the person's ward for
# its audit row, in one statement (what ``completions_resolve`` does for it in five).
_UNTICK_SQL = """
WITH gone AS (
    DELETE FROM {completion} AS c
    WHERE c.resident_id = %(resident)s AND c.lesson_id = %(lesson)s
      AND c.ticked_at IS NOT NULL AND c.source = %(source)s
      AND NOT EXISTS (
          SELECT 1 FROM {attendance} AS a
          JOIN {covered} AS k ON k.classsession_id = a.class_session_id
          WHERE a.resident_id = c.resident_id AND k.lesson_id = c.lesson_id
      )
    RETURNING c.resident_id, c.lesson_id, c.source, c.class_session_id, c.completed_at,
              c.ticked_at
)
SELECT g.*, r.ward_id FROM gone AS g JOIN {resident} AS r ON r.id = g.resident_id
"""


@cache
def _untick_sql() -> str:
    return _UNTICK_SQL.format(
        completion=Completion._meta.db_table,
        attendance=Attendance._meta.db_table,
        covered=ClassSession.lessons.through._meta.db_table,
        resident=Resident._meta.db_table,
    )


def _withdraw_tick_only(*, resident_id: int, lesson_id: int, by) -> bool:
    """Withdraw the completion if only the mentor's tick supports it; return whether it was."""
    params = {"resident": resident_id, "lesson": lesson_id, "source": CompletionSource.MENTOR}
    with connection.cursor() as cursor:
        cursor.execute(_untick_sql(), params)
        row = cursor.fetchone()
    if row is None:
        return False
    *values, ward_id = row
    snapshot = _row_snapshot(dict(zip(SNAPSHOT_FIELDS, values, strict=True)))
    _audit(
        by,
        summary_text(_("lesson completion re-pointed or withdrawn")),
        [(snapshot, None, ward_id)],
    )
    residents_training_refresh(resident_ids=[resident_id])
    return True


# All or nothing, inside the undo's transaction (see ``completions_record``).
@transaction.atomic(savepoint=False)
def completion_untick(*, resident: Resident, lesson: Lesson, by) -> CompletionChanges:
    """Take back a mentor's tick; the completion stays while a class still supports it."""
    if _withdraw_tick_only(resident_id=resident.pk, lesson_id=lesson.pk, by=by):
        return CompletionChanges(withdrawn=1)
    completion = Completion.objects.filter(
        resident=resident, lesson=lesson, ticked_at__isnull=False
    ).first()
    if completion is None:
        return CompletionChanges()
    if completion.source == CompletionSource.CLASS:
        _set_tick(
            Completion.objects.filter(pk=completion.pk),
            by=by,
            summary=summary_text(_("mentor's tick taken back")),
            ticked_at=None,
            ticked_by=None,
        )
        return CompletionChanges()
    return completions_resolve(
        completions=Completion.objects.filter(pk=completion.pk), by=by, drop_ticks=True
    )
