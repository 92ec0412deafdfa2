"""A mentor's tick on a lesson for a mentee, and its undo: idempotent by the client's key.

The phone makes a UUID per tap (``key``) and may send it more than once (a double tap, a retry,
a replay of its offline queue, two devices). ``Tick.key`` is unique in the database, and every
tick or undo for a mentee takes a row lock on the mentee's active assignment first, so ticks of
one mentee are applied one at a time: the second of two racing requests sees what the first did
(the same key: the stored tick is returned; another key for the same lesson: the completion
already exists and nothing more is written). Ending the assignment takes the same lock, so a
tick never lands after the mentee has left the mentor.

``ticked_at``/``undone_at`` are when the mentor tapped, which is earlier than arrival when the
phone was offline; both must lie within :data:`TICK_MAX_AGE` of now and not in the future.

The completion itself (and ``is_trained``, and the audit) is written by the one completion
service, ``lessons.services.completions``. A tick stores these rows and nothing else: no task.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Resident
from lessons.models import Completion, Lesson
from lessons.services.completions import completion_tick, completion_untick

from ..models import Assignment, Mentor, Tick

#: How long a tick may be undone, by the mentor who made it.
UNDO_WINDOW = datetime.timedelta(hours=24)
#: An undo tapped offline counts at the time of the tap if it reaches the server within this
#: long; later, the phone's word alone cannot take back an old tick.
UNDO_SYNC_GRACE = datetime.timedelta(hours=72)
#: The oldest tap accepted (a phone that was offline this long has lost its context).
TICK_MAX_AGE = datetime.timedelta(days=30)
#: A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = datetime.timedelta(minutes=5)


#: Every stored column of a tick, in the order its INSERT returns them.
TICK_COLUMNS = [field.attname for field in Tick._meta.concrete_fields]


class NotAMentee(Http404):
    """The resident is not (or no longer) an active mentee of this mentor: answers 404."""


@dataclass(frozen=True)
class TickResult:
    tick: Tick
    #: False when the key had been stored before (a retry): nothing was written this time.
    is_new: bool


def _check_tap_time(at: datetime.datetime, *, field: str, now: datetime.datetime) -> None:
    if timezone.is_naive(at):
        raise ValidationError({field: _("The time must include its time zone.")})
    if at > now + CLOCK_SKEW:
        raise ValidationError({field: _("The time is in the future; check the phone's clock.")})
    if at < now - TICK_MAX_AGE:
        raise ValidationError(
            {
                field: _("The time is more than %(days)d days ago; it is no longer accepted.")
                % {"days": TICK_MAX_AGE.days}
            }
        )


# The scope check, the lock, the lesson and the insert of one tap in one round trip. Plain SQL:
# built with the ORM, the lock query alone took longer to compile in Python than the whole
# statement takes to run. The assignment is locked before a row is inserted (the INSERT reads
# its rows from the locked CTE), so everything said above about the lock holds. The tick keeps
# the mentee's ward (the ward lists read ticks by it). Table names
# come from model metadata; every value is a parameter.
_TAP_SQL = """
WITH assignment AS (
    SELECT a.mentor_id, a.starts_at
    FROM {assignment} AS a JOIN {mentor} AS m ON m.id = a.mentor_id
    WHERE a.mentee_id = %(resident)s AND a.ends_at IS NULL
      AND m.user_id = %(user)s AND m.is_active
    FOR UPDATE OF a
), lesson AS (
    SELECT EXISTS (SELECT 1 FROM {lesson} WHERE id = %(lesson)s AND is_active) AS is_active
), written AS (
    INSERT INTO {tick} (key, mentor_id, resident_id, ward_id, lesson_id, ticked_at, received_at)
    SELECT %(key)s, a.mentor_id, %(resident)s, r.ward_id, %(lesson)s, %(ticked_at)s, %(now)s
    FROM assignment AS a CROSS JOIN lesson AS l JOIN {resident} AS r ON r.id = %(resident)s
    WHERE l.is_active AND a.starts_at <= %(ticked_at)s
    ON CONFLICT DO NOTHING
    RETURNING {returning}
)
SELECT a.mentor_id, a.starts_at, l.is_active, w.*
FROM assignment AS a CROSS JOIN lesson AS l LEFT JOIN written AS w ON true
"""


@cache
def _tap_sql() -> str:
    quote = connection.ops.quote_name
    return _TAP_SQL.format(
        assignment=Assignment._meta.db_table,
        mentor=Mentor._meta.db_table,
        lesson=Lesson._meta.db_table,
        tick=Tick._meta.db_table,
        resident=Resident._meta.db_table,
        returning=", ".join(quote(field.column) for field in Tick._meta.concrete_fields),
    )


@dataclass(frozen=True)
class _Tap:
    mentor_id: int
    starts_at: datetime.datetime
    lesson_is_active: bool
    #: The tick the statement wrote, or None (the key was stored before, or the tap is refused).
    written: Tick | None


def _lock_and_insert(
    *, mentor_user, resident_id: int, lesson_id: int, key: uuid.UUID, ticked_at, now
) -> _Tap:
    """Lock the mentee's active assignment with this mentor (or answer 404) and insert the tick
    when the lesson is in the catalogue and the tap is not older than the assignment."""
    params = {
        "resident": resident_id,
        "user": mentor_user.pk,
        "lesson": lesson_id,
        "key": key,
        "ticked_at": ticked_at,
        "now": now,
    }
    with connection.cursor() as cursor:
        cursor.execute(_tap_sql(), params)
        row = cursor.fetchone()
    if row is None:
        raise NotAMentee(_("This person is not one of your mentees."))
    mentor_id, starts_at, lesson_is_active, *tick = row
    written = None
    if tick[0] is not None:
        written = Tick.from_db(DEFAULT_DB_ALIAS, TICK_COLUMNS, tick)
    return _Tap(mentor_id, starts_at, lesson_is_active, written)


def _same_tap(tick: Tick, *, mentor_id: int, resident_id: int, lesson_id: int) -> Tick:
    if (tick.mentor_id, tick.resident_id, tick.lesson_id) != (mentor_id, resident_id, lesson_id):
        raise ValidationError({"key": _("This key was already used for another tick.")})
    return tick


def _as_key(key: uuid.UUID | str) -> uuid.UUID:
    try:
        return key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
    except ValueError as exc:
        raise ValidationError({"key": _("The key must be a UUID.")}) from exc


def tick_record(
    *,
    mentor_user,
    resident: Resident | int,
    lesson: Lesson | int,
    key: uuid.UUID | str,
    ticked_at: datetime.datetime,
) -> TickResult:
    """Record that the mentor ticked ``lesson`` off for ``resident`` at ``ticked_at``.

    Idempotent by ``key``: the same key again returns the stored tick and writes nothing.
    """
    key = _as_key(key)
    resident_id = getattr(resident, "pk", resident)
    lesson_id = getattr(lesson, "pk", lesson)
    now = timezone.now()
    _check_tap_time(ticked_at, field="ticked_at", now=now)
    with transaction.atomic():
        tap = _lock_and_insert(
            mentor_user=mentor_user,
            resident_id=resident_id,
            lesson_id=lesson_id,
            key=key,
            ticked_at=ticked_at,
            now=now,
        )
        if tap.written is None:
            # The key was stored before (a retry answers with what it stored, even if the
            # rules would refuse the tap now), or the tap is refused. Under the lock: a racing
            # request with this key for this mentee has committed or rolled back by now; one
            # for another mentee (another lock) was waited for by the INSERT.
            stored = Tick.objects.filter(key=key).first()
            if stored is not None:
                return TickResult(
                    _same_tap(
                        stored,
                        mentor_id=tap.mentor_id,
                        resident_id=resident_id,
                        lesson_id=lesson_id,
                    ),
                    is_new=False,
                )
            if not tap.lesson_is_active:
                raise ValidationError({"lesson": _("This lesson is not in the catalogue.")})
            raise ValidationError(
                {"ticked_at": _("The tick was made before this person became your mentee.")}
            )
        completion_tick(resident_id=resident_id, lesson_id=lesson_id, by=mentor_user, at=ticked_at)
    return TickResult(tap.written, is_new=True)


def _tick_of(*, mentor_user, key, completion: Completion | None) -> Tick:
    ticks = Tick.objects.filter(mentor__user=mentor_user)
    if completion is not None:
        ticks = ticks.filter(resident_id=completion.resident_id, lesson_id=completion.lesson_id)
        # A standing tick (undone_at NULL) first: PostgreSQL sorts NULL last in ascending order.
        tick = ticks.order_by(F("undone_at").asc(nulls_first=True), "-ticked_at").first()
    else:
        tick = ticks.filter(key=_as_key(key)).first()
    if tick is None:
        raise Http404(_("No such tick of yours."))
    return tick


def tick_undo(
    *,
    mentor_user,
    key: uuid.UUID | str | None = None,
    completion: Completion | None = None,
    undone_at: datetime.datetime | None = None,
    resident_id: int | None = None,
) -> TickResult:
    """Take back a tick (found by ``key`` or by the ticked ``completion``) within 24 hours.

    Only the mentor who made it, while the mentee is still theirs. Idempotent: undoing an undone
    tick returns it unchanged. This mentor's other keys standing for the same (mentee, lesson) —
    the same tap from a second device — are undone with it, as they gave the same completion;
    another mentor's tick of it (a mentee who changed mentor) stands, and so does the completion.
    An undo tapped offline must reach the portal within ``UNDO_SYNC_GRACE``. With
    ``resident_id``, only a tick of that person (else 404: the phone page names the person).
    """
    if (key is None) == (completion is None):
        raise ValueError("Give the tick's key or its completion.")
    now = timezone.now()
    undone_at = undone_at or now
    _check_tap_time(undone_at, field="undone_at", now=now)
    if undone_at < now - UNDO_SYNC_GRACE:
        raise ValidationError(
            {
                "undone_at": _(
                    "This undo reached the portal too late to count. Ask the ward official."
                )
            }
        )
    if completion is not None:
        key = _tick_of(mentor_user=mentor_user, key=None, completion=completion).key
    key = _as_key(key)
    with transaction.atomic():
        tick = _lock_for_undo(mentor_user=mentor_user, key=key, resident_id=resident_id)
        if tick.is_undone:
            return TickResult(tick, is_new=False)
        if undone_at < tick.ticked_at:
            raise ValidationError({"undone_at": _("The undo is earlier than the tick.")})
        if undone_at - tick.ticked_at > UNDO_WINDOW:
            raise ValidationError(
                {"undone_at": _("A tick can only be undone within 24 hours of making it.")}
            )
        undone, others_stand = _undo_standing(tick, undone_at=undone_at, now=now)
        if undone is None:
            # Undone meanwhile by a racing request (its commit came while this one waited for
            # the lock): nothing more to do.
            tick.refresh_from_db()
            return TickResult(tick, is_new=False)
        tick.undone_at, tick.undo_received_at = undone
        if not others_stand:
            completion_untick(
                resident=Resident(pk=tick.resident_id),
                lesson=Lesson(pk=tick.lesson_id),
                by=mentor_user,
            )
    return TickResult(tick, is_new=True)


# The undo's scope check and lock in one round trip: this mentor's tick by its key, for a mentee
# whose active assignment is with this (active) mentor, that assignment locked. The tick's row is
# read as the statement began: an undo that committed while this one waited for the lock shows
# in the UPDATE that follows, which then changes nothing.
_UNDO_LOCK_SQL = """
SELECT {columns}
FROM {tick} AS t
JOIN {mentor} AS tm ON tm.id = t.mentor_id
JOIN {assignment} AS a ON a.mentee_id = t.resident_id AND a.ends_at IS NULL
JOIN {mentor} AS m ON m.id = a.mentor_id
WHERE t.key = %(key)s AND tm.user_id = %(user)s AND m.user_id = %(user)s AND m.is_active
  AND (%(resident)s::bigint IS NULL OR t.resident_id = %(resident)s::bigint)
