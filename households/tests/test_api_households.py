from __future__ import annotations

from django.urls import reverse

from households.models import Household

from .factories import ResidentFactory

LIST = reverse("api:household-list")


def test_create_with_blank_code_numbers_it_in_the_hamlets_ward(login, ward_official, hamlet_a):
    response = login(ward_official).post(
        LIST,
        {"hamlet": hamlet_a.pk, "address": "3 Lý Thường Kiệt"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "HGD-00001"
    assert response.json()["is_digital_family"] is False
    assert Household.objects.get().ward == hamlet_a.ward


def test_another_wards_hamlet_answers_400(login, ward_official, hamlet_b):
    response = login(ward_official).post(
        LIST, {"hamlet": hamlet_b.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "hamlet" in response.json()
    assert not Household.objects.exists()


def test_duplicate_code_answers_400(login, ward_official, household_a):
    response = login(ward_official).post(
        LIST,
        {"hamlet": household_a.hamlet_id, "code": household_a.code},
        content_type="application/json",
    )
    assert response.status_code == 400 and "code" in response.json()


def test_head_must_be_a_member(login, ward_official, household_a, hamlet_a):
    from .factories import HouseholdFactory

    stranger = ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a))
    client = login(ward_official)
    url = reverse("api:household-detail", args=[household_a.pk])
    assert (
        client.patch(url, {"head": stranger.pk}, content_type="application/json").status_code == 400
    )
    member = ResidentFactory(household=household_a, is_trained=True)
    response = client.patch(url, {"head": member.pk}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["head"] == member.pk
    assert response.json()["is_digital_family"] is True
    assert response.json()["member_count"] == 1


def test_list_filters_digital_family(login, ward_official, household_a, hamlet_a):
    from .factories import HouseholdFactory

    ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a, code="SO"), is_trained=True)
    body = login(ward_official).get(LIST, {"digital_family": "yes"}).json()
    assert [h["code"] for h in body["results"]] == ["SO"]
