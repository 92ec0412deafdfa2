"""Reads of accounts: every one starts from the scope rules of ``UserQuerySet``."""

from __future__ import annotations

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Concat

from .models import WARD_MANAGED_ROLES, User
from .roles import Role
from .scope import user_ward_ids


def accounts_listed(user: User) -> QuerySet:
    """The accounts the user's account list shows: those in scope but their own, by role and
    username (provincial staff's page is read off the ``(role, username)`` index).

    A ward official's scope is "themselves, or a mentor or team-lead account of their wards"
    (``UserQuerySet``); without themselves it is the second part alone. Its accounts are
    looked up first, as a constant list (one query, a few thousand ids at most): the "or
    themselves", or a subquery, made the database read every account in the province.
    """
    if user.role == Role.WARD_OFFICIAL and not user.is_superuser:
        through = User.wards.through.objects.filter(ward_id__in=user_ward_ids(user))
        ward_accounts = sorted(set(through.values_list("user_id", flat=True)))
        # ``role || ''`` sorts as ``role`` does, but no index serves it: the database sorts
        # the wards' accounts instead of walking the whole province's in index order.
        role = Concat(F("role"), Value(""), output_field=CharField())
        return (
            User.objects.filter(
                pk__in=ward_accounts, role__in=WARD_MANAGED_ROLES, is_superuser=False
            )
            .exclude(pk=user.pk)
            .prefetch_related("wards")
            .order_by(role, "username")
        )
    accounts = User.objects.visible_to(user).exclude(pk=user.pk)
    return accounts.prefetch_related("wards").order_by("role", "username")
