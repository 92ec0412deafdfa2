"""First enrolment in two-step verification is one flow: sign in, scan, type the code, save the
recovery codes, continue. Nothing the browser does by itself changes the key on screen."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from literacy.accounts.testing import totp_code
from literacy.accounts.totp import LAST_STEP_KEY

PASSWORD = "pass-12345"
SECRET_SESSION_KEY = "mfa.totp.secret"


def _sign_in(client, username="alice"):
    return client.post(reverse("account_login"), {"login": username, "password": PASSWORD})


def test_the_enrolment_key_stays_the_same_across_reloads_and_a_favicon_request(
    client, provincial_user
):
    _sign_in(client)
    enrol = reverse("mfa_activate_totp")
    first = client.get(enrol)
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in first.content.decode()
    client.get("/favicon.ico")
    client.get(enrol)
    client.get("/")  # redirected to enrolment, like any page of the portal
    assert client.session[SECRET_SESSION_KEY] == secret
    assert secret in client.get(enrol).content.decode()


def test_a_new_sign_in_gets_a_new_key(client, provincial_user):
    _sign_in(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    client.post(reverse("account_logout"))
    _sign_in(client)
    client.get(reverse("mfa_activate_totp"))
    assert client.session[SECRET_SESSION_KEY] != secret


@pytest.mark.parametrize("path", ["/favicon.ico", "/robots.txt", "/apple-touch-icon.png"])
def test_addresses_that_are_no_page_are_not_sent_to_enrolment(client, provincial_user, path):
    _sign_in(client)
    response = client.get(path)
    assert response.status_code == 404
    assert SECRET_SESSION_KEY not in client.session


def test_pages_still_lead_to_enrolment(client, provincial_user):
    _sign_in(client)
    response = client.get(reverse("accounts:user_list"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_enrolment_right_after_sign_in_asks_for_no_second_password(client, provincial_user):
    _sign_in(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_enrolment_long_after_sign_in_asks_for_the_password_again(
    client, provincial_user, frozen_clock
):
    _sign_in(client)
    frozen_clock.shift(datetime.timedelta(minutes=6))
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_signed_out_people_are_still_asked_to_sign_in(client, provincial_user):
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator on commit
def test_enrolment_leads_to_the_recovery_codes_then_on_to_the_portal(client, provincial_user):
    _sign_in(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    page = client.get(response["Location"])
    body = page.content.decode()
    codes = Authenticator.objects.get(user=provincial_user, type="recovery_codes")
    assert codes.wrap().get_unused_codes()[0] in body
    assert f'href="{reverse("home")}" data-testid="mfa-continue"' in body
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_code_that_proved_enrolment_cannot_sign_in_again(client, provincial_user):
    _sign_in(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    code = totp_code(secret)
    client.post(reverse("mfa_activate_totp"), {"code": code})
    authenticator = Authenticator.objects.get(user=provincial_user, type="totp")
    assert LAST_STEP_KEY in authenticator.data

    browser = Client()
    assert _sign_in(browser)["Location"] == reverse("mfa_authenticate")
    browser.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in browser.session
    token = Client().post(
        "/api/v1/auth/token/",
        {"username": "alice", "password": PASSWORD, "code": code},
        content_type="application/json",
    )
    assert token.status_code == 400


def test_removing_the_app_right_after_sign_in_still_asks_for_the_password(
    client, provincial_user, frozen_clock
):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(provincial_user, secret)
    frozen_clock.shift(datetime.timedelta(days=1))
    _sign_in(client)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert "_auth_user_id" in client.session
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate")) or response[
        "Location"
    ].startswith(reverse("account_reauthenticate"))
