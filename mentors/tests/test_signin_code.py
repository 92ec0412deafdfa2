"""The one-time code of a sign-in card must be replaced at the first sign-in."""

from __future__ import annotations

from django.urls import reverse

from households.tests.factories import HamletFactory
from mentors.models import Mentor
from mentors.services.mentors import NewMentor, mentor_create


def _new_mentor(ward_official, ward_a):
    hamlet = HamletFactory(ward=ward_a, name="Khu phố 3")
    return mentor_create(
        by=ward_official,
        ward=ward_a,
        new=NewMentor("Trương Văn Mới", "0945678901", "other", hamlet),
    )


def test_signing_in_with_the_code_leads_to_choosing_a_password(client, ward_official, ward_a):
    card = _new_mentor(ward_official, ward_a)
    response = client.post(
        reverse("account_login"), {"login": card.username, "password": card.code}
    )
    assert response.status_code == 302
    page = client.get(reverse("lessons:lesson_list"))
    assert page.status_code == 302 and page["Location"] == reverse("account_change_password")
    assert client.get(reverse("api:tick-list")).status_code == 403


def test_after_changing_the_code_the_portal_opens(client, ward_official, ward_a):
    card = _new_mentor(ward_official, ward_a)
    client.post(reverse("account_login"), {"login": card.username, "password": card.code})
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": card.code,
            "password1": "mat-khau-rieng-2026",
            "password2": "mat-khau-rieng-2026",
        },
    )
    assert response.status_code == 302
    assert not Mentor.objects.get(pk=card.mentor.pk).must_change_password
    assert client.get(reverse("lessons:lesson_list")).status_code == 200
