"""The class form's facilitators: only those ticked are listed; the others are found by name."""

from __future__ import annotations

from django.urls import reverse

from households.tests.factories import HamletFactory
from mentors.tests.factories import MentorUserFactory


def _mentor(ward, first_name: str, last_name: str):
    return MentorUserFactory(wards=[ward], first_name=first_name, last_name=last_name)


def test_the_form_lists_the_ticked_facilitators_only(login, ward_official, ward_a):
    HamletFactory(ward=ward_a)
    _mentor(ward_a, "Phạm Văn", "Dũng")
    response = login(ward_official).get(reverse("lessons:class_create"))
    assert [p["id"] for p in response.context["form"].facilitator_choices()] == [ward_official.pk]
    assert "Dũng" not in response.content.decode()


def test_the_search_finds_the_wards_officials_and_mentors_without_accents(
    login, ward_official, ward_a, ward_b
):
    dung = _mentor(ward_a, "Phạm Văn", "Dũng")
    dat = _mentor(ward_a, "Trần Văn", "Đạt")
    _mentor(ward_b, "Lê Văn", "Dũng")  # another ward's
    client = login(ward_official)
    url = reverse("lessons:facilitator_search")
    assert [r["id"] for r in client.get(url, {"q": "van dung"}).json()["results"]] == [dung.pk]
    assert client.get(url, {"q": "đạt"}).json()["results"] == [
        {"id": dat.pk, "name": "Trần Văn Đạt"}
    ]
    assert client.get(url, {"q": "d"}).json()["results"] == []


def test_a_found_facilitator_ticked_on_the_form_is_saved_and_listed_again(
    login, ward_official, ward_a
):
    HamletFactory(ward=ward_a)
    dung = _mentor(ward_a, "Phạm Văn", "Dũng")
    client = login(ward_official)
    response = client.post(reverse("lessons:class_create"), {"facilitators": [dung.pk]})
    assert response.status_code == 200  # the form is incomplete: shown again
    assert [p["id"] for p in response.context["form"].facilitator_choices()] == [dung.pk]
    assert "Dũng" in response.content.decode()


def test_mentors_find_no_facilitators(login, mentor_user, ward_a):
    _mentor(ward_a, "Phạm Văn", "Dũng")
    response = login(mentor_user).get(reverse("lessons:facilitator_search"), {"q": "dung"})
    assert response.json()["results"] == []
