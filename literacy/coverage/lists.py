"""The people behind a figure: who is counted as not yet trained, which households are not yet a
Digital Family, and so on, for a ward, a hamlet or a ward's residents without a household.

The lists are read from the same snapshots the last run counted from, so a list has exactly as
many rows as the figure it stands behind, and the names and details come from the rosters
through the one scope mechanism (``visible_to``): what the user may not see is not listed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from households.models import ADULT_AGE, Household, Resident, years_ago
from lessons.models import Completion, Lesson
from mentors.models import MENTEE_QUOTA, Mentor

from .areas import Area
from .models import AreaKind, HouseholdSnapshot, MentorSnapshot, ResidentSnapshot


@dataclass(frozen=True)
class ListKind:
    slug: str
    title: str
    #: The area figures whose difference the list's length equals: (all, minus these).
    counts: tuple[str, str]
    subject: str  # "residents", "households" or "mentors"


LISTS = {
    kind.slug: kind
    for kind in (
        ListKind(
            "untrained", _("Adults not yet trained"), ("adults", "trained_adults"), "residents"
        ),
        ListKind(
            "families",
            _("Households not yet a Digital Family"),
            ("households", "digital_families"),
            "households",
        ),
        ListKind(
            "identity", _("Adults without VNeID level 2"), ("adults", "adults_vneid2"), "residents"
        ),
        ListKind(
            "unmentored", _("Adults with no mentor"), ("adults_without_mentor", ""), "residents"
        ),
        ListKind(
            "mentors",
            _("Mentors under quota"),
            ("active_mentors", "mentors_at_quota"),
            "mentors",
        ),
    )
}


def expected_count(kind: ListKind, figures) -> int:
    """The figure the list stands behind."""
    whole, counted = kind.counts
    return getattr(figures, whole) - (getattr(figures, counted) if counted else 0)


def _place(snapshots: QuerySet, area: Area) -> QuerySet:
    if area.kind == AreaKind.HAMLET:
        return snapshots.filter(hamlet_id=area.hamlet.pk)
    if area.kind == AreaKind.UNPLACED:
        return snapshots.filter(ward_id=area.ward.pk, hamlet_id__isnull=True)
    return snapshots.filter(ward_id=area.ward.pk)


def _adults(day: datetime.date) -> Q:
    return Q(date_of_birth__lte=years_ago(ADULT_AGE, day))


def _resident_ids(kind: str, area: Area, day: datetime.date) -> QuerySet:
    snapshots = _place(ResidentSnapshot.objects.filter(_adults(day)), area)
    if kind == "untrained":
        snapshots = snapshots.filter(Q(trained_on__isnull=True) | Q(trained_on__gt=day))
    elif kind == "identity":
        snapshots = snapshots.filter(has_vneid2=False)
    elif kind == "unmentored":
        snapshots = snapshots.filter(is_mentee=False)
    return snapshots.values("resident_id")


def _core_done() -> Subquery:
    done = (
        Completion.objects.filter(resident=OuterRef("pk"), lesson__in=Lesson.objects.core())
        .order_by()
        .values("resident")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(done), Value(0))


def people(*, user, kind: ListKind, area: Area, day: datetime.date) -> QuerySet:
    """The rows of a list, in scope, ordered by name (a queryset: the page paginates it)."""
    if kind.subject == "residents":
        return (
            Resident.objects.visible_to(user)
            .filter(pk__in=_resident_ids(kind.slug, area, day))
            .select_related("household__hamlet", "ward")
            .annotate(core_done=_core_done())
            .order_by("name_folded", "pk")
        )
    if kind.subject == "households":
        ids = _place(HouseholdSnapshot.objects.all(), area).filter(
            Q(digital_family_on__isnull=True) | Q(digital_family_on__gt=day)
        )
        return (
            Household.objects.visible_to(user)
            .filter(pk__in=ids.values("household_id"))
            .select_related("hamlet", "ward", "head")
            .with_member_counts()
            .order_by("hamlet__name", "code")
        )
    ids = _place(MentorSnapshot.objects.filter(is_active=True), area).filter(
        active_mentees__lt=MENTEE_QUOTA
    )
    mentees = MentorSnapshot.objects.filter(mentor_id=OuterRef("pk")).values("active_mentees")
    return (
        Mentor.objects.visible_to(user)
        .filter(pk__in=ids.values("mentor_id"))
        .select_related("home_hamlet", "team")
        .annotate(mentee_count=Subquery(mentees))
        .order_by("full_name", "pk")
    )
