"""Reads for classes and attendee picking; each starts from the user's scope."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from households.importing.values import fast_fold
from households.models import Household, Resident
from literacy.accounts.roles import Role
from literacy.accounts.selectors import IsAnyOf
from literacy.areas.models import Hamlet, Ward
from literacy.text import fold

from ..models import Attendance, ClassSession, Completion, Lesson

#: Roles whose users may be named as a class's facilitators (mentors once they exist).
FACILITATOR_ROLES = (Role.WARD_OFFICIAL, Role.MENTOR)
#: Most rows the attendee search answers with (the tablet shows them as a tick list).
SEARCH_LIMIT = 20
#: Most facilitators the form's facilitator search answers with (a ward has thousands of mentors:
#: the form lists only those ticked, and the search finds the others).
FACILITATOR_SEARCH_LIMIT = 20
#: The hamlet's residents are offered this many at a time ("show more" asks for the next ones):
#: a hamlet of 20,000 people is never sent to a tablet at once; the search finds anyone else.
ROSTER_PAGE_SIZE = 100


def can_log_classes(user) -> bool:
    """Ward officials log classes (in their wards; ``manageable_by`` narrows to which)."""
    return user.is_superuser or user.is_ward_official


def classes_for(user) -> QuerySet:
    """Classes the user may see, with their attendee counts (``ClassSessionFilter`` narrows)."""
    classes = ClassSession.objects.visible_to(user)
    # A subquery per class shown, not Count("attendance"): its GROUP BY counted the attendance of
    # every class in scope before a page of them was chosen.
    attendees = (
        Attendance.objects.filter(class_session=OuterRef("pk"))
        .order_by()
        .values("class_session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return classes.select_related("ward", "hamlet").annotate(
        attendee_count=Coalesce(Subquery(attendees, output_field=IntegerField()), Value(0))
    )


def wards_with_classes(user) -> QuerySet:
    """The visible wards that have held a class (the class list's menu).

    ``Exists``, not a join on the classes with ``DISTINCT``: each ward stops at its first class.
    """
    held = ClassSession.objects.filter(ward=OuterRef("pk")).order_by()
    return Ward.objects.visible_to(user).filter(Exists(held))


def hamlets_with_classes(user) -> QuerySet:
    """The visible hamlets that have held a class."""
    held = ClassSession.objects.filter(hamlet=OuterRef("pk")).order_by()
    return Hamlet.objects.visible_to(user).filter(Exists(held))


def classes_in_month(classes: QuerySet, month: datetime.date) -> QuerySet:
    """The classes starting in the calendar month of ``month`` (local time)."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return classes.filter(starts_at__date__gte=first, starts_at__date__lt=following).order_by(
        "starts_at"
    )


def class_duplicates(
    user, *, hamlet: Hamlet, starts_at: datetime.datetime, lessons, exclude_pk=None
) -> QuerySet:
    """Classes the user may see in the same hamlet, at the same time, with the same lessons:
    most likely the same class saved twice (by two officials, or a form sent again)."""
    lesson_ids = {int(getattr(lesson, "pk", lesson)) for lesson in lessons}
    return (
        ClassSession.objects.visible_to(user)
        .filter(hamlet=hamlet, starts_at=starts_at)
        .exclude(pk=exclude_pk)
        .annotate(
            lesson_total=Count("lessons", distinct=True),
            lesson_same=Count("lessons", filter=Q(lessons__in=lesson_ids), distinct=True),
        )
        .filter(lesson_total=len(lesson_ids), lesson_same=len(lesson_ids))
        .select_related("hamlet", "created_by")
        .annotate(attendee_count=Count("attendance", distinct=True))
        .order_by("pk")
    )


