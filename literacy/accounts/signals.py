"""Signal receivers wiring sign-in, sign-out, deactivation and MFA enrolment to sessions."""

from __future__ import annotations

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import m2m_changed, post_save

from . import sessions
from .mfa import record_enrolment
from .scope import forget_ward_ids


def on_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.session_started(user=user, session=request.session)


def on_logged_out(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.session_forget(session=request.session)


def on_user_saved(sender, instance, created, **kwargs) -> None:
    """A deactivated account loses every session and API token at once, whatever path saved it
    (the provisioning pages, the admin, the shell)."""
    if not created and not instance.is_active:
        sessions.user_end_all_sessions(user=instance)


def on_password_replaced(sender, request, user, **kwargs) -> None:
    """API tokens got with the old password stop working (the browser session goes on)."""
    sessions.user_revoke_api_tokens(user=user)


def on_wards_changed(sender, instance, **kwargs) -> None:
    """``user.wards.add(…)`` and the like: that user's cached ward ids are stale."""
    if isinstance(instance, get_user_model()):
        forget_ward_ids(instance)


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="literacy.accounts.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="literacy.accounts.logged_out")
    post_save.connect(
        on_user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="literacy.accounts.saved"
    )
    for signal, name in (
        (password_changed, "changed"),
        (password_set, "set"),
        (password_reset, "reset"),
    ):
        signal.connect(on_password_replaced, dispatch_uid=f"literacy.accounts.password_{name}")
    m2m_changed.connect(
        on_wards_changed,
        sender=apps.get_model(settings.AUTH_USER_MODEL).wards.through,
        dispatch_uid="literacy.accounts.wards_changed",
    )
    authenticator_added.connect(record_enrolment, dispatch_uid="literacy.accounts.mfa_enrolled")
