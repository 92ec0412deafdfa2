from __future__ import annotations

import datetime

from django.urls import reverse

from households.models import Resident
from literacy.audit.models import AuditAction, AuditEvent

from .factories import HouseholdFactory, ResidentFactory

CCCD = "074058001234"


def _form(**extra) -> dict:
    return {
        "full_name": "Phạm Văn Mới",
        "date_of_birth": "1958-03-01",
        "gender": "M",
        "vneid_level": "0",
        "phone": "",
        "cccd": "",
        **extra,
    }


def test_ward_official_adds_a_resident_to_a_household(login, ward_official, ward_a, household_a):
    response = login(ward_official).post(
        reverse("households:resident_create"),
        _form(ward=ward_a.pk, household_code=household_a.code, cccd=CCCD),
    )
    resident = Resident.objects.get(full_name="Phạm Văn Mới")
    assert response.status_code == 302
    assert resident.household == household_a and resident.ward == ward_a
    assert resident.consent_at is None  # the box was not ticked


def test_consent_is_recorded_only_when_ticked(login, ward_official, ward_a):
    client = login(ward_official)
    form = client.get(reverse("households:resident_create")).content.decode()
    assert 'name="consent_given"' in form
    assert "checked" not in form.split('name="consent_given"')[1].split(">")[0]
    client.post(
        reverse("households:resident_create"),
        _form(ward=ward_a.pk, consent_given="on", consent_purpose="Theo dõi học tập"),
    )
    resident = Resident.objects.get()
    assert resident.consent_purpose == "Theo dõi học tập"
    assert resident.consent_by == ward_official


def test_wrong_cccd_is_refused_on_the_field(login, ward_official, ward_a):
    response = login(ward_official).post(
        reverse("households:resident_create"), _form(ward=ward_a.pk, cccd="074059001234")
    )
    assert response.status_code == 200
    assert "(59)" in str(response.context["form"].errors["cccd"])
    assert not Resident.objects.exists()


def test_unknown_household_code_is_refused(login, ward_official, ward_a, household_b):
    response = login(ward_official).post(
        reverse("households:resident_create"),
        _form(ward=ward_a.pk, household_code=household_b.code),
    )
    assert "household_code" in response.context["form"].errors
    assert not Resident.objects.exists()


def test_owner_sees_full_cccd_and_the_view_is_logged(login, ward_official, household_a):
    resident = ResidentFactory(household=household_a, cccd=CCCD)
    response = login(ward_official).get(reverse("households:resident_detail", args=[resident.pk]))
    assert CCCD in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.actor == ward_official and event.object_id == str(resident.pk)


def test_provincial_staff_see_cccd_masked(login, provincial_user, household_a):
    resident = ResidentFactory(household=household_a, cccd=CCCD)
    body = (
        login(provincial_user)
        .get(reverse("households:resident_detail", args=[resident.pk]))
        .content.decode()
    )
    assert CCCD not in body
    assert "********1234" in body


def test_list_never_shows_a_full_cccd(login, ward_official, household_a):
    ResidentFactory(household=household_a, cccd=CCCD)
    body = login(ward_official).get(reverse("households:resident_list")).content.decode()
    assert CCCD not in body


def test_provincial_staff_cannot_edit(login, provincial_user, household_a):
    resident = ResidentFactory(household=household_a, full_name="Giữ Nguyên")
    client = login(provincial_user)
    url = reverse("households:resident_edit", args=[resident.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _form()).status_code == 403
    assert client.get(reverse("households:resident_create")).status_code == 403
    resident.refresh_from_db()
    assert resident.full_name == "Giữ Nguyên"


def test_edit_saves_and_logs(login, ward_official, household_a):
    resident = ResidentFactory(household=household_a, full_name="Tên Cũ")
    response = login(ward_official).post(
        reverse("households:resident_edit", args=[resident.pk]),
        _form(full_name="Tên Mới", has_bank_account="on"),
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.full_name == "Tên Mới" and resident.has_bank_account
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.before["full_name"] == "Tên Cũ" and event.after["full_name"] == "Tên Mới"


def test_move_to_another_household_of_the_ward(login, ward_official, ward_a, household_a):
    target = HouseholdFactory(hamlet=household_a.hamlet, code="DICH-DEN")
    resident = ResidentFactory(household=household_a)
    response = login(ward_official).post(
        reverse("households:resident_move", args=[resident.pk]),
        {"ward": ward_a.pk, "household_code": "DICH-DEN"},
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.household == target


def test_move_to_another_wards_household_is_refused(
    login, ward_official, ward_b, household_a, household_b
):
    resident = ResidentFactory(household=household_a)
    response = login(ward_official).post(
        reverse("households:resident_move", args=[resident.pk]),
        {"ward": ward_b.pk, "household_code": household_b.code},
    )
    assert response.status_code == 200 and response.context["form"].errors
    resident.refresh_from_db()
    assert resident.household == household_a


def test_consent_page_records_and_withdraws(login, ward_official, household_a):
    resident = ResidentFactory(household=household_a)
    client = login(ward_official)
    url = reverse("households:resident_consent", args=[resident.pk])
    refused = client.post(url, {"consent_purpose": "Danh sách"})  # box not ticked
    assert refused.status_code == 200
    resident.refresh_from_db()
    assert resident.consent_at is None
    client.post(url, {"consent_given": "on", "consent_purpose": "Danh sách"})
    resident.refresh_from_db()
    assert resident.consent_at is not None
    client.post(url, {"action": "withdraw"})
    resident.refresh_from_db()
    assert resident.consent_at is None and resident.consent_purpose == ""


def test_ethnic_minority_shown_only_to_the_managing_official(
    login, ward_official, provincial_user, household_a
):
    resident = ResidentFactory(
        household=household_a, is_ethnic_minority=True, date_of_birth=datetime.date(1990, 1, 1)
    )
    url = reverse("households:resident_detail", args=[resident.pk])
    label = "Dân tộc thiểu số"
    assert label in login(ward_official).get(url).content.decode()
    assert label not in login(provincial_user).get(url).content.decode()


def test_ethnic_minority_filter_is_not_offered_to_provincial_staff(
    login, provincial_user, household_a
):
    ResidentFactory(household=household_a, is_ethnic_minority=True, full_name="Người Nhạy Cảm")
    response = login(provincial_user).get(
        reverse("households:resident_list"), {"segment": "ethnic_minority"}
    )
    assert "segment" in response.context["filter"].errors
    assert "Người Nhạy Cảm" not in response.content.decode()