def sheet_rows(user, class_session: ClassSession) -> list[Resident]:
    """The attendance sheet's people: the class hamlet's residents, then attendees from other
    hamlets (or with no household); each with ``attended`` set. Two queries."""
    attended = Attendance.objects.filter(class_session=class_session, resident=OuterRef("pk"))
    people = (
        Resident.objects.visible_to(user)
        .annotate(attended=Exists(attended))
        .select_related("household__hamlet")
        .order_by("name_folded", "pk")
    )
    in_hamlet = list(people.filter(household__hamlet_id=class_session.hamlet_id))
    elsewhere = list(
        people.filter(attended=True).exclude(pk__in=[resident.pk for resident in in_hamlet])
    )
    return in_hamlet + elsewhere


def hamlets_for_logging(user) -> QuerySet:
    """Hamlets where the user may log a class (their wards' hamlets)."""
    return Hamlet.objects.manageable_by(user).select_related("ward").order_by("ward__name", "name")


def default_hamlet(user) -> Hamlet | None:
    """The hamlet to preselect: the only one the user has, else the one of their last class."""
    hamlets = hamlets_for_logging(user)
    only = list(hamlets[:2])
    if len(only) == 1:
        return only[0]
    last = (
        ClassSession.objects.manageable_by(user)
        .filter(created_by=user)
        .order_by("-created_at")
        .values_list("hamlet_id", flat=True)
        .first()
    )
    return hamlets.filter(pk=last).first() if last else None


def facilitators_for(ward: Ward | int) -> QuerySet:
    """Portal users who may facilitate a class in the ward."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=FACILITATOR_ROLES, wards=ward)
        .order_by("first_name", "username")
    )


def facilitators_for_user(user) -> QuerySet:
    """Facilitators the user may name: active officials/mentors of the user's wards."""
    wards = Ward.objects.manageable_by(user)
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=FACILITATOR_ROLES, wards__in=wards)
        .distinct()
        .order_by("first_name", "username")
    )


def facilitator_search(user, *, query: str) -> list:
    """Facilitators the user may name whose name contains ``query`` without accents ('dung'
    finds 'Dũng'), by name; at most ``FACILITATOR_SEARCH_LIMIT`` (none for under 2 letters).

    The same people as :func:`facilitators_for_user`, reached through the wards' accounts.
    Names are folded here, not in SQL: a ward has a few thousand accounts, and folding them in
    Python takes milliseconds where SQL ``translate()`` took tens of them.
    """
    folded = fold(query)
    if len(folded) < 2:
        return []
    User = get_user_model()
    wards = Ward.objects.manageable_by(user).values("pk")
    accounts = User.wards.through.objects.filter(ward__in=wards).values("user_id")
    candidates = User.objects.filter(
        IsAnyOf(F("pk"), ArraySubquery(accounts)), is_active=True, role__in=FACILITATOR_ROLES
    ).values_list("pk", "first_name", "last_name", "username")
    ids = [
        pk
        for pk, first, last, username in candidates
        if folded in fast_fold(f"{first} {last} {username}")
    ]
    matches = (
        User.objects.filter(pk__in=ids)
        .order_by("first_name", "username", "pk")
        .only("pk", "first_name", "last_name", "username")
    )
    return list(matches[:FACILITATOR_SEARCH_LIMIT])


def attendee_candidates(user) -> QuerySet:
    """Residents the user may put on a class register (visible, in a ward they manage)."""
    return Resident.objects.visible_to(user).filter(ward__in=Ward.objects.manageable_by(user))


def hamlet_roster_page(user, hamlet: Hamlet, *, page: int = 1) -> tuple[list[Resident], bool]:
    """One page of the hamlet's residents by name (``ROSTER_PAGE_SIZE``), and whether more
    follow. Read off the ward's name index, a page at a time, whatever the hamlet's size.

    The hamlet is tested per resident, through a subquery on their household, not a join: the
    planner, taking the ward and the household for independent, expects a hundred residents
    where a hamlet has ten thousand, and would join them all and sort them for one page."""
    page = max(page, 1)
    start = (page - 1) * ROSTER_PAGE_SIZE
    household_hamlet = Household.objects.filter(pk=OuterRef("household_id")).values("hamlet_id")
    rows = list(
        attendee_candidates(user)
        .filter(ward_id=hamlet.ward_id)
        .alias(household_hamlet=Subquery(household_hamlet[:1]))
        .filter(household_hamlet=hamlet.pk)
        .order_by("name_folded", "pk")
        .only("pk", "full_name", "name_folded")[start : start + ROSTER_PAGE_SIZE + 1]
    )
    return rows[:ROSTER_PAGE_SIZE], len(rows) > ROSTER_PAGE_SIZE


