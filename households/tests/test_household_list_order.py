"""The household lists (all households, those not yet a Digital Family, their exports) keep one
order: ward name, hamlet name, household code, then id; page after page, for provincial staff and
for a ward official, whether the count is exact or estimated, even where two wards share a name."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import override_settings
from django.urls import reverse

from households.models import Household
from literacy.areas.models import Ward

from .factories import HamletFactory, HouseholdFactory, ResidentFactory

LIST = reverse("households:household_list")
TODO = reverse("households:family_todo")


@pytest.fixture
def households(ward_a, ward_b):
    """Hamlets created out of name order, codes out of order, a ward named like ward A (so its
    hamlet "Ấp Giữa" ties with ward A's on both names), every third household trained."""
    namesake = Ward.objects.create(
        code=99999, name=ward_a.name, ward_type=ward_a.ward_type, province=ward_a.province
    )
    number = 0
    for ward in (ward_b, ward_a, namesake):
        for hamlet_name in ("Ấp Giữa", "Ấp Cuối", "Ấp Đầu"):
            hamlet = HamletFactory(ward=ward, name=hamlet_name)
            for code in ("Z-9", "A-1", "M-5", "B-2", "K-3", "C-7", "A-10"):
                number += 1
                household = HouseholdFactory(hamlet=hamlet, code=f"{code}-{number % 4}")
                ResidentFactory(household=household, is_trained=number % 3 == 0)
                ResidentFactory(household=household)


def _reference(*, wards=None, pending=False) -> list[int]:
    households = Household.objects.all()
    if wards is not None:
        households = households.filter(ward__in=wards)
    if pending:
        households = households.exclude(members__is_trained=True)
    ordered = households.order_by("ward__name", "hamlet__name", "code", "pk")
    return list(ordered.values_list("pk", flat=True))


def _paged(client, url: str, **query) -> list[int]:
    ids, number = [], 1
    while True:
        page = client.get(url, {**query, "page": number}).context["page"]
        ids += [household.pk for household in page]
        if not page.has_next():
            return ids
        number += 1


def test_provincial_pages_follow_ward_hamlet_code_order(login, provincial_user, households):
    client = login(provincial_user)
    reference = _reference()
    assert len(reference) == 63 and _paged(client, LIST) == reference


def test_ward_official_pages_follow_the_same_order(login, ward_official, ward_a, households):
    assert _paged(login(ward_official), LIST) == _reference(wards=[ward_a])


@override_settings(PAGING_EXACT_COUNT_LIMIT=20)
def test_estimated_pages_follow_the_same_order(login, provincial_user, households):
    client = login(provincial_user)
    assert client.get(LIST).context["page"].paginator.is_estimate
    assert _paged(client, LIST) == _reference()


def test_households_not_yet_a_digital_family_follow_the_same_order(
    login, provincial_user, ward_official, ward_a, households
):
    assert _paged(login(provincial_user), TODO) == _reference(pending=True)
    assert _paged(login(ward_official), TODO) == _reference(wards=[ward_a], pending=True)


def test_filtered_list_and_export_follow_the_same_order(login, provincial_user, households):
    client = login(provincial_user)
    assert _paged(client, LIST, digital_family="no") == _reference(pending=True)
    body = b"".join(client.get(reverse("households:household_export_csv")).streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
    codes = [Household.objects.get(pk=pk).code for pk in _reference()]
    assert [row[0] for row in rows] == codes
