"""The resident list: one compact row per person on wide screens (cards on phones), the ward
shown to a user who sees several wards (household codes repeat across wards)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .factories import HamletFactory, HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_wards(ward_a, ward_b):
    for ward, name in ((ward_a, "Người Phường A"), (ward_b, "Người Phường B")):
        household = HouseholdFactory(hamlet=HamletFactory(ward=ward), code="HGD-00001")
        ResidentFactory(household=household, full_name=name)


def test_provincial_staff_see_each_residents_ward(login, provincial_user, two_wards, ward_b):
    html = login(provincial_user).get(reverse("households:resident_list")).content.decode()
    assert html.count('data-testid="resident-ward"') == 2
    assert f" · {ward_b.name}</span>" in html


def test_an_official_of_one_ward_is_not_told_the_ward_on_every_row(login, ward_official, two_wards):
    html = login(ward_official).get(reverse("households:resident_list")).content.decode()
    assert 'data-testid="resident-ward"' not in html


def test_the_list_uses_the_compact_row_layout(login, ward_official, two_wards):
    html = login(ward_official).get(reverse("households:resident_list")).content.decode()
    assert 'class="result-list compact-rows"' in html
