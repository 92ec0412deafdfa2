from __future__ import annotations

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import VneidLevel, years_ago

from .factories import HamletFactory, HouseholdFactory, ResidentFactory


def test_family_todo_lists_only_households_without_a_trained_member(
    login, ward_official, household_a
):
    done = HouseholdFactory(hamlet=household_a.hamlet, code="XONG")
    ResidentFactory(household=done, is_trained=True)
    ResidentFactory(household=household_a)
    response = login(ward_official).get(reverse("households:family_todo"))
    codes = {household.code for household in response.context["page"]}
    assert codes == {household_a.code}


def rollup():
    """The coverage roll-up the summaries read, counted from the roster as it is now."""
    call_command("rollup_coverage", "--full")


def test_family_todo_per_hamlet_counts(login, ward_official, household_a, hamlet_a):
    HouseholdFactory(hamlet=hamlet_a, code="CHUA-2")
    rollup()
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
        .get(reverse("households:identity_todo"), {"hamlet": household_a.hamlet_id, "print": "1"})
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
    ResidentFactory(
        household=household_a,
        date_of_birth=years_ago(40),
        vneid_level=VneidLevel.LEVEL_2,
        has_ewallet=True,
    )
    rollup()
    response = login(ward_official).get(reverse("households:identity_todo"))
    (hamlet,) = response.context["hamlets"]
    assert (hamlet.to_visit, hamlet.without_vneid, hamlet.without_bank) == (2, 1, 1)


def test_identity_summary_reads_the_rollup_not_the_roster(
    login, ward_official, household_a, frozen_clock
):
    ResidentFactory(household=household_a, date_of_birth=years_ago(40))
    rollup()
    ResidentFactory(household=household_a, date_of_birth=years_ago(40))
    client = login(ward_official)
    (hamlet,) = client.get(reverse("households:identity_todo")).context["hamlets"]
    assert hamlet.to_visit == 1
    rollup()
    (hamlet,) = client.get(reverse("households:identity_todo")).context["hamlets"]
    assert hamlet.to_visit == 2


def test_identity_summary_before_any_rollup_shows_every_hamlet_with_zeros(
    login, ward_official, hamlet_a
):
    (hamlet,) = login(ward_official).get(reverse("households:identity_todo")).context["hamlets"]
    assert (hamlet.pk, hamlet.to_visit, hamlet.without_vneid) == (hamlet_a.pk, 0, 0)


def _identity_gaps(household, count):
    for number in range(count):
        ResidentFactory(
            household=household, full_name=f"Người {number:03d}", date_of_birth=years_ago(30)
        )


@override_settings(PAGING_EXACT_COUNT_LIMIT=1000)
def test_identity_todo_pages_on_screen_and_prints_whole(
    login, ward_official, household_a, frozen_clock, monkeypatch
):
    monkeypatch.setattr("households.views.todo.IDENTITY_PAGE_SIZE", 3)
    _identity_gaps(household_a, 7)
    client = login(ward_official)
    url = reverse("households:identity_todo")
    pages = [
        [
            r.full_name
            for r in client.get(url, {"hamlet": household_a.hamlet_id, "page": n}).context[
                "residents"
            ]
        ]
        for n in (1, 2, 3)
    ]
    printed = client.get(url, {"hamlet": household_a.hamlet_id, "print": "1"})
    whole = [r.full_name for r in printed.context["residents"]]
    assert [len(page) for page in pages] == [3, 3, 1]
    assert sum(pages, []) == whole == [f"Người {n:03d}" for n in range(7)]
    assert b"data-print" in printed.content and b"print-whole-list" not in printed.content


def test_identity_todo_screen_links_to_the_print_view(login, ward_official, household_a):
    body = (
        login(ward_official)
        .get(reverse("households:identity_todo"), {"hamlet": household_a.hamlet_id})
        .content.decode()
    )
    assert f"?hamlet={household_a.hamlet_id}&amp;print=1" in body


def test_identity_todo_page_query_count_does_not_grow_with_rows(
    login, ward_official, household_a, django_assert_num_queries, monkeypatch, frozen_clock
):
    monkeypatch.setattr("households.views.todo.IDENTITY_PAGE_SIZE", 3)
    _identity_gaps(household_a, 2)
    client = login(ward_official)
    url = reverse("households:identity_todo")
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"hamlet": household_a.hamlet_id})
    _identity_gaps(HouseholdFactory(hamlet=household_a.hamlet, code="B-2"), 8)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, {"hamlet": household_a.hamlet_id, "page": 2})
    assert len(response.context["residents"]) == 3


