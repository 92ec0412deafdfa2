"""Writes of the coverage app that people make: the programme target and ward overrides.

(The roll-up rows are written by the runs in ``rollup/``, never by a request.)
"""

from __future__ import annotations

import datetime

from django.db import transaction

from literacy.areas.models import Ward
from literacy.audit.models import AuditAction
from literacy.audit.services import audit_record

from .models import ProgrammeTarget, WardTarget


def _by(user):
    return user if getattr(user, "pk", None) else None


@transaction.atomic
def target_update(*, by, trained_adults: int, deadline: datetime.date) -> ProgrammeTarget:
    """Set the programme's target and deadline (audited)."""
    current = ProgrammeTarget.current()
    before = {"trained_adults": current.trained_adults, "deadline": current.deadline.isoformat()}
    target = ProgrammeTarget(
        pk=1, trained_adults=trained_adults, deadline=deadline, updated_by=_by(by)
    )
    target.full_clean()
    target.save()
    after = {"trained_adults": trained_adults, "deadline": deadline.isoformat()}
    if after != before:
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            object_type="programme_target",
            object_id=1,
            summary="programme target changed",
            before=before,
            after=after,
        )
    return target


@transaction.atomic
def ward_target_set(*, by, ward: Ward, trained_adults: int | None) -> WardTarget | None:
    """Override a ward's share of the target, or (``None``) go back to the allocation."""
    existing = WardTarget.objects.filter(ward=ward).first()
    before = {"trained_adults": existing.trained_adults} if existing else None
    if trained_adults is None:
        if existing:
            existing.delete()
            audit_record(
                actor=by,
                action=AuditAction.DELETE,
                object_type="ward_target",
                object_id=ward.pk,
                ward_id=ward.pk,
                summary="ward target back to its allocated share",
                before=before,
            )
        return None
    target = existing or WardTarget(ward=ward)
    target.trained_adults = trained_adults
    target.updated_by = _by(by)
    target.full_clean()
    target.save()
    if before != {"trained_adults": trained_adults}:
        audit_record(
            actor=by,
            action=AuditAction.UPDATE if existing else AuditAction.CREATE,
            object_type="ward_target",
            object_id=ward.pk,
            ward_id=ward.pk,
            summary="ward target set",
            before=before,
            after={"trained_adults": trained_adults},
        )
    return target
