"""Account pages in the permission matrix."""

from __future__ import annotations

#: allauth's own-account pages: they act only on the signed-in user's own account.
EXEMPT = dict.fromkeys(
    [
        "account_change_password",
        "account_confirm_email",
        "account_confirm_login_code",
        "account_email",
        "account_email_verification_sent",
        "account_inactive",
        "account_login",
        "account_logout",
        "account_reauthenticate",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_set_password",
        "account_signup",
        "mfa_activate_totp",
        "mfa_authenticate",
        "mfa_deactivate_totp",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_index",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
    ],
    "allauth own-account page: acts only on the signed-in user",
)
