"""Reads for the hamlet pages. Everything starts from ``visible_to(user)``."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from literacy.coverage.models import AreaKind, CoverageDay
from literacy.coverage.selectors import latest_day

from .models import Hamlet


def visible_hamlets(*, user) -> QuerySet:
    """The hamlets the user may see, by ward name and hamlet name."""
    return Hamlet.objects.visible_to(user).select_related("ward").order_by("ward__name", "name")


def hamlets_with_household_counts(*, user, hamlets: Iterable[Hamlet]) -> list[Hamlet]:
    """Set ``household_count`` on each hamlet from the coverage roll-up's latest figures (two
    queries, whatever the roster's size; as fresh as the last roll-up run), not by counting the
    households, which costs a province's worth of rows for a page of hamlets."""
    hamlets = list(hamlets)
    day = latest_day(user)
    counts = {}
    if day is not None and hamlets:
        rows = CoverageDay.objects.visible_to(user).filter(
            day=day, kind=AreaKind.HAMLET, hamlet_id__in=[hamlet.pk for hamlet in hamlets]
        )
        counts = dict(rows.values_list("hamlet_id", "households"))
    for hamlet in hamlets:
        hamlet.household_count = counts.get(hamlet.pk, 0)
    return hamlets
