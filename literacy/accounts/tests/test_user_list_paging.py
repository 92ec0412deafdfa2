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
