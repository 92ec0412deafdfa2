"""Test helpers for logging in (used by the permission matrix and app tests)."""

from __future__ import annotations


def force_login_with_mfa(client, user) -> None:
    """Log the user in and mark the session as authenticated with MFA where their role needs it.

    Until the MFA middleware exists this is a plain force_login; the accounts work replaces the
    body with allauth's authentication records so MFA-required roles pass the middleware.
    """
    client.force_login(user)
