"""Two-step verification (allauth.mfa) is required for provincial staff and superusers.

allauth has no switch for "required": :class:`literacy.middleware.MfaRequiredMiddleware` asks
the two questions below on every request of such a user. *Enrolled* is not enough: the session
itself must carry allauth's "mfa" authentication record, written when the user passed the
second step at sign-in (or proved the new authenticator by entering its code at enrolment).
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

#: Session key: the id of the user whose authenticator app this session has seen.
ENROLLED_KEY = "literacy_mfa_enrolled"


def user_has_totp(user) -> bool:
    """True once the user has an authenticator app set up."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def session_record_totp(*, user, session) -> None:
    """At sign-in and at enrolment, while the session is written anyway: the user has an
    authenticator app (the pages after it need not ask)."""
    if getattr(user, "is_mfa_required", False) and user_has_totp(user):
        session[ENROLLED_KEY] = user.pk


def session_user_has_totp(request, user) -> bool:
    """``user_has_totp``, asked once per session rather than on every page.

    Once set up, the app stays for the session's life: these users cannot remove it
    (:class:`MFAAdapter`), and removing it any other way (the admin, the shell) ends every
    session of the user (``accounts.signals``). Not yet set up is asked again each time.
    """
    session = request.session
    if session.get(ENROLLED_KEY) == user.pk:
        return True
    if not user_has_totp(user):
        return False
    session[ENROLLED_KEY] = user.pk
    return True


def session_passed_mfa(request) -> bool:
    """True when *this session* was authenticated with a second factor (allauth's records)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_enrolment(sender, request, user, authenticator, **kwargs) -> None:
    """``authenticator_added`` receiver: enrolling proves the device (the user typed a valid
    code from it), so the session counts as authenticated with MFA, as allauth would record;
    and that code is spent, like a code typed at sign-in."""
    # allauth's own writer of the records; it is internal, so tests pin its behaviour.
    from allauth.account.internal.flows.login import record_authentication

    from .mfa_forms import ENROLMENT_STEP_ATTRIBUTE
    from .totp import totp_step_spend

    if authenticator.type != Authenticator.Type.TOTP or request is None:
        return
    if getattr(request, "user", None) is None or request.user.pk != user.pk:
        return
    step = getattr(request, ENROLMENT_STEP_ATTRIBUTE, None)
    if step is not None:
        totp_step_spend(authenticator=authenticator, step=step)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    if getattr(user, "is_mfa_required", False):
        request.session[ENROLLED_KEY] = user.pk


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Users who must use two-step verification cannot switch it off."""
        if getattr(authenticator.user, "is_mfa_required", False):
            return False
        return super().can_delete_authenticator(authenticator)
