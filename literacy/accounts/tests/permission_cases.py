"""Account pages in the permission matrix.

The world gains, in ward B (outside the scoped users' scope), a mentor account, a ward-official
account and a deactivated mentor account.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from literacy.accounts.roles import Role
from literacy.tests.matrix import Endpoint

PROVISIONERS_ONLY = ("team_lead", "mentor")


def build_world(world) -> None:
    User = get_user_model()

    def make(username, role, *, active=True):
        user = User.objects.create_user(
            username=username,
            email=f"{username}@example.vn",
            password="pass-12345",
            role=role,
            is_active=active,
        )
        user.wards.set([world.ward_b])
        return user

    world.account_b = make("zz-mentor-ward-b", Role.MENTOR)
    world.official_b = make("zz-official-ward-b", Role.WARD_OFFICIAL)
    world.inactive_account_b = make("zz-inactive-ward-b", Role.MENTOR, active=False)


def _account_state(user):
    user.refresh_from_db()
    return (
        user.email,
        user.first_name,
        user.role,
        user.is_active,
        sorted(user.wards.values_list("pk", flat=True)),
    )


def _ward_b_accounts(world):
    return sorted(get_user_model().objects.filter(wards=world.ward_b).values_list("pk", flat=True))


ENDPOINTS = [
    Endpoint(
        "accounts:user_list",
        leak=lambda w: w.account_b.username,
        forbidden_roles=PROVISIONERS_ONLY,
    ),
    Endpoint(
        "accounts:user_create",
        methods=("GET", "POST"),
        payload=lambda w: {
            "username": "zz-new-in-ward-b",
            "email": "zz-new-in-ward-b@example.vn",
            "role": Role.MENTOR,
            "wards": [w.ward_b.pk],
        },
        snapshot=_ward_b_accounts,
        leak=lambda w: f'value="{w.ward_b.pk}"',
        forbidden_roles=PROVISIONERS_ONLY,
        note="a ward official's ward choices never offer ward B",
    ),
    Endpoint(
        "accounts:user_edit",
        kwargs=lambda w: {"pk": w.account_b.pk},
        methods=("GET", "POST"),
        payload=lambda w: {
            "email": "changed@example.vn",
            "first_name": "Changed",
            "role": Role.TEAM_LEAD,
            "wards": [w.ward_a.pk],
        },
        snapshot=lambda w: _account_state(w.account_b),
        forbidden_roles=PROVISIONERS_ONLY,
    ),
    Endpoint(
        "accounts:user_deactivate",
        kwargs=lambda w: {"pk": w.account_b.pk},
        methods=("POST",),
        snapshot=lambda w: _account_state(w.account_b),
        forbidden_roles=PROVISIONERS_ONLY,
    ),
    Endpoint(
        "accounts:user_reactivate",
        kwargs=lambda w: {"pk": w.inactive_account_b.pk},
        methods=("POST",),
        snapshot=lambda w: _account_state(w.inactive_account_b),
        forbidden_roles=PROVISIONERS_ONLY,
    ),
    # allauth pages anyone may open signed out.
    Endpoint("account_login", public=True),
    Endpoint("account_reset_password", public=True),
    Endpoint("account_reset_password_done", public=True),
    Endpoint("account_signup", public=True, note="sign-up is closed: the page only says so"),
]

_OWN = "allauth: acts only on the signed-in user's own account"
_PENDING = "allauth: acts only on the sign-in in progress in this browser session"
_KEYED = "allauth: acts only on the account named by a secret one-time key sent by e-mail"
_OWN_MFA = "allauth.mfa: the signed-in user's own authenticators"

#: Pages with no programme data: they act only on the visitor's own account or sign-in.
EXEMPT = {
    "account_change_password": _OWN,
    "account_set_password": _OWN,
    "account_email": _OWN + " (their e-mail addresses)",
    "account_reauthenticate": _OWN + " (asks for the password again)",
    "account_logout": _OWN + " (ends the session)",
    "account_inactive": "allauth: static notice that the account is deactivated",
    "account_email_verification_sent": "allauth: static notice (e-mail verification is off)",
    "account_confirm_email": _KEYED,
    "account_reset_password_from_key": _KEYED,
    "account_reset_password_from_key_done": "allauth: static notice after a password reset",
    "account_confirm_login_code": _PENDING + " (login by code is off)",
    "mfa_authenticate": _PENDING + " (second step)",
    "mfa_reauthenticate": _OWN_MFA,
    "mfa_index": _OWN_MFA,
    "mfa_activate_totp": _OWN_MFA,
    "mfa_deactivate_totp": _OWN_MFA + " (refused for roles that require MFA)",
    "mfa_generate_recovery_codes": _OWN_MFA,
    "mfa_view_recovery_codes": _OWN_MFA,
    "mfa_download_recovery_codes": _OWN_MFA,
    "api:auth-token": "exchanges the caller's own credentials for their own token; rate-limited "
    "like sign-in (tested in literacy/accounts/tests/test_api_token.py)",
}
