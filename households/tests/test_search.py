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


#: Names where the words searched stand first, later, in both places, or not at all.
MIXED = [
    "Nguyễn Văn An",
    "Trần Nguyên Hãn",
    "Nguyễn Nguyên Bình",
    "Bùi Thảo Nguyên",
    "Nguyệt Ánh",
    "Lê Văn Nguyễn",
    "Anguyen Test",
    "Ngô Thị Dung",
    "Nguyễn Văn An",
]


def _plain_contains(query: str) -> list[int]:
    """The search's meaning: the folded name contains the folded words."""
    residents = Resident.objects.filter(name_folded__contains=query)
    return list(residents.order_by("name_folded", "pk").values_list("pk", flat=True))


def test_search_finds_the_words_at_the_start_and_anywhere_else(household_a):
    for name in MIXED:
        ResidentFactory(household=household_a, full_name=name)
    for query in ("nguyen", "nguyen van", "guyen", "an", "n", "test", "zz"):
        found = list(Resident.objects.search(query).order_by("name_folded", "pk"))
        assert [resident.pk for resident in found] == _plain_contains(query), query


def test_search_in_name_order_merges_both_parts_page_by_page(household_a):
    for name in MIXED * 3:
        ResidentFactory(household=household_a, full_name=name)
    for query in ("nguyen", "nguyen van", "an", "thi"):
        residents = Resident.objects.search(query)
        search = residents.search_in_name_order(query)
        paged = search.ids(0, 4) + search.ids(4, 9) + search.ids(9, 100)
        assert paged == _plain_contains(query), query
        assert search.ids(2, 5) == _plain_contains(query)[2:5], query
        assert search.counted.count() == len(_plain_contains(query)), query


def test_search_in_name_order_is_not_used_for_words_ending_in_a_sign(household_a):
    assert Resident.objects.search("an-").search_in_name_order("an-") is None
    assert Resident.objects.search_in_name_order("   ") is None


def test_resident_list_search_pages_in_name_then_id_order(login, ward_official, household_a):
    for name in MIXED * 8:
        ResidentFactory(household=household_a, full_name=name)
    client = login(ward_official)
    pages = [
        client.get(reverse("households:resident_list"), {"q": "nguyen", "page": number})
        for number in (1, 2)
    ]
    ids = [resident.pk for response in pages for resident in response.context["page"]]
    assert ids == _plain_contains("nguyen")