def households_for_logging(user, hamlet_id) -> QuerySet:
    """The hamlet's households a newcomer may join (the user manages them), by code."""
    return (
        Household.objects.manageable_by(user)
        .filter(hamlet_id=hamlet_id)
        .select_related("head")
        .order_by("code", "pk")
    )


def household_label(household: Household) -> str:
    """How a household reads in the newcomer's household list: code, head, address."""
    parts = [household.code]
    if household.head_id:
        parts.append(household.head.full_name)
    if household.address:
        parts.append(household.address)
    return " · ".join(parts)


def attendee_lookalikes(user, *, ward_id, full_name: str, date_of_birth) -> QuerySet:
    """Residents of the ward who may be the newcomer: the same name (without accents) and the
    same birth year, or no birth date on record (the person may have been added in a hurry)."""
    return (
        attendee_candidates(user)
        .filter(ward_id=ward_id, name_folded=fold(full_name))
        .filter(Q(date_of_birth__year=date_of_birth.year) | Q(date_of_birth__isnull=True))
        .select_related("household__hamlet")
        .order_by("pk")[:SEARCH_LIMIT]
    )


def attendee_search(user, *, query: str, ward_id=None) -> QuerySet:
    """Accent-insensitive name search over the residents the user may register."""
    residents = attendee_candidates(user)
    if ward_id:
        residents = residents.filter(ward_id=ward_id)
    return residents.search(query).select_related("household__hamlet")[:SEARCH_LIMIT]


def lessons_for_logging(class_session: ClassSession | None = None) -> QuerySet:
    """Active lessons, plus any retired one the class already covered (so edits keep it)."""
    lessons = Lesson.objects.active()
    if class_session is not None and class_session.pk:
        lessons = lessons | Lesson.objects.filter(classes=class_session)
    return lessons.distinct().order_by("order", "code")


def resident_progress(resident: Resident) -> list[dict]:
    """Every active lesson (and any retired one completed) with the resident's completion."""
    completions = {
        c.lesson_id: c
        for c in Completion.objects.filter(resident=resident).select_related(
            "class_session__hamlet", "recorded_by", "ticked_by"
        )
    }
    lessons = Lesson.objects.active() | Lesson.objects.filter(pk__in=list(completions))
    return [
        {"lesson": lesson, "completion": completions.get(lesson.pk)}
        for lesson in lessons.distinct().order_by("order", "code")
    ]


def with_related_ids(classes: QuerySet) -> QuerySet:
    """Each class's lesson, facilitator and attendee ids as arrays (``lesson_ids``,
    ``facilitator_ids``, ``attendee_ids``), in the order their models list them: a page of 50
    classes names some 1,500 attendees, and reading them as objects to print their ids cost more
    than the rest of the page."""
    lessons = (
        ClassSession.lessons.through.objects.filter(classsession_id=OuterRef("pk"))
        .order_by("lesson__order", "lesson__code")
        .values("lesson_id")
    )
    facilitators = (
        ClassSession.facilitators.through.objects.filter(classsession_id=OuterRef("pk"))
        .order_by("user_id")
        .values("user_id")
    )
    attendees = (
        Attendance.objects.filter(class_session_id=OuterRef("pk"))
        .order_by("resident__name_folded", "resident_id")
        .values("resident_id")
    )
    return classes.annotate(
        lesson_ids=ArraySubquery(lessons),
        facilitator_ids=ArraySubquery(facilitators),
        attendee_ids=ArraySubquery(attendees),
    )
