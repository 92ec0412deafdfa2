"""Reads of the mentors app: every one starts from ``visible_to``; counts are done in SQL.

Each function returns a queryset or one aggregate query, so the pages that use them make a
fixed number of queries whatever the number of mentors or residents.
"""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from households.models import Resident
from lessons.models import Completion, Lesson
from literacy.areas.models import Ward

from .models import MENTEE_QUOTA, Assignment, CommunityTeam, Mentor


def _active_count():
    """The mentor's number of active mentees, as a subquery (usable inside aggregates)."""
    counts = (
        Assignment.objects.active()
        .filter(mentor=OuterRef("pk"))
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def mentors_with_load(queryset: QuerySet) -> QuerySet:
    """Annotate ``mentee_count`` (active mentees) and ``is_under_quota`` (active, under 5)."""
    return queryset.annotate(mentee_count=_active_count()).annotate(
        is_under_quota=Q(is_active=True, mentee_count__lt=MENTEE_QUOTA)
    )


def wards_with_mentor_counts(user) -> QuerySet:
    """The user's wards with their active mentors, those under quota, and the adults who are
    not trained and have no mentor (one query)."""
    today = timezone.localdate()
    mentors = (
        Mentor.objects.filter(ward=OuterRef("pk"), is_active=True)
        .annotate(load=_active_count())
        .order_by()
        .values("ward")
    )
    adults_without = (
        Resident.objects.filter(ward=OuterRef("pk"), is_trained=False)
        .adults(today)
        .exclude(Exists(Assignment.objects.active().filter(mentee=OuterRef("pk"))))
        .order_by()
        .values("ward")
        .annotate(n=Count("pk"))
        .values("n")
    )

    def count(queryset):
        return Coalesce(
            Subquery(queryset.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        )

    return (
        Ward.objects.visible_to(user)
        .annotate(
            mentor_count=count(mentors),
            under_quota_count=count(mentors.filter(load__lt=MENTEE_QUOTA)),
            adults_without_mentor=Coalesce(
                Subquery(adults_without, output_field=IntegerField()), Value(0)
            ),
        )
        .order_by("name")
    )


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
    return queryset.select_related("lead").annotate(
        member_count=Count("members", filter=Q(members__is_active=True))
    )


def ward_teams(ward: Ward, *, user) -> QuerySet:
    return teams_with_counts(CommunityTeam.objects.visible_to(user).filter(ward=ward)).order_by(
        "name"
    )
