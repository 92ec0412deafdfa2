from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import VneidLevel, years_ago

from .factories import HamletFactory, HouseholdFactory, ResidentFactory

URL = reverse("households:resident_list")


def _names(response) -> set[str]:
    return {resident.full_name for resident in response.context["page"]}


def test_filter_by_hamlet(login, ward_official, ward_a, household_a):
    other = HouseholdFactory(hamlet=HamletFactory(ward=ward_a, name="Ấp Hai"))
    ResidentFactory(household=household_a, full_name="Ở Khu Một")
    ResidentFactory(household=other, full_name="Ở Ấp Hai")
    response = login(ward_official).get(URL, {"hamlet": other.hamlet_id})
    assert _names(response) == {"Ở Ấp Hai"}


def test_filter_elderly_means_sixty_or_over(login, ward_official, household_a, frozen_clock):
    ResidentFactory(household=household_a, full_name="Vừa Sáu Mươi", date_of_birth=years_ago(60))
    ResidentFactory(
        household=household_a,
        full_name="Còn Thiếu Một Ngày",
        date_of_birth=years_ago(60) + datetime.timedelta(days=1),
    )
    response = login(ward_official).get(URL, {"segment": "elderly"})
    assert _names(response) == {"Vừa Sáu Mươi"}


def test_filter_adult_means_sixteen_or_over(login, ward_official, household_a, frozen_clock):
    ResidentFactory(household=household_a, full_name="Mười Sáu", date_of_birth=years_ago(16))
    ResidentFactory(household=household_a, full_name="Mười Lăm", date_of_birth=years_ago(15))
    client = login(ward_official)
    assert _names(client.get(URL, {"adult": "yes"})) == {"Mười Sáu"}
    assert _names(client.get(URL, {"adult": "no"})) == {"Mười Lăm"}


def test_filter_segment_trained_and_vneid(login, ward_official, household_a):
    ResidentFactory(household=household_a, full_name="Nông Dân", is_farmer=True)
    ResidentFactory(household=household_a, full_name="Đã Học", is_trained=True)
    ResidentFactory(household=household_a, full_name="Có VNeID", vneid_level=VneidLevel.LEVEL_2)
    client = login(ward_official)
    assert _names(client.get(URL, {"segment": "farmer"})) == {"Nông Dân"}
    assert _names(client.get(URL, {"trained": "yes"})) == {"Đã Học"}
    assert _names(client.get(URL, {"vneid_level": "2"})) == {"Có VNeID"}


def test_hamlet_of_another_ward_is_an_invalid_filter(login, ward_official, household_a, hamlet_b):
    ResidentFactory(household=household_a)
    response = login(ward_official).get(URL, {"hamlet": hamlet_b.pk})
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert list(response.context["page"]) == []
    assert hamlet_b.name not in response.content.decode()


def test_list_pages_fifty_at_a_time(login, ward_official, household_a):
    ResidentFactory.create_batch(55, household=household_a)
    client = login(ward_official)
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    assert first.context["page"].paginator.count == 55


def test_list_query_count_does_not_grow_with_rows(
    login, ward_official, household_a, django_assert_num_queries
):
    ResidentFactory.create_batch(2, household=household_a)
    client = login(ward_official)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "nguyen"})
    ResidentFactory.create_batch(40, household=HouseholdFactory(hamlet=household_a.hamlet))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"q": "nguyen"})
    assert len(response.context["page"]) == 42


def test_mentors_and_team_leads_cannot_open_rosters(login, mentor_user, team_lead_user):
    assert login(mentor_user).get(URL).status_code == 403
    assert login(team_lead_user).get(URL).status_code == 403
