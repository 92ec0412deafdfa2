"""The one-time code of a sign-in card must be replaced at the first sign-in."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from households.tests.factories import HamletFactory
from mentors.models import Mentor
from mentors.services.mentors import NewMentor, mentor_create, mentor_new_code


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


def _change_code(client, card) -> None:
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


def _token(client, username: str, password: str):
    return client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_after_changing_the_code_the_portal_opens(client, ward_official, ward_a):
    card = _new_mentor(ward_official, ward_a)
    _change_code(client, card)
    assert not Mentor.objects.get(pk=card.mentor.pk).must_change_password
    assert client.get(reverse("lessons:lesson_list")).status_code == 200


def test_the_card_code_alone_gets_no_api_token(client, ward_official, ward_a):
    card = _new_mentor(ward_official, ward_a)
    response = _token(client, card.username, card.code)
    assert response.status_code == 403 and "token" not in response.json()
    assert not Token.objects.filter(user=card.mentor.user).exists()
    _change_code(client, card)
    assert _token(Client(), card.username, "mat-khau-rieng-2026").status_code == 200


def test_a_new_card_ends_the_tokens_of_the_old_one(client, ward_official, ward_a):
    card = _new_mentor(ward_official, ward_a)
    _change_code(client, card)
    token = _token(Client(), card.username, "mat-khau-rieng-2026").json()["token"]
    mentor_new_code(by=ward_official, mentor=card.mentor)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api:tick-list")).status_code == 401


def test_changing_the_password_ends_the_api_tokens(client, mentor_user):
    token = _token(Client(), "dung", "pass-12345").json()["token"]
    client.force_login(mentor_user)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "pass-12345",
            "password1": "mat-khau-moi-99",
            "password2": "mat-khau-moi-99",
        },
    )
    assert not Token.objects.filter(key=token).exists()
