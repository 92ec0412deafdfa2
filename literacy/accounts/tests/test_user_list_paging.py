"""The account list counts exactly only while the list is short; beyond, it says "about"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from literacy.accounts.roles import Role


@pytest.fixture
def mentors_of_ward_a(ward_a, make_user):
    return [make_user(f"mentor_{i:02d}", Role.MENTOR, wards=[ward_a]) for i in range(12)]


@pytest.mark.parametrize(("limit", "estimated"), [(10, True), (12, False)])
def test_the_account_list_counts_exactly_only_up_to_its_limit(
    login, ward_official, mentors_of_ward_a, monkeypatch, limit, estimated
):
    monkeypatch.setattr("literacy.accounts.views.ACCOUNTS_EXACT_COUNT_LIMIT", limit)
    page = login(ward_official).get(reverse("accounts:user_list")).context["page"]
    assert page.paginator.is_estimate is estimated
    if estimated:  # never below what was counted
        assert page.paginator.count >= limit + 1
    else:
        assert page.paginator.count == 12
    usernames = [account.username for account in page]
    assert usernames == sorted(f"mentor_{i:02d}" for i in range(12))


def test_a_ward_officials_account_list_reads_its_page_of_their_wards_accounts_only(
    login, ward_official, ward_a, ward_b, make_user
):
    from literacy.accounts.selectors import accounts_listed, accounts_listed_by_id

    lead = make_user("lead_a", Role.TEAM_LEAD, wards=[ward_a])
    mentor = make_user("mentor_a", Role.MENTOR, wards=[ward_a])
    make_user("mentor_b", Role.MENTOR, wards=[ward_b])
    make_user("official_a2", Role.WARD_OFFICIAL, wards=[ward_a])
    by_id = accounts_listed_by_id(ward_official)
    assert set(by_id) == set(accounts_listed(ward_official)) == {lead, mentor}
    page = login(ward_official).get(reverse("accounts:user_list")).context["page"]
    assert [account.username for account in page] == ["mentor_a", "lead_a"]
