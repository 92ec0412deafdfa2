"""Account writes: provisioning, editing, deactivation. Every change is in the audit log."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction

from literacy.audit.models import AuditAction
from literacy.audit.services import audit_record

from .roles import Role

OBJECT_TYPE = "user"


def _snapshot(user) -> dict:
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "is_active": user.is_active,
        "wards": sorted(user.wards.values_list("code", flat=True)),
    }


def _audit_user(*, by, action: str, user, summary: str, before=None, after=None) -> None:
    audit_record(
        actor=by,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=user.pk,
        ward_id=user.wards.order_by("code").values_list("pk", flat=True).first(),
        summary=summary,
        before=before,
        after=after,
    )


@transaction.atomic
def user_create(
    *,
    by,
    username: str,
    role: str,
    wards: Iterable = (),
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
):
    """Create an account. Without a password the account cannot sign in until the person
    sets one through "forgot password" (the link goes to ``email``)."""
    user = get_user_model()(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=Role(role),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.wards.set(list(wards))
    _audit_user(
        by=by,
        action=AuditAction.CREATE,
        user=user,
        summary=f"account {user.username} ({user.role})",
        after=_snapshot(user),
    )
    return user


@transaction.atomic
def user_update(
    *,
    by,
    user,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    wards: Iterable,
    keep_wards: Iterable = (),
):
    """Change an account. ``keep_wards`` are wards outside the editor's scope that the account
    keeps (an editor can only add or remove wards they themselves serve)."""
    before = _snapshot(user)
    user.email, user.first_name, user.last_name, user.role = email, first_name, last_name, role
    user.full_clean(exclude=["password"])
    user.save()
    user.wards.set({*wards, *keep_wards})
    after = _snapshot(user)
    if after != before:
        _audit_user(
            by=by,
            action=AuditAction.UPDATE,
            user=user,
            summary=f"account {user.username} changed",
            before=before,
            after=after,
        )
    return user


@transaction.atomic
def user_set_active(*, by, user, is_active: bool):
    """Deactivate or reactivate an account. Deactivating ends every session and API token at
    once: the ``post_save`` receiver in :mod:`.signals` does it for every path that saves."""
    if user.is_active == is_active:
        return user
    before = _snapshot(user)
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    _audit_user(
        by=by,
        action=AuditAction.UPDATE,
        user=user,
        summary=f"account {user.username} {'reactivated' if is_active else 'deactivated'}",
        before=before,
        after=_snapshot(user),
    )
    return user
