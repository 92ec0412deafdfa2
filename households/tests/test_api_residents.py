from __future__ import annotations

from django.urls import reverse

from households.models import Resident

from .factories import ResidentFactory

LIST = reverse("api:resident-list")


def _detail(resident) -> str:
    return reverse("api:resident-detail", args=[resident.pk])


def test_list_is_scoped_paginated_and_filtered(login, ward_official, household_a, household_b):
    ResidentFactory(household=household_a, full_name="Nguyễn Văn An")
    ResidentFactory(household=household_a, full_name="Lê Thị Cúc")
    ResidentFactory(household=household_b, full_name="Nguyễn Văn Bên Kia")
    client = login(ward_official)
    body = client.get(LIST).json()
    assert body["count"] == 2 and "results" in body
    found = client.get(LIST, {"q": "nguyen van"}).json()["results"]
    assert [r["full_name"] for r in found] == ["Nguyễn Văn An"]


def test_cccd_is_write_only_and_masked_when_read(login, ward_official, household_a):
    resident = ResidentFactory(household=household_a, cccd="074058001234")
    data = login(ward_official).get(_detail(resident)).json()
    assert "cccd" not in data and data["cccd_masked"] == "********1234"


def test_created_resident_lands_in_the_officials_ward(login, ward_official, ward_a, ward_b):
    response = login(ward_official).post(
        LIST, {"full_name": "Mới Tạo", "ward": ward_b.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert Resident.objects.get(full_name="Mới Tạo").ward == ward_a


def test_naming_another_wards_household_answers_400(login, ward_official, household_b):
    response = login(ward_official).post(
        LIST,
        {"full_name": "Xâm Nhập", "household": household_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "household" in response.json()
    assert not Resident.objects.filter(full_name="Xâm Nhập").exists()


def test_patch_moving_into_another_wards_household_answers_400(
    login, ward_official, household_a, household_b
):
    resident = ResidentFactory(household=household_a)
    response = login(ward_official).patch(
        _detail(resident), {"household": household_b.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    resident.refresh_from_db()
    assert resident.household == household_a


def test_patch_with_a_wrong_cccd_names_the_field(login, ward_official, household_a):
    resident = ResidentFactory(household=household_a)  # man born 1980
    response = login(ward_official).patch(
        _detail(resident), {"cccd": "074058001234"}, content_type="application/json"
    )
    assert response.status_code == 400 and "cccd" in response.json()


def test_other_wards_resident_answers_404(login, ward_official, household_b):
    resident = ResidentFactory(household=household_b)
    client = login(ward_official)
    assert client.get(_detail(resident)).status_code == 404
    assert client.patch(_detail(resident), {}, content_type="application/json").status_code == 404


def test_provincial_staff_read_but_cannot_write(login, provincial_user, household_a):
    resident = ResidentFactory(household=household_a, full_name="Giữ Nguyên")
    client = login(provincial_user)
    assert client.get(_detail(resident)).status_code == 200
    response = client.patch(_detail(resident), {"full_name": "X"}, content_type="application/json")
    assert response.status_code == 403


def test_ethnic_minority_is_absent_for_non_managers(
    login, provincial_user, ward_official, household_a
):
    resident = ResidentFactory(household=household_a, is_ethnic_minority=True)
    assert login(ward_official).get(_detail(resident)).json()["is_ethnic_minority"] is True
    provincial = login(provincial_user)
    assert "is_ethnic_minority" not in provincial.get(_detail(resident)).json()
    assert provincial.get(LIST, {"segment": "ethnic_minority"}).status_code == 400


def test_filtering_by_another_wards_hamlet_answers_400(login, ward_official, hamlet_b):
    response = login(ward_official).get(LIST, {"hamlet": hamlet_b.pk})
    assert response.status_code == 400


def test_mentors_get_403(login, mentor_user):
    assert login(mentor_user).get(LIST).status_code == 403
