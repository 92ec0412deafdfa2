"""Browser journeys: provincial staff are forced through two-step verification enrolment, then
sign in with a TOTP code; the sixth failed sign-in is refused even with the right password."""

from __future__ import annotations

import re

import pytest

from literacy.accounts.testing import totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-12345"


def _sign_in(page, login, password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_load_state()


def test_provincial_staff_enrol_then_sign_in_with_a_totp_code(page, provincial_user, artifacts_dir):
    _sign_in(page, "alice")
    # Nothing but enrolment: allauth first asks for the password again (it guards every change
    # to two-step verification), then shows the QR code and the secret.
    page.goto("/users/")
    assert "/accounts/reauthenticate/" in page.url
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert page.locator("main img").first.is_visible()  # the QR code to scan
    secret = page.locator("#authenticator_secret").input_value()
    page.screenshot(path=str(artifacts_dir / "mfa-enrol.png"), full_page=True)

    page.fill("input[name=code]", totp_code(secret))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    page.goto("/users/")
    assert page.url.endswith("/users/")
    assert page.locator("h1").inner_text() == "Tài khoản"

    page.get_by_test_id("menu").click()  # on a phone the main menu is a disclosure
    page.get_by_test_id("logout").click()
    page.wait_for_load_state()
    page.goto("/users/")
    assert "/accounts/login/" in page.url

    _sign_in(page, "alice")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    # The enrolment code was spent (replay protection): the app's next code signs in.
    page.fill("input[name=code]", totp_code(secret, periods_ahead=1))
    page.locator("main button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto("/users/")
    assert page.url.endswith("/users/")
    assert page.locator("h1").inner_text() == "Tài khoản"


def test_sixth_failed_sign_in_is_refused_even_with_the_right_password(page, mentor_user):
    for _ in range(5):
        _sign_in(page, "dung", "wrong-password")
        assert "/accounts/login/" in page.url
    _sign_in(page, "dung")
    assert "/accounts/login/" in page.url
    assert page.get_by_text("Bạn đã đăng nhập sai quá nhiều lần").is_visible()
    page.goto("/users/")
    assert "/accounts/login/" in page.url
