"""Reasons an app may give to refuse an API token to an account that signed in correctly.

The accounts app knows no other app; an app that keeps such a reason (the mentors app: a
sign-in card's one-time code not yet replaced) registers a check in its ``ready()``. Each check
takes the user and returns the message to answer with, or ``None``.
"""

from __future__ import annotations

from collections.abc import Callable

TokenRefusal = Callable[[object], "str | None"]

_checks: list[TokenRefusal] = []


def register_token_refusal(check: TokenRefusal) -> None:
    if check not in _checks:
        _checks.append(check)


def token_refusal(user) -> str | None:
    """The first reason to refuse ``user`` an API token, if any."""
    for check in _checks:
        message = check(user)
        if message:
            return message
    return None
