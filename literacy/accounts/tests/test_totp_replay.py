"""An authenticator-app code signs in once, on the web and through the API token endpoint, for
as long as it would be accepted (MFA_TOTP_TOLERANCE = 1: about 90 seconds), across period
boundaries; a later code still signs in."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, validate_totp_code
from django.test import Client
from django.urls import reverse

from literacy.accounts.testing import totp_code
from literacy.accounts.totp import LAST_STEP_KEY, totp_code_spend

PASSWORD = "pass-12345"
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# One second into a 30-second period (periods start on whole half-minutes since the epoch).
PERIOD_START = datetime.datetime(2026, 3, 2, 8, 0, 1, tzinfo=VIETNAM)


@pytest.fixture
def clock(settings):
    """The pinned clock; the cache (where allauth marks used codes, and rate limits live)
    follows it too: Redis expires keys by its own clock, which a pinned clock cannot move."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with time_machine.travel(PERIOD_START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def secret(provincial_user):
    secret = generate_totp_secret()
    TOTP.activate(provincial_user, secret)
    return secret


def _web_sign_in(code: str) -> bool:
    """Password then code on the sign-in pages of a fresh browser; True when signed in."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": code})
    return "_auth_user_id" in client.session


def _api_token(code: str) -> bool:
    response = Client().post(
        "/api/v1/auth/token/",
        {"username": "alice", "password": PASSWORD, "code": code},
        content_type="application/json",
    )
    assert response.status_code in (200, 400), response.content
    return response.status_code == 200 and bool(response.json()["token"])


PATHS = {"web": _web_sign_in, "api": _api_token}


@pytest.mark.parametrize("replayed_on", PATHS)
@pytest.mark.parametrize("used_on", PATHS)
def test_a_used_code_is_refused_while_it_would_still_be_accepted(
    clock, secret, used_on, replayed_on
):
    # The code of the next period is accepted from the start of this one (tolerance 1) until
    # the end of the period after next: 89 seconds from now.
    code = totp_code(secret, periods_ahead=1)
    assert PATHS[used_on](code)
    for seconds_later in (31, 61, 88):
        clock.move_to(PERIOD_START + datetime.timedelta(seconds=seconds_later))
        assert validate_totp_code(secret, code), "the code is still within the tolerance"
        assert not PATHS[replayed_on](code), f"replayed {seconds_later} s later"
    assert PATHS[replayed_on](totp_code(secret)), "the app's current code signs in"


def test_re_authentication_refuses_the_code_that_signed_in(clock, secret):
    client = Client()
    client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
    code = totp_code(secret)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" in client.session

    def reauthenticated() -> bool:
        records = client.session["account_authentication_methods"]
        return any(record.get("reauthenticated") for record in records)

    clock.shift(31)
    client.post(reverse("mfa_reauthenticate"), {"code": code})
    assert not reauthenticated()
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})
    assert reauthenticated()


def test_a_code_older_than_the_last_used_one_is_refused(clock, secret):
    assert _api_token(totp_code(secret, periods_ahead=1))
    assert not _api_token(totp_code(secret)), "an earlier, never used, code after a later one"
    clock.shift(30)
    assert _api_token(totp_code(secret, periods_ahead=1))


def test_two_requests_racing_with_one_code_accept_it_once(clock, secret, provincial_user):
    code = totp_code(secret)
    first = Authenticator.objects.get(user=provincial_user, type="totp")
    second = Authenticator.objects.get(user=provincial_user, type="totp")  # read before the spend
    assert totp_code_spend(authenticator=first, code=code) is True
    assert totp_code_spend(authenticator=second, code=code) is False
    assert Authenticator.objects.get(pk=first.pk).data[LAST_STEP_KEY] > 0


def test_a_wrong_code_spends_nothing(clock, secret, provincial_user):
    assert not _api_token("000000" if totp_code(secret) != "000000" else "111111")
    assert LAST_STEP_KEY not in Authenticator.objects.get(user=provincial_user).data
    assert _web_sign_in(totp_code(secret))


def test_recovery_codes_still_sign_in_once(clock, secret, provincial_user):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    recovery = RecoveryCodes.activate(provincial_user)
    code = recovery.get_unused_codes()[0]
    assert _web_sign_in(code)
    assert not _api_token(code)
