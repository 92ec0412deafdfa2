"""Assign mentees to mentors, reassign them, end assignments: atomic, audited, history kept.

A mentee has at most one active mentor (a partial unique constraint on the mentee where
``ends_at`` is empty). Reassigning ends the current row and starts a new one, so the history
of who guided whom stays. Every change takes a row lock on the mentee's active assignment (the
same lock a mentor's tick takes), so a tick never lands on an assignment being ended.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households.models import Resident
from literacy.audit.models import AuditAction
from literacy.audit.services import AuditEntry, audit_record_many
from literacy.audit.summaries import summary_text

from ..models import Assignment, Mentor, Tick

OBJECT_TYPE = "mentee_assignment"


@dataclass(frozen=True)
class Pair:
    """A proposed or confirmed (mentor, mentee) pair, by id."""

    mentor_id: int
    mentee_id: int


def _entry(assignment: Assignment, *, action: str, summary: str, ward_id: int) -> AuditEntry:
    snapshot = {
        "mentor_id": assignment.mentor_id,
        "mentee_id": assignment.mentee_id,
        "starts_at": assignment.starts_at.isoformat(),
        "ends_at": assignment.ends_at.isoformat() if assignment.ends_at else None,
    }
    return AuditEntry(
        action=action,
        object_type=OBJECT_TYPE,
        object_id=assignment.pk,
        ward_id=ward_id,
        summary=summary,
        after=snapshot,
    )


def _check_pairs(pairs: list[Pair], *, ward_id: int | None, today: datetime.date) -> None:
    """Every mentor active, every mentee an adult of the mentor's ward, each mentee once."""
    if len({p.mentee_id for p in pairs}) != len(pairs):
        raise ValidationError(_("A mentee appears more than once."))
    mentors = dict(
        Mentor.objects.filter(pk__in={p.mentor_id for p in pairs}, is_active=True).values_list(
            "pk", "ward_id"
        )
    )
    mentees = dict(
        Resident.objects.adults(today)
        .filter(pk__in={p.mentee_id for p in pairs})
        .values_list("pk", "ward_id")
    )
    for pair in pairs:
        if pair.mentor_id not in mentors:
            raise ValidationError({"mentor": _("This mentor is not active.")})
        if ward_id is not None and mentors[pair.mentor_id] != ward_id:
            raise ValidationError({"mentor": _("This mentor is in another ward.")})
        if pair.mentee_id not in mentees:
            raise ValidationError({"mentee": _("A mentee must be an adult (16 or older).")})
        if mentees[pair.mentee_id] != mentors[pair.mentor_id]:
            raise ValidationError({"mentee": _("The mentee lives in another ward.")})


@transaction.atomic
def assignments_apply(
    *,
    by,
    pairs: Iterable[Pair],
    ward_id: int | None = None,
    replace: bool = True,
    at: datetime.datetime | None = None,
) -> list[Assignment]:
    """Give each mentee of ``pairs`` the mentor paired with it, all or nothing.

    A mentee who already has that mentor keeps the row; one who has another mentor is
    reassigned when ``replace`` (else a ValidationError names the clash). Set-based: a fixed
    number of statements whatever the number of pairs. ``ward_id``: every mentor must be there.
    """
    pairs = list(pairs)
    if not pairs:
        return []
    at = at or timezone.now()
    _check_pairs(pairs, ward_id=ward_id, today=timezone.localdate(at))
    wanted = {p.mentee_id: p.mentor_id for p in pairs}
    current = list(
        Assignment.objects.select_for_update()
        .active()
        .filter(mentee_id__in=wanted)
        .order_by("mentee_id")
    )
    ending = [a for a in current if a.mentor_id != wanted[a.mentee_id]]
    if ending and not replace:
        raise ValidationError(_("Some of these people already have a mentor."))
    kept = {a.mentee_id for a in current if a.mentor_id == wanted[a.mentee_id]}
    mentor_ids = set(wanted.values()) | {a.mentor_id for a in ending}
    wards = dict(Mentor.objects.filter(pk__in=mentor_ids).values_list("pk", "ward_id"))
    _end(ending, by=by, at=at, wards=wards, summary=summary_text(gettext_lazy("mentee reassigned")))
    new = [
        Assignment(mentor_id=mentor_id, mentee_id=mentee_id, starts_at=at, created_by=by)
        for mentee_id, mentor_id in wanted.items()
        if mentee_id not in kept
    ]
    try:
        with transaction.atomic():
            created = Assignment.objects.bulk_create(new, batch_size=5000)
    except IntegrityError as exc:
        # Someone assigned one of these mentees between our lock and the insert.
        raise ValidationError(
            _("Someone else assigned one of these people meanwhile; reload and try again.")
        ) from exc
    audit_record_many(
        actor=by,
        entries=[
            _entry(
                a,
                action=AuditAction.CREATE,
                summary=summary_text(gettext_lazy("mentee assigned")),
                ward_id=wards[a.mentor_id],
            )
            for a in created
        ],
    )
    return created


def _end(assignments: list[Assignment], *, by, at, wards: dict, summary: str) -> None:
    if not assignments:
        return
    Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(ends_at=at, ended_by=by)
    for assignment in assignments:
        assignment.ends_at = at
    audit_record_many(
        actor=by,
        entries=[
            _entry(a, action=AuditAction.UPDATE, summary=summary, ward_id=wards.get(a.mentor_id))
            for a in assignments
        ],
    )


def assignment_create(*, by, mentor: Mentor, mentee: Resident, replace: bool = False) -> Assignment:
    """Make ``mentor`` the mentee's mentor (reassigning from another only when ``replace``)."""
    assignments_apply(
        by=by, pairs=[Pair(mentor.pk, mentee.pk)], ward_id=mentor.ward_id, replace=replace
    )
    return Assignment.objects.active().get(mentee=mentee)


@transaction.atomic
def assignments_end(
    *, by, assignments: Iterable[Assignment], at: datetime.datetime | None = None, summary: str
) -> int:
    """End the given assignments (those still active); the rows stay as history."""
    at = at or timezone.now()
    ids = [a.pk for a in assignments]
    active = list(
        Assignment.objects.select_for_update().active().filter(pk__in=ids).select_related("mentor")
    )
    _end(
        active,
        by=by,
        at=at,
        wards={a.mentor_id: a.mentor.ward_id for a in active},
        summary=summary,
    )
    return len(active)


def assignment_end(*, by, assignment: Assignment, at: datetime.datetime | None = None) -> None:
    """End one assignment: the mentee has no mentor until assigned again."""
    assignments_end(
        by=by,
        assignments=[assignment],
        at=at,
        summary=summary_text(gettext_lazy("assignment ended")),
    )


def assignments_end_for_moved_mentee(*, by, resident, old_ward_id: int, **_signal) -> int:
    """A mentee who moves to another ward leaves their mentor (mentors guide their own ward's
    residents); the assignment stays as history. Connected to ``resident_left_ward``."""
    return assignments_end(
        by=by,
        assignments=Assignment.objects.active().filter(
            mentee=resident, mentor__ward_id=old_ward_id
        ),
        summary=summary_text(gettext_lazy("mentee moved to another ward")),
    )


def ticks_follow_moved_mentee(*, resident, **_signal) -> int:
    """A mentee's ticks move with them to their new ward: its officials see the person's
    progress, the old ward's no longer do (as for everything else about the person). Connected
    to ``resident_left_ward``."""
    return Tick.objects.filter(resident_id=resident.pk).update(ward_id=resident.ward_id)
