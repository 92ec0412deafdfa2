"""Test helpers for logging in (used by the permission matrix and app tests)."""

from __future__ import annotations

import time


def force_login_with_mfa(client, user) -> None:
    """Log the user in; for roles that need two-step verification, also enrol an authenticator
    app (if they have none) and write the authentication records allauth writes after a
    password + TOTP sign-in, so the session passes ``MfaRequiredMiddleware``."""
    client.force_login(user)
    if not getattr(user, "is_mfa_required", False):
        return
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
    from allauth.account.internal.userkit import user_id_to_str
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from .mfa import ENROLLED_KEY

    authenticator = (
        Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
        or TOTP.activate(user, generate_totp_secret()).instance
    )
    now = time.time()
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.get_username()},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": authenticator.type},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session[ENROLLED_KEY] = user.pk  # as signing in with the code records it
    session.save()


def totp_code(secret: str, *, periods_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``periods_ahead`` periods later) for
    ``secret``: what a person would type. Computed with allauth's own HOTP function."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time()) // app_settings.TOTP_PERIOD + periods_ahead
    return format_hotp_value(hotp_value(secret, counter))
