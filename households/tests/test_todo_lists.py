from __future__ import annotations

from django.urls import reverse

from households.models import VneidLevel, years_ago

from .factories import HouseholdFactory, ResidentFactory


def test_family_todo_lists_only_households_without_a_trained_member(
    login, ward_official, household_a
):
    done = HouseholdFactory(hamlet=household_a.hamlet, code="XONG")
    ResidentFactory(household=done, is_trained=True)
    ResidentFactory(household=household_a)
    response = login(ward_official).get(reverse("households:family_todo"))
    codes = {household.code for household in response.context["page"]}
    assert codes == {household_a.code}


def test_family_todo_per_hamlet_counts(login, ward_official, household_a, hamlet_a):
    HouseholdFactory(hamlet=hamlet_a, code="CHUA-2")
    response = login(ward_official).get(reverse("households:family_todo"))
    (row,) = response.context["summary"]
    assert row["hamlet_id"] == hamlet_a.pk and row["pending"] == 2


def test_family_todo_for_another_wards_hamlet_is_not_found(login, ward_official, hamlet_b):
    response = login(ward_official).get(reverse("households:family_todo"), {"hamlet": hamlet_b.pk})
    assert response.status_code == 404


def test_identity_todo_lists_adults_missing_vneid_level_2_or_a_bank_account(
    login, ward_official, household_a, frozen_clock
):
    adult = years_ago(30)
    ResidentFactory(
        household=household_a,
        full_name="Thiếu VNeID",
        date_of_birth=adult,
        vneid_level=VneidLevel.LEVEL_1,
        has_bank_account=True,
    )
    ResidentFactory(
        household=household_a,
        full_name="Thiếu Ngân Hàng",
        date_of_birth=adult,
        vneid_level=VneidLevel.LEVEL_2,
        has_bank_account=False,
    )
    ResidentFactory(
        household=household_a,
        full_name="Đủ Cả Hai",
        date_of_birth=adult,
        vneid_level=VneidLevel.LEVEL_2,
        has_bank_account=True,
    )
    ResidentFactory(household=household_a, full_name="Còn Nhỏ", date_of_birth=years_ago(15))
    response = login(ward_official).get(
        reverse("households:identity_todo"), {"hamlet": household_a.hamlet_id}
    )
    names = {resident.full_name for resident in response.context["residents"]}
    assert names == {"Thiếu VNeID", "Thiếu Ngân Hàng"}


def test_identity_todo_is_printable(login, ward_official, household_a):
    body = (
        login(ward_official)
        .get(reverse("households:identity_todo"), {"hamlet": household_a.hamlet_id})
        .content.decode()
    )
    assert "css/households.css" in body and "data-print" in body
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/households.css").read_text()
    assert "@media print" in css


def test_identity_summary_counts_per_hamlet(login, ward_official, household_a, frozen_clock):
    ResidentFactory(household=household_a, date_of_birth=years_ago(40), has_bank_account=True)
    ResidentFactory(
        household=household_a, date_of_birth=years_ago(40), vneid_level=VneidLevel.LEVEL_2
    )
    response = login(ward_official).get(reverse("households:identity_todo"))
    (hamlet,) = response.context["hamlets"]
    assert (hamlet.to_visit, hamlet.without_vneid, hamlet.without_bank) == (2, 1, 1)


def test_identity_todo_for_another_wards_hamlet_is_not_found(login, ward_official, hamlet_b):
    response = login(ward_official).get(
        reverse("households:identity_todo"), {"hamlet": hamlet_b.pk}
    )
    assert response.status_code == 404
