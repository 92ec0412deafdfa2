from __future__ import annotations

from django.urls import reverse

from households.models import Resident

from .factories import ResidentFactory


def test_unaccented_query_finds_accented_name(household_a):
    an = ResidentFactory(household=household_a, full_name="Nguyễn Văn An")
    ResidentFactory(household=household_a, full_name="Trần Thị Bình")
    assert list(Resident.objects.search("nguyen van an")) == [an]


def test_d_matches_the_letter_dj(household_a):
    dat = ResidentFactory(household=household_a, full_name="Đỗ Văn Đạt")
    assert list(Resident.objects.search("do van dat")) == [dat]
    assert list(Resident.objects.search("ĐẠT")) == [dat]


def test_accented_query_and_extra_spaces_still_match(household_a):
    an = ResidentFactory(household=household_a, full_name="Nguyễn Văn An")
    assert list(Resident.objects.search("  Nguyễn   văn ")) == [an]


def test_resident_list_page_searches_without_accents(login, ward_official, household_a):
    ResidentFactory(household=household_a, full_name="Nguyễn Văn An")
    ResidentFactory(household=household_a, full_name="Lê Thị Cúc")
    client = login(ward_official)
    response = client.get(reverse("households:resident_list"), {"q": "nguyen van an"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in body
    assert "Nguyễn Văn An" in body
    assert "Lê Thị Cúc" not in body


def test_search_never_reaches_another_ward(login, ward_official, household_b):
    ResidentFactory(household=household_b, full_name="Nguyễn Văn An")
    response = login(ward_official).get(reverse("households:resident_list"), {"q": "nguyen"})
    assert "Nguyễn Văn An" not in response.content.decode()
