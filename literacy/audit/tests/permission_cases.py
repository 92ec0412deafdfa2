"""Audit-log pages in the permission matrix: provincial staff only."""

from __future__ import annotations

from literacy.audit.models import AuditAction, AuditEvent
from literacy.tests.matrix import Endpoint

NOT_PROVINCIAL = ("ward_official", "team_lead", "mentor")


def build_world(world) -> None:
    world.audit_event_b = AuditEvent.objects.create(
        action=AuditAction.UPDATE,
        object_type="resident",
        object_id="999",
        ward=world.ward_b,
        summary="zz-audit-entry-ward-b",
    )


ENDPOINTS = [
    Endpoint(
        "audit:event_list",
        leak=lambda w: w.audit_event_b.summary,
        forbidden_roles=NOT_PROVINCIAL,
    ),
    Endpoint(
        "audit:event_export",
        leak=lambda w: w.audit_event_b.summary,
        forbidden_roles=NOT_PROVINCIAL,
    ),
]
