"""The hamlet filter: grouped under each ward's name when the user sees several wards (every
ward has its "Khu phố 1"), a plain list for a ward official of one ward."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from .factories import HamletFactory

PAGES = ["households:resident_list", "households:household_list"]


@pytest.fixture
def hamlets(ward_a, ward_b):
    return {
        ward: [HamletFactory(ward=ward, name=name) for name in ("Khu phố 1", "Khu phố 2")]
        for ward in (ward_a, ward_b)
    }


def _hamlet_select(html: str) -> str:
    return re.search(r'<select name="hamlet".*?</select>', html, re.S).group(0)


@pytest.mark.parametrize("page", PAGES)
def test_provincial_staff_see_each_wards_hamlets_under_its_name(
    login, provincial_user, ward_a, ward_b, hamlets, page
):
    select = _hamlet_select(login(provincial_user).get(reverse(page)).content.decode())
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _ in groups] == sorted([ward_a.name, ward_b.name])
    for label, options in groups:
        ward = ward_a if label == ward_a.name else ward_b
        values = re.findall(r'<option value="(\d+)"', options)
        assert values == [str(hamlet.pk) for hamlet in hamlets[ward]]


@pytest.mark.parametrize("page", PAGES)
def test_a_ward_official_sees_a_plain_list_of_their_hamlets(
    login, ward_official, ward_a, hamlets, page
):
    select = _hamlet_select(login(ward_official).get(reverse(page)).content.decode())
    assert "<optgroup" not in select
    values = re.findall(r'<option value="(\d+)"', select)
    assert values == [str(hamlet.pk) for hamlet in hamlets[ward_a]]


def test_a_grouped_hamlet_still_filters_the_list(login, provincial_user, ward_b, hamlets):
    hamlet = hamlets[ward_b][1]
    response = login(provincial_user).get(
        reverse("households:household_list"), {"hamlet": hamlet.pk}
    )
    assert response.status_code == 200
    assert f'<option value="{hamlet.pk}" selected>' in response.content.decode()
