"""Reads of accounts: every one starts from ``visible_to``."""

from __future__ import annotations

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Concat

from .models import User
from .roles import Role


def accounts_listed(user: User) -> QuerySet:
    """The accounts the user's account list shows: those in scope but their own, by role and
    username (provincial staff's page is read off the ``(role, username)`` index).

    A ward official's scope is "themselves, or an account of their wards" (``UserQuerySet``);
    without themselves it is the second part alone, asked for as such: the "or themselves" made
    the database test every account in the province against the wards' accounts.
    """
    if user.role == Role.WARD_OFFICIAL and not user.is_superuser:
        # ``role || ''`` sorts as ``role`` does, but no index serves it: the database then
        # sorts the wards' few thousand accounts instead of walking the whole province's in
        # index order, hoping to meet the wards' accounts early.
        role = Concat(F("role"), Value(""), output_field=CharField())
        accounts = User.objects.all()._in_official_wards(user).exclude(pk=user.pk)
        return accounts.prefetch_related("wards").order_by(role, "username")
    accounts = User.objects.visible_to(user).exclude(pk=user.pk)
    return accounts.prefetch_related("wards").order_by("role", "username")
