"""allauth adapters: accounts are provisioned by the people above them, never self-made."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from django.contrib.auth import get_user_model
from django.db.models import Q

from .mfa import Authenticator


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """During the first enrolment in two-step verification (no authenticator app before
        this session's sign-in), a sign-in in the last ``ACCOUNT_REAUTHENTICATION_TIMEOUT``
        seconds is as fresh as a re-authentication: allauth counts only the latter, so a person
        sent to enrol right after signing in was asked for the password twice. Anything else
        (removing the app, new recovery codes later, password change) asks as allauth does.
        """
        request = self.request
        user = getattr(request, "user", None)
        if app == "allauth.mfa" and user is not None and user.is_authenticated:
            records = get_authentication_records(request, user)
            recent = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
            signed_in = [record["at"] for record in records if record.get("at", 0) > recent]
            if signed_in and not _had_totp_before(user, since=min(signed_in)):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _get_login_attempts_cache_key(self, request, **credentials: Any) -> str:
        """Count failed logins per *account*, not per typed identifier.

        allauth keys the ``login_failed`` limit on the string typed (username or e-mail), so
        alternating the two would double the attempts on one account. Resolve the identifier
        to the account when it exists; unknown identifiers keep their own key.
        """
        login = (credentials.get("email") or credentials.get("username") or "").strip()
        if login:
            user_id = (
                get_user_model()
                .objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
            if user_id is not None:
                return f"account:{user_id}"
        return f"login:{login.lower()}"


def _had_totp_before(user, *, since: float) -> bool:
    """The user had an authenticator app before ``since`` (a Unix time)."""
    return Authenticator.objects.filter(
        user_id=user.pk,
        type=Authenticator.Type.TOTP,
        created_at__lt=datetime.fromtimestamp(since, tz=UTC),
    ).exists()
