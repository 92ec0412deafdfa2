from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from households import services
from households.models import Household
from literacy.audit.models import AuditAction, AuditEvent

from .factories import HamletFactory, HouseholdFactory, ResidentFactory


def test_blank_code_gets_the_next_automatic_code(hamlet_a, ward_official):
    first = services.household_create(by=ward_official, hamlet=hamlet_a)
    second = services.household_create(by=ward_official, hamlet=hamlet_a, code="  ")
    assert first.code == "HGD-00001"
    assert second.code == "HGD-00002"
    assert first.ward == hamlet_a.ward


def test_automatic_codes_are_counted_per_ward(hamlet_a, hamlet_b, ward_official):
    services.household_create(by=ward_official, hamlet=hamlet_a)
    other = services.household_create(by=ward_official, hamlet=hamlet_b)
    assert other.code == "HGD-00001"


def test_code_is_unique_within_a_ward_only(hamlet_a, hamlet_b, ward_official):
    services.household_create(by=ward_official, hamlet=hamlet_a, code="H-1")
    services.household_create(by=ward_official, hamlet=hamlet_b, code="H-1")
    with pytest.raises(ValidationError) as info:
        services.household_create(by=ward_official, hamlet=hamlet_a, code="H-1")
    assert "H-1" in info.value.message_dict["code"][0]
    assert Household.objects.filter(code="H-1").count() == 2


def test_create_is_logged(hamlet_a, ward_official):
    household = services.household_create(by=ward_official, hamlet=hamlet_a, code="H-9")
    event = AuditEvent.objects.get(object_type="household", object_id=str(household.pk))
    assert event.action == AuditAction.CREATE and event.after["code"] == "H-9"


def test_head_must_be_a_member(household_a, hamlet_a, ward_official):
    stranger = ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a))
    with pytest.raises(ValidationError) as info:
        services.household_update(by=ward_official, household=household_a, head=stranger)
    assert "head" in info.value.message_dict
    member = ResidentFactory(household=household_a)
    services.household_update(by=ward_official, household=household_a, head=member)
    household_a.refresh_from_db()
    assert household_a.head == member


def test_hamlet_must_stay_in_the_ward(household_a, hamlet_b, ward_official):
    with pytest.raises(ValidationError) as info:
        services.household_update(by=ward_official, household=household_a, hamlet=hamlet_b)
    assert "hamlet" in info.value.message_dict


def test_update_logs_before_and_after(household_a, ward_a, ward_official):
    other_hamlet = HamletFactory(ward=ward_a, name="Ấp 2")
    old_hamlet_id, old_address = household_a.hamlet_id, household_a.address
    services.household_update(
        by=ward_official, household=household_a, hamlet=other_hamlet, address="5 Lê Lợi"
    )
    event = AuditEvent.objects.get(object_type="household", action=AuditAction.UPDATE)
    assert event.before == {"hamlet_id": old_hamlet_id, "address": old_address}
    assert event.after == {"hamlet_id": other_hamlet.pk, "address": "5 Lê Lợi"}


def test_delete_keeps_members_in_the_ward(household_a, ward_official):
    member = ResidentFactory(household=household_a)
    services.household_delete(by=ward_official, household=household_a)
    member.refresh_from_db()
    assert member.household is None and member.ward_id == household_a.ward_id
