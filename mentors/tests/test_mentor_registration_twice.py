"""Registering a mentor twice (a double tap, a resend, two officials at once) makes one mentor:
the second send is told the phone number is already registered."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from households.tests.factories import HamletFactory
from literacy.tests.concurrency import in_parallel
from mentors.models import Mentor
from mentors.services.mentors import NewMentor, mentor_create

FORM = {"full_name": "Nguyễn Thị Mai", "phone": "0901 234 567", "organisation": "womens_union"}


def test_a_resent_registration_is_refused_on_the_phone_field(
    login, ward_official, ward_a, hamlet_a
):
    client = login(ward_official)
    url = reverse("mentors:mentor_create", args=[ward_a.pk])
    data = {**FORM, "home_hamlet": hamlet_a.pk}
    assert client.post(url, data).status_code == 200
    again = client.post(url, data)
    assert "0901234567" in str(again.context["form"].errors["phone"])
    assert Mentor.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_one_phone_at_once_make_one_mentor(ward_official, ward_a):
    hamlet = HamletFactory(ward=ward_a)

    def register(_index):
        try:
            return mentor_create(
                by=ward_official,
                ward=ward_a,
                new=NewMentor("Nguyễn Thị Mai", "0901234567", "womens_union", hamlet),
            )
        except ValidationError as exc:
            return exc

    results = in_parallel(2, register)
    assert sorted(type(result).__name__ for result in results) == ["SignInCard", "ValidationError"]
    assert Mentor.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_mentors_of_one_name_registered_at_once_get_different_usernames(
    ward_official, ward_a, ward_b
):
    hamlets = [HamletFactory(ward=ward_a), HamletFactory(ward=ward_b)]
    wards = [ward_a, ward_b]
    cards = in_parallel(
        2,
        lambda i: mentor_create(
            by=ward_official,
            ward=wards[i],
            new=NewMentor("Trần Văn Bình", f"090123456{i}", "other", hamlets[i]),
        ),
    )
    assert len({card.username for card in cards}) == 2
