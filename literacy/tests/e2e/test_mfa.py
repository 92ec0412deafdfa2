"""Browser journeys: provincial staff enrol in two-step verification in one flow (sign in, scan,
type the code, save the recovery codes, continue), then sign in with a TOTP code; the sixth
failed sign-in is refused even with the right password."""

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


def test_first_enrolment_is_one_flow_even_with_a_favicon_request_in_between(
    page, provincial_user, artifacts_dir
):
    # Sign in: the enrolment page is the first page the browser shows, with no second password
    # prompt (the sign-in was just now).
    _sign_in(page, "alice")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert page.locator("main img").first.is_visible()  # the QR code to scan
    secret = page.locator("#authenticator_secret").input_value()
    page.screenshot(path=str(artifacts_dir / "mfa-enrol.png"), full_page=True)

    # What a browser does by itself while the person reaches for their phone.
    favicon = page.request.get("/favicon.ico", max_redirects=0)
    assert favicon.status in (200, 404)
    page.reload()
    assert page.locator("#authenticator_secret").input_value() == secret, "the QR code changed"

    # Type the code, save the recovery codes, continue.
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    assert page.locator("#recovery_codes").input_value().strip()
    page.screenshot(path=str(artifacts_dir / "mfa-recovery-codes.png"), full_page=True)
    page.get_by_test_id("mfa-continue").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/users/")
    assert page.url.endswith("/users/")
    assert page.locator("h1").inner_text() == "Tài khoản"

    page.get_by_test_id("menu").click()  # on a phone the main menu is a disclosure
    with page.expect_navigation():  # sign-out first clears the phone page's offline copy
        page.get_by_test_id("logout").click()
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
