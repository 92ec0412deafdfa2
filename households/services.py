"""Writes for residents and households: views, forms, serializers and imports call these."""

from __future__ import annotations

from django.db import transaction

from literacy.audit.models import AuditAction
from literacy.audit.services import audit_record

from .models import Household, Resident
from .validators import validate_cccd

#: Fields copied into the audit log's before/after (never the CCCD in clear).
AUDITED_FIELDS = (
    "full_name",
    "date_of_birth",
    "gender",
    "phone",
    "household_id",
    "is_worker",
    "is_small_trader",
    "is_farmer",
    "is_ethnic_minority",
    "has_disability",
    "vneid_level",
    "has_bank_account",
    "has_ewallet",
)


def resident_snapshot(resident: Resident) -> dict:
    data = {field: getattr(resident, field) for field in AUDITED_FIELDS}
    data["date_of_birth"] = resident.date_of_birth.isoformat() if resident.date_of_birth else None
    data["cccd"] = resident.cccd_masked
    return data


@transaction.atomic
def resident_create(*, by, ward, household: Household | None = None, **fields) -> Resident:
    """Create a resident in ``ward`` (a household, if given, must be in the same ward)."""
    if household is not None and household.ward_id != ward.pk:
        raise ValueError("The household is in another ward.")
    resident = Resident(ward=ward, household=household, **fields)
    if resident.cccd:
        validate_cccd(resident.cccd, date_of_birth=resident.date_of_birth, gender=resident.gender)
    resident.full_clean()
    resident.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="resident",
        object_id=resident.pk,
        ward_id=ward.pk,
        summary=resident.full_name,
        after=resident_snapshot(resident),
    )
    return resident
