"""Writes for residents and households: views, forms, serializers and imports call these.

Every write is atomic, runs ``full_clean()`` first and appends to the audit log with before/after
snapshots in which the CCCD is masked. Scope is the caller's job (views and the API fetch objects
through ``manageable_by``); these functions only keep the data consistent (a resident's ward is
its household's ward, a head of household is one of its members).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from literacy.areas.models import Hamlet, Ward
from literacy.audit.models import AuditAction
from literacy.audit.services import audit_record
from literacy.text import fold

from .models import Household, Resident
from .signals import resident_left_ward
from .validators import validate_cccd

#: Fields copied into the audit log's before/after (never the CCCD in clear).
AUDITED_FIELDS = (
    "full_name",
    "date_of_birth",
    "gender",
    "phone",
    "ward_id",
    "household_id",
    "is_worker",
    "is_small_trader",
    "is_farmer",
    "is_ethnic_minority",
    "has_disability",
    "vneid_level",
    "has_bank_account",
    "has_ewallet",
    "consent_purpose",
    "consent_at",
    "consent_by_id",
)

#: Fields a resident form or API body may set directly (household moves go through
#: :func:`resident_move`, consent through :func:`resident_consent_record`).
RESIDENT_EDITABLE_FIELDS = (
    "full_name",
    "date_of_birth",
    "gender",
    "phone",
    "cccd",
    "is_worker",
    "is_small_trader",
    "is_farmer",
    "is_ethnic_minority",
    "has_disability",
    "vneid_level",
    "has_bank_account",
    "has_ewallet",
)

HOUSEHOLD_AUDITED_FIELDS = ("ward_id", "hamlet_id", "code", "address", "head_id")
AUTO_CODE_PREFIX = "HGD-"


def resident_snapshot(resident: Resident) -> dict:
    """The audited fields as JSON-ready values, with the CCCD masked."""
    data = {field: getattr(resident, field) for field in AUDITED_FIELDS}
    for key in ("date_of_birth", "consent_at"):
        data[key] = data[key].isoformat() if data[key] else None
    data["cccd"] = resident.cccd_masked
    return data


def household_snapshot(household: Household) -> dict:
    return {field: getattr(household, field) for field in HOUSEHOLD_AUDITED_FIELDS}


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys that changed, so the log reads as what happened."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def _clean_resident(resident: Resident) -> None:
    resident.name_folded = fold(resident.full_name)
    resident.full_name = " ".join((resident.full_name or "").split())
    resident.phone = (resident.phone or "").strip()
    resident.cccd = (resident.cccd or "").strip() or None
    if resident.household_id is not None and resident.household.ward_id != resident.ward_id:
        raise ValidationError({"household": _("The household is in another ward.")})
    if resident.cccd:
        try:
            validate_cccd(
                resident.cccd, date_of_birth=resident.date_of_birth, gender=resident.gender
            )
        except ValidationError as exc:
            raise ValidationError({"cccd": exc.messages}) from exc
    resident.full_clean()


def _audit_resident(*, by, action: str, resident: Resident, before=None, after=None) -> None:
    audit_record(
        actor=by,
        action=action,
        object_type="resident",
        object_id=resident.pk,
        ward_id=resident.ward_id,
        summary=resident.full_name,
        before=before,
        after=after,
    )


def _audit_resident_changes(*, by, resident: Resident, before: dict) -> None:
    """Log an update with only the fields that changed since ``before`` (nothing if none did)."""
    old, new = _changes(before, resident_snapshot(resident))
    if new:
        _audit_resident(by=by, action=AuditAction.UPDATE, resident=resident, before=old, after=new)


@transaction.atomic
def resident_create(*, by, ward, household: Household | None = None, **fields) -> Resident:
    """Create a resident in ``ward`` (a household, if given, must be in the same ward)."""
    resident = Resident(ward=ward, household=household, **fields)
    _clean_resident(resident)
    resident.save()
    _audit_resident(
        by=by, action=AuditAction.CREATE, resident=resident, after=resident_snapshot(resident)
    )
    return resident


@transaction.atomic
def resident_update(*, by, resident: Resident, **fields) -> Resident:
    """Change a resident's own fields (not the household: see :func:`resident_move`)."""
    unknown = set(fields) - set(RESIDENT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"resident_update cannot set {sorted(unknown)}")
    before = resident_snapshot(resident)
    for name, value in fields.items():
        setattr(resident, name, value)
    _clean_resident(resident)
    resident.save()
    _audit_resident_changes(by=by, resident=resident, before=before)
    return resident


@transaction.atomic
def resident_move(*, by, resident: Resident, household: Household | None) -> Resident:
    """Move a resident to another household (or out of any). The ward follows the household.

    A resident who headed the old household stops being its head.
    """
    if household is not None and household.pk == resident.household_id:
        return resident
    before = resident_snapshot(resident)
    old_household_id = resident.household_id
    old_ward_id = resident.ward_id
    resident.household = household
    if household is not None:
        resident.ward_id = household.ward_id
    _clean_resident(resident)
    resident.save()
    if old_household_id is not None:
        Household.objects.filter(pk=old_household_id, head=resident).update(head=None)
    old, new = _changes(before, resident_snapshot(resident))
    _audit_resident(by=by, action=AuditAction.UPDATE, resident=resident, before=old, after=new)
    if resident.ward_id != old_ward_id:
        resident_left_ward.send(sender=Resident, by=by, resident=resident, old_ward_id=old_ward_id)
    return resident


