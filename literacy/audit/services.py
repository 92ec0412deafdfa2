"""Writes to the audit log. Bulk paths call :func:`audit_record_many` with one row per change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .models import AuditEvent


@dataclass(frozen=True)
class AuditEntry:
    action: str
    object_type: str
    object_id: Any
    ward_id: int | None = None
    summary: str = ""
    before: dict | None = None
    after: dict | None = None


def audit_record(
    *,
    actor,
    action: str,
    object_type: str,
    object_id: Any,
    ward_id: int | None = None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event to the audit log."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        ward_id=ward_id,
        summary=summary[:200],
        before=before,
        after=after,
    )


def audit_record_many(*, actor, entries: Iterable[AuditEntry], batch_size: int = 5000) -> int:
    """Append many events in bulk (imports, set-based updates). Returns how many."""
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    rows = [
        AuditEvent(
            actor_id=actor_id,
            action=e.action,
            object_type=e.object_type,
            object_id=str(e.object_id or ""),
            ward_id=e.ward_id,
            summary=e.summary[:200],
            before=e.before,
            after=e.after,
        )
        for e in entries
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)
