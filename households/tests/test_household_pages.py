from __future__ import annotations

from django.urls import reverse

from households.models import Household

from .factories import HouseholdFactory, ResidentFactory


def test_household_page_shows_members_trained_and_digital_family(login, ward_official, household_a):
    ResidentFactory(household=household_a, full_name="Người Đã Học", is_trained=True)
    ResidentFactory(household=household_a, full_name="Người Chưa Học")
    response = login(ward_official).get(
        reverse("households:household_detail", args=[household_a.pk])
    )
    body = response.content.decode()
    assert "Người Đã Học" in body and "Người Chưa Học" in body
    assert response.context["household"].is_digital_family is True
    assert 'class="badge digital-family"' in body


def test_household_without_trained_member_is_not_a_digital_family(
    login, ward_official, household_a
):
    ResidentFactory(household=household_a)
    response = login(ward_official).get(
        reverse("households:household_detail", args=[household_a.pk])
    )
    assert response.context["household"].is_digital_family is False
    assert 'class="badge digital-family"' not in response.content.decode()


def test_create_household_with_blank_code_numbers_it(login, ward_official, hamlet_a):
    response = login(ward_official).post(
        reverse("households:household_create"),
        {"hamlet": hamlet_a.pk, "code": "", "address": "12 Nguyễn Trãi"},
    )
    household = Household.objects.get()
    assert response.status_code == 302
    assert household.code == "HGD-00001" and household.ward == hamlet_a.ward


def test_duplicate_code_is_refused_with_a_message(login, ward_official, hamlet_a, household_a):
    response = login(ward_official).post(
        reverse("households:household_create"),
        {"hamlet": hamlet_a.pk, "code": household_a.code, "address": ""},
    )
    assert response.status_code == 200
    assert household_a.code in str(response.context["form"].errors["code"])
    assert Household.objects.count() == 1


def test_edit_sets_the_head_among_members(login, ward_official, household_a):
    head = ResidentFactory(household=household_a)
    response = login(ward_official).post(
        reverse("households:household_edit", args=[household_a.pk]),
        {
            "hamlet": household_a.hamlet_id,
            "code": household_a.code,
            "address": "x",
            "head": head.pk,
        },
    )
    assert response.status_code == 302
    household_a.refresh_from_db()
    assert household_a.head == head


def test_household_list_filters_digital_families(login, ward_official, household_a):
    trained = HouseholdFactory(hamlet=household_a.hamlet, code="DA-SO")
    ResidentFactory(household=trained, is_trained=True)
    client = login(ward_official)
    url = reverse("households:household_list")
    yes = {h.code for h in client.get(url, {"digital_family": "yes"}).context["page"]}
    no = {h.code for h in client.get(url, {"digital_family": "no"}).context["page"]}
    assert yes == {"DA-SO"} and no == {household_a.code}


def test_household_list_query_count_is_fixed(
    login, ward_official, household_a, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(ward_official)
    url = reverse("households:household_list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        ResidentFactory(household=HouseholdFactory(hamlet=household_a.hamlet, code=f"N{n}"))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
