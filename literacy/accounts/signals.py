"""Signal receivers wiring sign-in, sign-out, deactivation and MFA enrolment to sessions."""

from __future__ import annotations

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import sessions
from .mfa import ENROLLED_KEY, record_enrolment, session_record_totp
from .scope import forget_ward_ids


def on_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.session_started(user=user, session=request.session)
        session_record_totp(user=user, session=request.session)


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


def on_authenticator_deleted(sender, instance, **kwargs) -> None:
    """A removed authenticator app is forgotten by the sessions that remember it
    (``mfa.session_user_has_totp``). Users who must use one cannot remove it themselves: when
    the admin or the shell does, every session and API token of theirs ends, so that nothing
    it let in goes on."""
    if instance.type != Authenticator.Type.TOTP:
        return
    user = get_user_model().objects.filter(pk=instance.user_id).first()
    if user is None:
        return  # the account itself is being deleted, and its sessions with it
    if user.is_mfa_required:
        sessions.user_end_all_sessions(user=user)
    else:
        sessions.user_forget_session_key(user=user, key=ENROLLED_KEY)


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
    post_delete.connect(
        on_authenticator_deleted,
        sender=Authenticator,
        dispatch_uid="literacy.accounts.mfa_authenticator_deleted",
    )
