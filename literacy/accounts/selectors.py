"""Reads of accounts: every one starts from ``visible_to``."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from .models import User
from .roles import Role
from .scope import user_ward_ids


def accounts_listed(user: User) -> QuerySet:
    """The accounts the user's account list shows: those in scope but their own, by role and
    username (a page of them is read off the ``(role, username)`` index).

    For a ward official the scope is "themselves, or an account of their wards"; with
    themselves left out, the "of their wards" test is repeated as an ``EXISTS`` the planner can
    start from (the wards' accounts), instead of testing every account in the province.
    """
    accounts = User.objects.visible_to(user).exclude(pk=user.pk)
    if user.role == Role.WARD_OFFICIAL and not user.is_superuser:
        through = User.wards.through.objects.filter(
            user_id=OuterRef("pk"), ward_id__in=user_ward_ids(user)
        )
        accounts = accounts.filter(Exists(through))
    return accounts.prefetch_related("wards").order_by("role", "username")
