"""The resident lists page without counting everything: the same people in the same order
page after page (ties on the name broken by id), an exact count when small, else an estimate."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from households.api.views import ResidentViewSet
from households.models import Resident
from literacy.paging import CappedPaginator, estimated_count

from .factories import HamletFactory, HouseholdFactory, ResidentFactory

URL = reverse("households:resident_list")
API = "/api/v1/residents/"
#: Few names, so that many residents share one (the order must still be total).
NAMES = ["Trần Thị Bé", "Nguyễn Văn An", "Lê Văn Cường", "Ngô Thị Dung"]


@pytest.fixture
def rosters(ward_a, ward_b):
    """70 residents in ward A and 40 in ward B, every name shared by many."""
    for ward, count in ((ward_a, 70), (ward_b, 40)):
        household = HouseholdFactory(hamlet=HamletFactory(ward=ward))
        for number in range(count):
            ResidentFactory(household=household, full_name=NAMES[number % len(NAMES)])


def _reference(wards=None) -> list[int]:
    residents = Resident.objects.all()
    if wards is not None:
        residents = residents.filter(ward__in=wards)
    return list(residents.order_by("name_folded", "id").values_list("id", flat=True))


def _paged_ids(client) -> list[int]:
    ids, number = [], 1
    while True:
        page = client.get(URL, {"page": number}).context["page"]
        ids += [resident.pk for resident in page]
        if not page.has_next():
            return ids
        number += 1


def _api_ids(client) -> list[int]:
    ids, url = [], API
    while url:
        body = client.get(url).json()
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
    return ids


def test_ward_official_pages_give_the_ward_in_name_then_id_order(
    login, ward_official, ward_a, rosters
):
    assert _paged_ids(login(ward_official)) == _reference([ward_a])


def test_provincial_pages_give_everyone_in_name_then_id_order(login, provincial_user, rosters):
    ids = _paged_ids(login(provincial_user))
    assert len(ids) == 110 and ids == _reference()


def test_api_pages_give_the_same_order(login, ward_official, provincial_user, ward_a, rosters):
    assert _api_ids(login(ward_official)) == _reference([ward_a])
    assert _api_ids(login(provincial_user)) == _reference()


def test_count_is_exact_up_to_the_limit(login, provincial_user, rosters):
    with override_settings(PAGING_EXACT_COUNT_LIMIT=110):
        response = login(provincial_user).get(URL)
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.is_estimate) == (110, False)
    assert 'data-estimate="false"' in response.content.decode()


@override_settings(PAGING_EXACT_COUNT_LIMIT=20)
def test_above_the_limit_the_page_says_the_count_is_an_estimate(login, provincial_user, rosters):
    response = login(provincial_user).get(URL, {"page": 2})
    page = response.context["page"]
    assert page.paginator.is_estimate and page.paginator.count >= 21
    assert 'data-estimate="true"' in response.content.decode()
    assert [resident.pk for resident in page] == _reference()[50:100]


@override_settings(PAGING_EXACT_COUNT_LIMIT=20)
def test_api_says_when_its_count_is_an_estimate(login, provincial_user, rosters):
    body = login(provincial_user).get(API).json()
    assert body["count_is_estimate"] is True and body["count"] >= 21


def test_api_count_is_exact_when_small(login, ward_official, rosters):
    body = login(ward_official).get(API).json()
    assert (body["count"], body["count_is_estimate"]) == (70, False)


def test_the_estimate_is_the_planners(rosters):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE households_resident")
    assert estimated_count(Resident.objects.all()) == 110


def test_an_estimate_is_never_below_what_was_counted(rosters):
    with override_settings(PAGING_EXACT_COUNT_LIMIT=20):
        paginator = CappedPaginator(Resident.objects.filter(full_name=NAMES[0]).order_by("id"), 10)
        assert paginator.count >= 21 and paginator.is_estimate


@override_settings(PAGING_EXACT_COUNT_LIMIT=20)
def test_with_an_estimate_next_is_known_from_the_page_and_past_the_end_is_the_first(rosters):
    paginator = CappedPaginator(Resident.objects.order_by("name_folded", "id"), 50)
    second, third = paginator.get_page(2), paginator.get_page(3)
    assert second.has_next() and not third.has_next() and len(third) == 10
    assert paginator.get_page(99).number == 1 and paginator.get_page("x").number == 1


@pytest.mark.parametrize(("count", "rounded"), [(7, 7), (1234, 1200), (1_249_999, 1_200_000)])
def test_an_estimate_is_shown_to_two_significant_digits(count, rounded):
    paginator = CappedPaginator([], 10)
    paginator.count = count
    assert paginator.rounded_count == rounded


def test_a_queryset_already_read_is_counted_from_its_rows(rosters, django_assert_num_queries):
    residents = Resident.objects.order_by("id")
    list(residents)
    with django_assert_num_queries(0):
        assert CappedPaginator(residents, 10).count == 110


@override_settings(PAGING_EXACT_COUNT_LIMIT=20)
def test_search_pages_give_the_matches_in_name_then_id_order(login, provincial_user, rosters):
    client, ids, number = login(provincial_user), [], 1
    while True:
        page = client.get(URL, {"q": "văn", "page": number}).context["page"]
        ids += [resident.pk for resident in page]
        if not page.has_next():
            break
        number += 1
    matches = Resident.objects.filter(name_folded__contains="van").order_by("name_folded", "id")
    assert len(ids) == 55 and ids == list(matches.values_list("id", flat=True))


def test_a_page_read_ids_first_has_the_rows_of_the_plain_page(rosters):
    residents = Resident.objects.select_related("household").order_by("name_folded", "id")
    plain = CappedPaginator(residents, 30).page(2)
    ids_first = CappedPaginator(residents, 30, ids_first=True).page(2)
    assert [r.pk for r in ids_first] == [r.pk for r in plain]
    assert ids_first[0].household == plain[0].household


def test_a_list_may_count_exactly_up_to_fewer_rows(rosters):
    residents = Resident.objects.order_by("name_folded", "pk")
    paginator = CappedPaginator(residents, 10, exact_limit=30)
    assert paginator.count >= 31 and paginator.is_estimate
    with override_settings(PAGING_EXACT_COUNT_LIMIT=20):  # never more than the setting
        assert CappedPaginator(residents, 10, exact_limit=500).count >= 21


def test_beyond_the_exact_count_a_known_size_is_the_estimate(rosters):
    residents = Resident.objects.order_by("name_folded", "pk")
    asked = []

    def known() -> int:
        asked.append(True)
        return 4000

    assert CappedPaginator(residents, 10, exact_limit=500, estimate=known).count == 110
    assert asked == []  # small enough to count: never asked
    paginator = CappedPaginator(residents, 10, exact_limit=30, estimate=known)
    assert (paginator.count, paginator.is_estimate) == (4000, True)
    # Never below what was counted, and the planner's guess when the size is not known.
    assert CappedPaginator(residents, 10, exact_limit=30, estimate=lambda: 5).count == 31
    planner = CappedPaginator(residents, 10, exact_limit=30, estimate=lambda: None)
    assert planner.count == max(estimated_count(residents), 31)


@pytest.mark.parametrize(("limit", "estimated"), [(30, True), (70, False)])
def test_an_api_list_may_count_exactly_only_up_to_fewer_rows(
    login, ward_official, rosters, monkeypatch, limit, estimated
):
    monkeypatch.setattr(ResidentViewSet, "exact_count_limit", limit, raising=False)
    body = login(ward_official).get(API).json()
    assert body["count_is_estimate"] is estimated
    if estimated:  # never below what was counted
        assert body["count"] >= limit + 1
    else:
        assert body["count"] == 70


@pytest.mark.parametrize(("limit", "estimated"), [(50, True), (55, False)])
def test_a_name_search_counts_exactly_only_up_to_its_own_limit(
    login, provincial_user, rosters, monkeypatch, limit, estimated
):
    """55 residents' names contain "văn" (see ``rosters``)."""
    monkeypatch.setattr("households.views.residents.SEARCH_EXACT_COUNT_LIMIT", limit)
    paginator = login(provincial_user).get(URL, {"q": "văn"}).context["page"].paginator
    assert paginator.is_estimate is estimated
    if not estimated:
        assert paginator.count == 55
