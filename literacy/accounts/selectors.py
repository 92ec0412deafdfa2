"""Reads of accounts: every one starts from the scope rules of ``UserQuerySet``."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, CharField, Exists, F, Func, OuterRef, QuerySet, Value
from django.db.models.functions import Concat

from .models import WARD_MANAGED_ROLES, User
from .roles import Role
from .scope import user_ward_ids


class IsAnyOf(Func):
    """``value = ANY(ARRAY(subquery))``: the subquery runs once, and its ids are looked up one
    by one in an index. The planner costs ``IN (subquery)`` as a join, and for a ward's few
    thousand accounts it would read the whole province's accounts to hash them."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        (value, value_params), (array, array_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return f"{value} = ANY({array})", (*value_params, *array_params)


def accounts_listed(user: User) -> QuerySet:
    """The accounts the user's account list shows: those in scope but their own, by role and
    username (provincial staff's page is read off the ``(role, username)`` index).

    A ward official's scope is "themselves, or a mentor or team-lead account of their wards"
    (``UserQuerySet``); without themselves it is the second part alone. Its accounts are
    looked up first, as a constant list (one query, a few thousand ids at most): the "or
    themselves", or a plain ``IN (subquery)``, made the database read every account in the
    province. They are looked up as an array (:class:`IsAnyOf`) in an index that also holds
    the role, username and superuser flag, so counting them and sorting them for a page read
    the index alone; the list pages ids first, so the page's own rows are read last, by id
    (:func:`accounts_listed_by_id`).
    """
    if _lists_ward_accounts(user):
        in_wards = IsAnyOf(F("pk"), ArraySubquery(_ward_memberships(user).values("user_id")))
        # ``role || ''`` sorts as ``role`` does, but no index serves it: the database sorts
        # the wards' accounts instead of walking the whole province's in index order.
        role = Concat(F("role"), Value(""), output_field=CharField())
        return _ward_accounts(user, in_wards).order_by(role, "username")
    accounts = User.objects.visible_to(user).exclude(pk=user.pk)
    return accounts.prefetch_related("wards").order_by("role", "username")


def accounts_listed_by_id(user: User) -> QuerySet:
    """The same accounts as :func:`accounts_listed`, for reading a page's rows by id: for a
    ward official each account's membership of the wards is tested on its own (``EXISTS``).
    With the list's array of the wards' accounts beside the page's ids, the database searched
    the id index once per account of the wards (11 ms for a ward of 6,559), not once per row of
    the page."""
    if _lists_ward_accounts(user):
        return _ward_accounts(user, Exists(_ward_memberships(user).filter(user_id=OuterRef("pk"))))
    return accounts_listed(user)


def _lists_ward_accounts(user: User) -> bool:
    return user.role == Role.WARD_OFFICIAL and not user.is_superuser


def _ward_memberships(user: User) -> QuerySet:
    return User.wards.through.objects.filter(ward_id__in=user_ward_ids(user))


def _ward_accounts(user: User, in_wards) -> QuerySet:
    """A ward official's scope without themselves: the mentor and team-lead accounts of their
    wards (``in_wards`` says how membership is tested)."""
    return (
        User.objects.filter(in_wards, role__in=WARD_MANAGED_ROLES, is_superuser=False)
        .exclude(pk=user.pk)
        .prefetch_related("wards")
    )
