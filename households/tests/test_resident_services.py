from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from households import services
from households.models import Household, Resident
from literacy.audit.models import AuditAction, AuditEvent

from .factories import HouseholdFactory, ResidentFactory

VALID_CCCD = "074058001234"  # Bình Dương, man born 1958


def _create(ward, household=None, **extra):
    fields = {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": datetime.date(1958, 3, 1),
        "gender": "M",
        **extra,
    }
    return services.resident_create(by=None, ward=ward, household=household, **fields)


def test_create_folds_the_name_for_search(ward_a, household_a):
    resident = _create(ward_a, household_a)
    assert resident.name_folded == "nguyen van an"


def test_create_refuses_a_household_of_another_ward(ward_a, household_b):
    with pytest.raises(ValidationError) as info:
        _create(ward_a, household_b)
    assert "household" in info.value.message_dict
    assert not Resident.objects.exists()


def test_create_names_the_wrong_cccd_part(ward_a):
    with pytest.raises(ValidationError) as info:
        _create(ward_a, cccd="074059001234")
    (message,) = info.value.message_dict["cccd"]
    assert "(59)" in message and "1958" in message  # names the year digits, in any language


def test_cccd_is_unique(ward_a):
    _create(ward_a, cccd=VALID_CCCD)
    with pytest.raises(ValidationError) as info:
        _create(ward_a, cccd=VALID_CCCD, full_name="Người Khác")
    assert "cccd" in info.value.message_dict


def test_database_refuses_a_cccd_that_is_not_twelve_digits(ward_a):
    resident = _create(ward_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.filter(pk=resident.pk).update(cccd="12345")


def test_database_refuses_a_duplicate_cccd(ward_a):
    first = _create(ward_a, cccd=VALID_CCCD)
    second = _create(ward_a, full_name="Người Khác")
    assert first.cccd == VALID_CCCD
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.filter(pk=second.pk).update(cccd=VALID_CCCD)


def test_create_logs_a_masked_cccd(ward_a, ward_official):
    resident = services.resident_create(
        by=ward_official,
        ward=ward_a,
        full_name="Nguyễn Văn An",
        date_of_birth=datetime.date(1958, 3, 1),
        gender="M",
        cccd=VALID_CCCD,
    )
    event = AuditEvent.objects.get(object_type="resident", object_id=str(resident.pk))
    assert event.action == AuditAction.CREATE
    assert event.actor == ward_official
    assert event.after["cccd"] == "********1234"
    assert VALID_CCCD not in str(event.after)


def test_update_logs_only_what_changed_with_cccd_masked(ward_a, ward_official):
    resident = _create(ward_a)
    services.resident_update(
        by=ward_official, resident=resident, phone="0909123456", cccd=VALID_CCCD
    )
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).get()
    assert event.before == {"phone": "", "cccd": ""}
    assert event.after == {"phone": "0909123456", "cccd": "********1234"}


def test_update_refuses_fields_it_does_not_own(ward_a):
    resident = _create(ward_a)
    with pytest.raises(TypeError):
        services.resident_update(by=None, resident=resident, ward_id=1)


def test_an_edit_of_a_person_read_before_they_were_trained_keeps_the_training(ward_a):
    stale = _create(ward_a)
    Resident.objects.filter(pk=stale.pk).update(
        is_trained=True, trained_at=datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
    )
    services.resident_update(by=None, resident=stale, phone="0909123456")
    saved = Resident.objects.get(pk=stale.pk)
    assert (saved.phone, saved.is_trained, saved.trained_at is not None) == (
        "0909123456",
        True,
        True,
    )


def test_move_changes_household_and_drops_old_headship(ward_a, hamlet_a, ward_official):
    old = HouseholdFactory(hamlet=hamlet_a, code="OLD")
    new = HouseholdFactory(hamlet=hamlet_a, code="NEW")
    resident = ResidentFactory(household=old)
    Household.objects.filter(pk=old.pk).update(head=resident)

    services.resident_move(by=ward_official, resident=resident, household=new)

    resident.refresh_from_db()
    old.refresh_from_db()
    assert resident.household == new
    assert old.head is None
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(resident.pk))
    assert event.before["household_id"] == old.pk and event.after["household_id"] == new.pk


def test_consent_records_purpose_time_and_collector(ward_a, ward_official):
    resident = _create(ward_a)
    assert resident.consent_at is None  # never assumed
    services.resident_consent_record(by=ward_official, resident=resident, purpose="Danh sách")
    resident.refresh_from_db()
    assert resident.consent_purpose == "Danh sách"
    assert resident.consent_at is not None
    assert resident.consent_by == ward_official


def test_consent_needs_a_purpose(ward_a, ward_official):
    resident = _create(ward_a)
    with pytest.raises(ValidationError) as info:
        services.resident_consent_record(by=ward_official, resident=resident, purpose="  ")
    assert "consent_purpose" in info.value.message_dict
    resident.refresh_from_db()
    assert resident.consent_at is None


def test_delete_is_logged_with_the_masked_snapshot(ward_a, ward_official):
    resident = _create(ward_a, cccd=VALID_CCCD)
    pk = resident.pk
    services.resident_delete(by=ward_official, resident=resident)
    assert not Resident.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.before["cccd"] == "********1234"
