"""Community digital technology teams: create and change them (audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from literacy.accounts.roles import Role
from literacy.areas.models import Ward
from literacy.audit.models import AuditAction
from literacy.audit.services import audit_record

from ..models import CommunityTeam

OBJECT_TYPE = "community_team"


def _snapshot(team: CommunityTeam) -> dict:
    return {"ward_id": team.ward_id, "name": team.name, "lead_id": team.lead_id}


def _check_lead(team: CommunityTeam) -> None:
    lead = team.lead
    if lead is None:
        return
    if lead.role != Role.TEAM_LEAD:
        raise ValidationError(
            {"lead": _("The team lead needs an account with the team-lead role.")}
        )
    if not lead.wards.filter(pk=team.ward_id).exists():
        raise ValidationError({"lead": _("The team lead's account is for another ward.")})


@transaction.atomic
def team_create(*, by, ward: Ward, name: str, lead=None) -> CommunityTeam:
    team = CommunityTeam(ward=ward, name=" ".join((name or "").split()), lead=lead)
    _check_lead(team)
    team.full_clean()
    team.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type=OBJECT_TYPE,
        object_id=team.pk,
        ward_id=team.ward_id,
        summary=team.name,
        after=_snapshot(team),
    )
    return team


@transaction.atomic
def team_update(*, by, team: CommunityTeam, name: str, lead=None) -> CommunityTeam:
    before = _snapshot(team)
    team.name, team.lead = " ".join((name or "").split()), lead
    _check_lead(team)
    team.full_clean()
    team.save()
    after = _snapshot(team)
    if after != before:
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=team.pk,
            ward_id=team.ward_id,
            summary=team.name,
            before=before,
            after=after,
        )
    return team
