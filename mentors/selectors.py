"""Reads of the mentors app: every one starts from ``visible_to``; counts are done in SQL.

Each function returns a queryset or one aggregate query, so the pages that use them make a
fixed number of queries whatever the number of mentors or residents.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from households.models import Resident
from lessons.models import Completion, Lesson
from literacy.areas.models import Ward
from literacy.coverage.models import AreaKind, CoverageDay

from .models import MENTEE_QUOTA, Assignment, CommunityTeam, Mentor


def mentors_with_load(queryset: QuerySet) -> QuerySet:
    """Annotate ``mentee_count`` (active mentees, the count the database keeps on the mentor)
    and ``is_under_quota`` (active, under 5)."""
    return queryset.annotate(mentee_count=F("active_mentee_count")).annotate(
        is_under_quota=Q(is_active=True, active_mentee_count__lt=MENTEE_QUOTA)
    )


@dataclass(frozen=True)
class WardMentorFigures:
    """A ward's mentor figures as of the last coverage roll-up (zeros before the first)."""

    mentor_count: int = 0
    under_quota_count: int = 0
    adults_without_mentor: int = 0
    day: datetime.date | None = None

    @classmethod
    def of(cls, row: CoverageDay | None) -> WardMentorFigures:
        if row is None:
            return cls()
        return cls(
            mentor_count=row.active_mentors,
            under_quota_count=row.active_mentors - row.mentors_at_quota,
            adults_without_mentor=row.adults_without_mentor,
            day=row.day,
        )


def _ward_rows(user, ward_ids: list[int]) -> dict[int, CoverageDay]:
    """The latest roll-up row of each ward, by ward id: one row per ward, whatever its size."""
    rows = (
        CoverageDay.objects.visible_to(user)
        .filter(kind=AreaKind.WARD, area_id__in=ward_ids)
        .order_by("area_id", "-day")
        .distinct("area_id")
    )
    return {row.area_id: row for row in rows}


def ward_mentor_figures(ward: Ward, *, user) -> WardMentorFigures:
    """The ward's active mentors, those under quota and its adults with no mentor (one query,
    read from the coverage roll-up rather than counted from the roster)."""
    return WardMentorFigures.of(_ward_rows(user, [ward.pk]).get(ward.pk))


def wards_with_mentor_figures(wards: Iterable[Ward], *, user) -> list[Ward]:
    """``wards`` (one page of them) with their roll-up figures as attributes (``mentor_count``,
    ``under_quota_count``, ``adults_without_mentor``; one query)."""
    wards = list(wards)
    rows = _ward_rows(user, [ward.pk for ward in wards])
    for ward in wards:
        figures = WardMentorFigures.of(rows.get(ward.pk))
        ward.mentor_count = figures.mentor_count
        ward.under_quota_count = figures.under_quota_count
        ward.adults_without_mentor = figures.adults_without_mentor
    return wards


def adults_without_mentor(ward: Ward, *, today=None) -> QuerySet:
    """Adults of the ward with no active mentor (trained or not: the page filters)."""
    return (
        Resident.objects.filter(ward=ward)
        .adults(today or timezone.localdate())
        .exclude(Exists(Assignment.objects.active().filter(mentee=OuterRef("pk"))))
    )


def with_core_progress(residents: QuerySet) -> QuerySet:
    """Annotate ``core_done``: active core lessons completed (the total is ``core_total()``)."""
    done = (
        Completion.objects.filter(resident=OuterRef("pk"), lesson__in=Lesson.objects.core())
        .order_by()
        .values("resident")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return residents.annotate(
        core_done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0))
    )


def core_total() -> int:
    return Lesson.objects.core().count()


def active_mentees_of(mentors: QuerySet | list, *, user) -> QuerySet:
    """The active assignments of ``mentors`` the user may see, with each mentee's progress."""
    mentees = with_core_progress(Resident.objects.all())
    return (
        Assignment.objects.visible_to(user)
        .active()
        .filter(mentor__in=mentors)
        .select_related("mentee__household__hamlet")
        .annotate(
            core_done=Subquery(mentees.filter(pk=OuterRef("mentee_id")).values("core_done")[:1])
        )
        .order_by("mentor_id", "mentee__name_folded", "mentee_id")
    )


def teams_with_counts(queryset: QuerySet) -> QuerySet:
    """Annotate ``member_count`` (active mentors): a subquery per team shown, not a join with
    ``GROUP BY``, which counted the members of every team in scope before a page was chosen."""
    members = (
        Mentor.objects.filter(team=OuterRef("pk"), is_active=True)
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.select_related("lead").annotate(
        member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0))
    )


def ward_teams(ward: Ward, *, user) -> QuerySet:
    return teams_with_counts(CommunityTeam.objects.visible_to(user).filter(ward=ward)).order_by(
        "name"
    )