@transaction.atomic
def resident_consent_record(*, by, resident: Resident, purpose: str) -> Resident:
    """Record that the resident agreed to ``purpose`` now, collected by ``by``.

    Called only when the person recording ticked the box themselves: consent is never assumed.
    """
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"consent_purpose": _("Say what the consent is for.")})
    before = resident_snapshot(resident)
    resident.consent_purpose = purpose
    resident.consent_at = timezone.now()
    resident.consent_by = by
    _clean_resident(resident)
    resident.save()
    _audit_resident_changes(by=by, resident=resident, before=before)
    return resident


@transaction.atomic
def resident_consent_withdraw(*, by, resident: Resident) -> Resident:
    """Clear a recorded consent (the person withdrew it); the log keeps what it was."""
    before = resident_snapshot(resident)
    resident.consent_purpose = ""
    resident.consent_at = None
    resident.consent_by = None
    resident.save()
    _audit_resident_changes(by=by, resident=resident, before=before)
    return resident


@transaction.atomic
def resident_delete(*, by, resident: Resident) -> None:
    """Delete a resident (their completions go with them); the log keeps the masked snapshot."""
    before = resident_snapshot(resident)
    Household.objects.filter(head=resident).update(head=None)
    _audit_resident(by=by, action=AuditAction.DELETE, resident=resident, before=before)
    resident.delete()


def resident_record_view(*, by, resident: Resident) -> None:
    """Log that ``by`` opened the page that shows the resident's full CCCD."""
    _audit_resident(by=by, action=AuditAction.VIEW, resident=resident)


# --- households -------------------------------------------------------------------------------


def household_next_code(*, ward: Ward) -> str:
    """The next free automatic code in the ward (HGD-00001, HGD-00002, …), from one query."""
    start = len(AUTO_CODE_PREFIX) + 1
    highest = (
        Household.objects.filter(ward=ward, code__regex=rf"^{AUTO_CODE_PREFIX}[0-9]{{1,9}}$")
        .annotate(number=Cast(Substr("code", start), IntegerField()))
        .aggregate(top=Max("number"))["top"]
    )
    return f"{AUTO_CODE_PREFIX}{(highest or 0) + 1:05d}"


def _clean_household(household: Household) -> None:
    household.code = (household.code or "").strip()
    household.address = (household.address or "").strip()
    if household.hamlet_id is not None and household.hamlet.ward_id != household.ward_id:
        raise ValidationError({"hamlet": _("The hamlet is in another ward.")})
    if household.head_id is not None and (
        household.pk is None or household.head.household_id != household.pk
    ):
        raise ValidationError({"head": _("The head of household must be one of its members.")})
    duplicate = Household.objects.filter(ward_id=household.ward_id, code=household.code)
    if household.pk:
        duplicate = duplicate.exclude(pk=household.pk)
    if household.code and duplicate.exists():
        raise ValidationError(
            {
                "code": _("Another household in this ward already has the code %(code)s.")
                % {"code": household.code}
            }
        )
    household.full_clean(validate_constraints=False)


def _audit_household(*, by, action: str, household: Household, before=None, after=None) -> None:
    audit_record(
        actor=by,
        action=action,
        object_type="household",
        object_id=household.pk,
        ward_id=household.ward_id,
        summary=household.code,
        before=before,
        after=after,
    )


def household_create(*, by, hamlet: Hamlet, code: str = "", address: str = "") -> Household:
    """Create a household in ``hamlet`` (and so in its ward); a blank code gets the next free one.

    An automatic code can race with another official's; the insert is retried with a fresh code.
    """
    for _attempt in range(5):
        try:
            with transaction.atomic():
                household = Household(
                    ward_id=hamlet.ward_id,
                    hamlet=hamlet,
                    code=(code or "").strip() or household_next_code(ward=hamlet.ward),
                    address=address,
                )
                _clean_household(household)
                household.save()
                _audit_household(
                    by=by,
                    action=AuditAction.CREATE,
                    household=household,
                    after=household_snapshot(household),
                )
                return household
        except IntegrityError:
            if (code or "").strip():
                raise ValidationError(
                    {"code": _("Another household in this ward already has this code.")}
                ) from None
    raise ValidationError({"code": _("Could not choose a free household code; try again.")})


@transaction.atomic
def household_update(*, by, household: Household, **fields) -> Household:
    """Change a household's hamlet (same ward), code, address or head (one of its members)."""
    unknown = set(fields) - {"hamlet", "code", "address", "head"}
    if unknown:
        raise TypeError(f"household_update cannot set {sorted(unknown)}")
    before = household_snapshot(household)
    for name, value in fields.items():
        setattr(household, name, value)
    if "code" in fields and not (household.code or "").strip():
        household.code = household_next_code(ward=household.ward)
    _clean_household(household)
    household.save()
    old, new = _changes(before, household_snapshot(household))
    if new:
        _audit_household(
            by=by, action=AuditAction.UPDATE, household=household, before=old, after=new
        )
    return household


@transaction.atomic
def household_delete(*, by, household: Household) -> None:
    """Delete a household; its members stay in the ward without a household."""
    before = household_snapshot(household)
    household.members.update(household=None)
    _audit_household(by=by, action=AuditAction.DELETE, household=household, before=before)
    household.delete()
