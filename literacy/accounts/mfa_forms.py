"""allauth's two-step verification forms, adjusted (``MFA_FORMS`` in settings).

* The code forms (sign-in's second step, re-authentication, and the API token endpoint, which
  uses :class:`CodeForm`) accept an authenticator-app code once: :mod:`literacy.accounts.totp`.
* Enrolment keeps the key it showed: allauth makes a new one on every GET of the page, so any
  request the browser makes on its own (a favicon, a prefetch) that lands there makes the QR
  code on screen stale. The key is made once per session; signing in again makes a new one.
"""

from __future__ import annotations

from allauth.core import context
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base import forms as allauth_forms
from allauth.mfa.base.internal.flows import check_rate_limit
from allauth.mfa.models import Authenticator
from allauth.mfa.totp import forms as allauth_totp_forms
from allauth.mfa.totp.internal.auth import get_totp_secret
from django import forms

from .totp import totp_code_spend, totp_step_of_code

#: Where enrolment leaves the time step of the code that proved the new authenticator, for
#: :func:`literacy.accounts.mfa.record_enrolment` to spend once the authenticator exists.
ENROLMENT_STEP_ATTRIBUTE = "_literacy_totp_enrolment_step"


def _accepts(authenticator: Authenticator, code: str) -> bool:
    if authenticator.type == Authenticator.Type.TOTP:
        return totp_code_spend(authenticator=authenticator, code=code)
    return authenticator.wrap().validate_code(code)  # recovery codes are single-use already


class SingleUseCodeMixin:
    """allauth's ``BaseAuthenticateForm.clean_code`` with the app code checked by
    :func:`totp_code_spend` instead of allauth's one-step cache mark (same rate limit, same
    failure signal, same error)."""

    def clean_code(self) -> str:
        clear_rate_limit = check_rate_limit(self.user)
        code = self.cleaned_data["code"]
        authenticators = list(
            Authenticator.objects.filter(user=self.user)
            .exclude(type=Authenticator.Type.WEBAUTHN)
            .order_by("pk")
        )
        for authenticator in authenticators:
            if _accepts(authenticator, code):
                authenticator.user = self.user
                self.authenticator = authenticator
                clear_rate_limit()
                return code
        totp = [a for a in authenticators if a.type == Authenticator.Type.TOTP]
        main = (totp or authenticators or [None])[0]
        if main is not None:
            self._emit_authentication_failed(main)
        raise get_adapter().validation_error("incorrect_code")


class CodeForm(SingleUseCodeMixin, allauth_forms.BaseAuthenticateForm):
    """A code checked without signing anyone in (the API token endpoint)."""


class AuthenticateForm(SingleUseCodeMixin, allauth_forms.AuthenticateForm):
    pass


class ReauthenticateForm(SingleUseCodeMixin, allauth_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(allauth_totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        self.user = kwargs.pop("user")
        # Skip allauth's __init__, which makes a new key whenever the form is unbound.
        forms.Form.__init__(self, *args, **kwargs)
        self.secret = get_totp_secret(regenerate=False)

    def clean_code(self) -> str:
        code = super().clean_code()
        step = totp_step_of_code(secret=self.secret, code=code)
        setattr(context.request, ENROLMENT_STEP_ATTRIBUTE, step)
        return code
