"""POST /api/v1/auth/token/: same rate limit as the sign-in page, MFA for roles that need it."""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from rest_framework.authtoken.models import Token

from literacy.accounts.testing import totp_code

URL = "/api/v1/auth/token/"


def _post(client, **body):
    return client.post(URL, body, content_type="application/json")


def test_a_mentor_gets_a_token_that_authenticates_api_calls(client, mentor_user):
    response = _post(client, username="dung", password="pass-12345")
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=mentor_user).key == token
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/").status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_wrong_password_answers_400_without_saying_which_part(client, mentor_user):
    response = _post(client, username="dung", password="nope")
    assert response.status_code == 400
    assert "token" not in response.json()
    unknown = _post(client, username="nobody", password="nope")
    assert (unknown.status_code, unknown.json()) == (400, response.json())


def test_sixth_attempt_is_refused_even_with_the_right_password(client, mentor_user):
    for _ in range(5):
        assert _post(client, username="dung", password="nope").status_code == 400
    response = _post(client, username="dung", password="pass-12345")
    assert response.status_code == 429
    assert not Token.objects.filter(user=mentor_user).exists()


def test_api_and_browser_failures_share_one_counter(client, mentor_user):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "dung", "password": "nope"})
    assert _post(client, username="dung", password="pass-12345").status_code == 429


def test_deactivated_accounts_get_no_token(client, mentor_user):
    mentor_user.is_active = False
    mentor_user.save()
    assert _post(client, username="dung", password="pass-12345").status_code == 400


def test_provincial_staff_need_a_verification_code(client, provincial_user):
    response = _post(client, username="alice", password="pass-12345")
    assert response.status_code == 403  # not enrolled yet: enrol in the browser first
    secret = generate_totp_secret()
    TOTP.activate(provincial_user, secret)
    response = _post(client, username="alice", password="pass-12345")
    assert response.status_code == 400
    assert "code" in response.json()
    assert _post(client, username="alice", password="pass-12345", code="000000").status_code == 400
    response = _post(client, username="alice", password="pass-12345", code=totp_code(secret))
    assert response.status_code == 200
    assert response.json()["token"]
