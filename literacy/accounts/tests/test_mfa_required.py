"""Two-step verification is required for provincial staff and superusers, per session."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from literacy.accounts.testing import force_login_with_mfa, totp_code
from literacy.accounts.totp import totp_code_spend

PASSWORD = "pass-12345"


def _sign_in(client, username):
    return client.post(reverse("account_login"), {"login": username, "password": PASSWORD})


def _enrol(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_unenrolled_provincial_staff_reach_nothing_but_enrolment(client, provincial_user):
    assert _sign_in(client, "alice").status_code == 302
    enrol_url = reverse("mfa_activate_totp")
    pages = ("/", reverse("accounts:user_list"), reverse("audit:event_list"), reverse("mfa_index"))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == enrol_url
    assert client.get(enrol_url).status_code == 200  # just signed in: no second password prompt
    api = client.get("/api/v1/")
    assert api.status_code == 403
    assert "two-step" in api.json()["detail"] or "hai bước" in api.json()["detail"]
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator on commit
def test_enrolment_then_sign_in_with_a_totp_code(client, provincial_user):
    _sign_in(client, "alice")
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=provincial_user, type="totp").exists()
    # Entering a valid code at enrolment proves the device: this session may go on.
    assert client.get(reverse("accounts:user_list")).status_code == 200

    client.post(reverse("account_logout"))
    response = _sign_in(client, "alice")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("accounts:user_list")).status_code == 302  # not signed in yet
    response = client.post(
        reverse("mfa_authenticate"), {"code": totp_code(secret, periods_ahead=1)}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_a_totp_code_cannot_be_replayed(provincial_user):
    secret = _enrol(provincial_user)
    authenticator = Authenticator.objects.get(user=provincial_user, type="totp")
    code = totp_code(secret)
    assert totp_code_spend(authenticator=authenticator, code=code) is True
    assert totp_code_spend(authenticator=authenticator, code=code) is False


def test_wrong_codes_are_rate_limited_like_passwords(client, provincial_user):
    secret = _enrol(provincial_user)
    _sign_in(client, "alice")
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_enrolled_but_session_without_mfa_is_signed_out(client, provincial_user):
    _enrol(provincial_user)
    client.force_login(provincial_user)  # a session with no "mfa" authentication record
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_records_of_another_user_do_not_count(client, provincial_user, make_user):
    other = make_user("prov_other", "provincial")
    force_login_with_mfa(client, other)
    session = client.session
    records = session["account_authentication_methods"]
    client.force_login(provincial_user)
    _enrol(provincial_user)
    session = client.session
    session["account_authentication_methods"] = records  # still tagged with the other user id
    session.save()
    assert client.get(reverse("accounts:user_list")).status_code == 302


def test_superusers_need_mfa_too_and_the_admin_login_goes_through_allauth(client, make_user):
    root = make_user("root", "", is_superuser=True, is_staff=True)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(root)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")
    force_login_with_mfa(client, root)
    assert client.get("/admin/").status_code == 200


def test_ward_officials_do_not_need_mfa(client, ward_official):
    client.force_login(ward_official)
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_provincial_staff_cannot_switch_mfa_off(client, provincial_user):
    force_login_with_mfa(client, provincial_user)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=provincial_user, type="totp").exists()


@pytest.mark.parametrize("role", ["provincial", "ward_official", "team_lead", "mentor"])
def test_force_login_with_mfa_gives_a_working_session(client, make_user, ward_a, role):
    user = make_user(f"u_{role}", role, wards=[ward_a])
    force_login_with_mfa(client, user)
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/api/v1/").status_code == 200


def test_pages_after_sign_in_do_not_ask_for_the_authenticator_again(client, provincial_user):
    force_login_with_mfa(client, provincial_user)
    page = reverse("accounts:user_list")
    assert client.get(page).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    assert not [q for q in captured.captured_queries if "mfa_authenticator" in q["sql"]]


def test_an_authenticator_app_removed_by_an_administrator_ends_the_sessions(
    client, provincial_user, django_capture_on_commit_callbacks
):
    force_login_with_mfa(client, provincial_user)
    page = reverse("accounts:user_list")
    assert client.get(page).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        Authenticator.objects.filter(user=provincial_user, type="totp").delete()
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not provincial_user.login_sessions.exists()
    # Signed in again with the password alone: the enrolment page, as for a new account.
    assert _sign_in(client, "alice")["Location"] != reverse("mfa_authenticate")
    assert client.get(page)["Location"] == reverse("mfa_activate_totp")


def test_removing_an_optional_authenticator_app_keeps_the_session(client, ward_official):
    _enrol(ward_official)
    force_login_with_mfa(client, ward_official)
    page = reverse("accounts:user_list")
    Authenticator.objects.filter(user=ward_official, type="totp").delete()
    assert client.get(page).status_code == 200