def test_family_todo_query_count_does_not_grow_with_rows(
    login, ward_official, household_a, hamlet_a, django_assert_num_queries
):
    ResidentFactory(household=household_a)
    rollup()
    client = login(ward_official)
    url = reverse("households:family_todo")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(6):
        ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a, code=f"NHIEU-{number}"))
    rollup()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 7 and response.context["summary"][0]["pending"] == 7


def test_family_todo_beyond_its_exact_count_says_about_the_rollups_figure(
    login, ward_official, household_a, hamlet_a, monkeypatch
):
    monkeypatch.setattr("households.views.todo.TODO_EXACT_COUNT_LIMIT", 2)
    monkeypatch.setattr("households.views.todo.FAMILY_PAGE_SIZE", 2)
    for number in range(4):
        HouseholdFactory(hamlet=hamlet_a, code=f"CON-{number}")
    rollup()
    client = login(ward_official)
    url = reverse("households:family_todo")
    for query in ({}, {"hamlet": hamlet_a.pk}):
        response = client.get(url, query)
        page = response.context["page"]
        assert (page.paginator.count, page.paginator.is_estimate) == (5, True), query
        assert len(page) == 2 and page.has_next()
        assert 'data-estimate="true"' in response.content.decode()


def test_family_todo_within_its_exact_count_says_how_many(login, ward_official, household_a):
    response = login(ward_official).get(reverse("households:family_todo"))
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.is_estimate) == (1, False)
    assert 'data-estimate="false"' in response.content.decode()


def test_identity_todo_beyond_its_exact_count_says_about_the_rollups_figure(
    login, ward_official, household_a, frozen_clock, monkeypatch
):
    monkeypatch.setattr("households.views.todo.TODO_EXACT_COUNT_LIMIT", 2)
    monkeypatch.setattr("households.views.todo.IDENTITY_PAGE_SIZE", 2)
    _identity_gaps(household_a, 5)
    rollup()
    response = login(ward_official).get(
        reverse("households:identity_todo"), {"hamlet": household_a.hamlet_id}
    )
    page = response.context["page"]
    assert (page.paginator.count, page.paginator.is_estimate) == (5, True)
    assert [r.full_name for r in page] == ["Người 000", "Người 001"] and page.has_next()
    assert 'data-estimate="true"' in response.content.decode()


def test_family_todo_count_of_a_ward_reads_its_pending_households_off_an_index(
    ward_official, household_a, hamlet_a
):
    from households.selectors import family_todo_households
    from households.views.todo import TODO_EXACT_COUNT_LIMIT
    from literacy.paging import countable
    from literacy.tests.plans import indexes_read

    done = HouseholdFactory(hamlet=hamlet_a, code="XONG")
    ResidentFactory(household=done, is_trained=True)
    first_rows = countable(family_todo_households(user=ward_official))[: TODO_EXACT_COUNT_LIMIT + 1]
    assert indexes_read(first_rows) == {"household_not_family_ward_idx"}


def test_identity_todo_of_a_hamlet_for_provincial_staff_lists_its_people_in_order(
    login, provincial_user, hamlet_a, ward_b, frozen_clock
):
    adult = years_ago(30)
    later = HouseholdFactory(hamlet=hamlet_a, code="A-002")
    first = HouseholdFactory(hamlet=hamlet_a, code="A-001")
    elsewhere = HouseholdFactory(hamlet=HamletFactory(ward=ward_b), code="A-001")
    for household, name in (
        (later, "An Sau"),
        (first, "Ba Truoc"),
        (first, "An Truoc"),
        (elsewhere, "Khac Phuong"),
    ):
        ResidentFactory(
            household=household, full_name=name, date_of_birth=adult, vneid_level=VneidLevel.NONE
        )
    response = login(provincial_user).get(
        reverse("households:identity_todo"), {"hamlet": hamlet_a.pk}
    )
    names = [resident.full_name for resident in response.context["residents"]]
    assert names == ["An Truoc", "Ba Truoc", "An Sau"]