FOR UPDATE OF a
"""

# This mentor's standing keys for the same (mentee, lesson), undone together; and whether
# another mentor's tick of it still stands (then so does the completion).
_UNDO_SQL = """
WITH undone AS (
    UPDATE {tick} SET undone_at = GREATEST(%(undone_at)s, ticked_at), undo_received_at = %(now)s
    WHERE resident_id = %(resident)s AND lesson_id = %(lesson)s AND mentor_id = %(mentor)s
      AND undone_at IS NULL
    RETURNING id, undone_at, undo_received_at
)
SELECT u.undone_at, u.undo_received_at,
       EXISTS (
           SELECT 1 FROM {tick} AS o
           WHERE o.resident_id = %(resident)s AND o.lesson_id = %(lesson)s
             AND o.mentor_id <> %(mentor)s AND o.undone_at IS NULL
       )
FROM (SELECT 1) AS one LEFT JOIN undone AS u ON u.id = %(tick)s
"""


@cache
def _undo_sql() -> tuple[str, str]:
    quote = connection.ops.quote_name
    tables = {
        "tick": Tick._meta.db_table,
        "mentor": Mentor._meta.db_table,
        "assignment": Assignment._meta.db_table,
    }
    columns = ", ".join(f"t.{quote(field.column)}" for field in Tick._meta.concrete_fields)
    return _UNDO_LOCK_SQL.format(columns=columns, **tables), _UNDO_SQL.format(**tables)


def _lock_for_undo(*, mentor_user, key: uuid.UUID, resident_id: int | None) -> Tick:
    params = {"key": key, "user": mentor_user.pk, "resident": resident_id}
    with connection.cursor() as cursor:
        cursor.execute(_undo_sql()[0], params)
        row = cursor.fetchone()
    if row is None:
        raise Http404(_("No such tick of yours."))
    return Tick.from_db(DEFAULT_DB_ALIAS, TICK_COLUMNS, row)


def _undo_standing(tick: Tick, *, undone_at, now) -> tuple[tuple | None, bool]:
    """Undo this mentor's standing ticks of the lesson for the mentee; return the given tick's
    new (undone_at, undo_received_at), None if it was undone already, and whether another
    mentor's tick of the lesson still stands."""
    params = {
        "undone_at": undone_at,
        "now": now,
        "resident": tick.resident_id,
        "lesson": tick.lesson_id,
        "mentor": tick.mentor_id,
        "tick": tick.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(_undo_sql()[1], params)
        new_undone_at, undo_received_at, others_stand = cursor.fetchone()
    undone = None if new_undone_at is None else (new_undone_at, undo_received_at)
    return undone, others_stand
