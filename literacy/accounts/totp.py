"""Authenticator-app codes are spent once (RFC 6238, section 5.2).

``MFA_TOTP_TOLERANCE = 1`` accepts the codes of the previous, current and next 30-second step,
so a code stays acceptable for up to 90 seconds; allauth remembers a used code in the cache for
one step only (30 s), long enough for the same code to sign in again a step later. Here each
authenticator remembers the last *time step* it accepted, in the database next to its secret,
and only a later step is accepted: a used code (and any older one) is refused for as long as
it would otherwise be accepted, whatever the cache holds. The conditional UPDATE makes two
requests racing with one code accept it once.

Every way a code is typed goes through :func:`totp_code_spend`: the sign-in's second step and
re-authentication (:mod:`literacy.accounts.mfa_forms`, wired through ``MFA_FORMS``), the API
token endpoint (the same form) and enrolment (which spends the code it was proven with).
"""

from __future__ import annotations

from allauth.core.internal.cryptokit import compare_user_code
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.db.models import Q

#: The key in ``Authenticator.data`` holding the last accepted time step.
LAST_STEP_KEY = "last_step"


def totp_step_of_code(*, secret: str, code: str) -> int | None:
    """The time step (within the accepted tolerance, at this instant) whose code is ``code``."""
    for step in yield_hotp_counters_from_time():
        if compare_user_code(actual=code, expected=format_hotp_value(hotp_value(secret, step))):
            return step
    return None


def totp_step_spend(*, authenticator: Authenticator, step: int) -> bool:
    """Record ``step`` as the authenticator's last accepted one, if it is later than the last;
    False when it is not (a replay, or a race lost to another request with the same code)."""
    not_yet_spent = Q(**{f"data__{LAST_STEP_KEY}__isnull": True}) | Q(
        **{f"data__{LAST_STEP_KEY}__lt": step}
    )
    data = {**authenticator.data, LAST_STEP_KEY: step}
    updated = (
        Authenticator.objects.filter(pk=authenticator.pk, type=Authenticator.Type.TOTP)
        .filter(not_yet_spent)
        .update(data=data)
    )
    if updated:
        authenticator.data = data
    return bool(updated)


def totp_code_spend(*, authenticator: Authenticator, code: str) -> bool:
    """True when ``code`` is the authenticator's code for a step it has not accepted yet; that
    step is then spent."""
    step = totp_step_of_code(secret=decrypt(authenticator.data["secret"]), code=code)
    return step is not None and totp_step_spend(authenticator=authenticator, step=step)
