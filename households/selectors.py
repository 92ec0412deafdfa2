"""Reads for the roster pages, exports and API. Everything starts from ``visible_to(user)``."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from literacy.areas.models import Hamlet
from literacy.coverage.areas import hamlet_area
from literacy.coverage.selectors import area_figures
from literacy.coverage.todo import hamlets_with_figures
from literacy.scoped_choices import filtered  # noqa: F401 (the roster views and exports use it)

from .filters import HouseholdFilter, ResidentFilter
from .models import Household, Resident, VneidLevel


def resident_filterset(*, request) -> ResidentFilter:
    """The resident list filtered by the request's query string, within the user's scope."""
    base = Resident.objects.visible_to(request.user).select_related("ward", "household__hamlet")
    return ResidentFilter(request.GET or None, queryset=base, request=request)


#: The household lists' order: ward name, hamlet name, code (then id), read off the hamlets in
#: order (``Household.listed_hamlet``) so that a page does not sort every household in scope.
HOUSEHOLD_LIST_ORDER = ("listed_hamlet__ward_name", "listed_hamlet__hamlet_name", "code", "pk")


def household_filterset(*, request) -> HouseholdFilter:
    base = (
        Household.objects.visible_to(request.user)
        .select_related("ward", "hamlet")
        # The heads of the rows shown, in one query: joined, a head would be read for every
        # household of the hamlet being sorted, not only for the page's.
        .prefetch_related("head")
        .with_member_counts()
        .order_by(*HOUSEHOLD_LIST_ORDER)
    )
    return HouseholdFilter(request.GET or None, queryset=base, request=request)


def _identity_gap() -> Q:
    """No VNeID level 2, or neither a bank account nor an e-wallet (docs/programme.md)."""
    return Q(vneid_level__lt=VneidLevel.LEVEL_2) | Q(has_bank_account=False, has_ewallet=False)


def identity_todo_residents(*, user, hamlet: Hamlet) -> QuerySet:
    """Adults of the hamlet without VNeID level 2 or without a bank account, by household.

    Also filtered by the hamlet's ward (a person's ward is their household's: the services keep
    it so): the database then reads the ward's people off its index. With the hamlet alone, the
    count of the first rows read the whole table from wherever the last scan stopped until it
    met the hamlet's people (they lie together; the planner expects them spread evenly)."""
    return (
        Resident.objects.visible_to(user)
        .adults()
        .filter(ward_id=hamlet.ward_id, household__hamlet=hamlet)
        .filter(_identity_gap())
        .select_related("household")
        .order_by("household__code", "name_folded", "pk")
    )


def identity_todo_size(*, user, hamlet: Hamlet) -> int | None:
    """About how many adults the hamlet's identity list has: the roll-up's latest figure (one
    query; ``None`` before any roll-up). A long list's pages say "about" this many."""
    figures = area_figures(user, hamlet_area(hamlet))
    return figures.adults - figures.adults_identity_done if figures else None


def identity_todo_summary(*, user) -> list[Hamlet]:
    """Per visible hamlet: adults still to visit, without VNeID level 2, without a bank account
    or e-wallet (the coverage roll-up's latest figures, not a count of the roster)."""
    hamlets = []
    for hamlet, figures in hamlets_with_figures(user=user):
        adults = figures.adults if figures else 0
        hamlet.to_visit = adults - (figures.adults_identity_done if figures else 0)
        hamlet.without_vneid = adults - (figures.adults_vneid2 if figures else 0)
        hamlet.without_bank = adults - (figures.adults_banked if figures else 0)
        hamlets.append(hamlet)
    return hamlets


def family_todo_households(*, user, hamlet: Hamlet | None = None) -> QuerySet:
    """Households that are not yet a Digital Family (no trained member), with member counts."""
    households = Household.objects.visible_to(user)
    if hamlet is not None:
        households = households.filter(hamlet=hamlet)
    return (
        households.not_digital_families()
        .select_related("ward", "hamlet")
        .prefetch_related("head")
        .with_member_counts(adults=True)
        .order_by(*HOUSEHOLD_LIST_ORDER)
    )


def family_todo_size(*, user, hamlet: Hamlet | None, summary: list[dict] | None) -> int | None:
    """About how many households are not yet a Digital Family: the roll-up's latest figure,
    the hamlet's (one query) or the sum of the summary's rows (no query); ``None`` before any
    roll-up. A long list's pages say "about" this many."""
    if summary is not None:
        return sum(row["pending"] for row in summary) or None
    figures = area_figures(user, hamlet_area(hamlet))
    return figures.households - figures.digital_families if figures else None


def household_members(*, household: Household) -> QuerySet:
    return Resident.objects.filter(household=household).order_by("name_folded", "pk")


def family_todo_summary(*, user) -> list[dict]:
    """Per visible hamlet with any: how many households are not yet a Digital Family (the
    coverage roll-up's latest figures)."""
    rows = []
    for hamlet, figures in hamlets_with_figures(user=user):
        pending = figures.households - figures.digital_families if figures else 0
        if pending > 0:
            rows.append(
                {
                    "hamlet_id": hamlet.pk,
                    "hamlet__name": hamlet.name,
                    "ward__name": hamlet.ward.name,
                    "pending": pending,
                }
            )
    return rows
