"""The active-mentee count kept on each mentor matches their active assignments after every
kind of change: assigning many at once, reassigning, ending, a mentee's move or deletion, and
a save of the mentor with a stale count."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q

from households.services import resident_move
from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from mentors.models import Mentor
from mentors.services.assignments import Pair, assignment_end, assignments_apply

from .factories import MentorFactory

pytestmark = pytest.mark.usefixtures("frozen_clock")


def _stored_and_live() -> tuple[dict[int, int], dict[int, int]]:
    mentors = Mentor.objects.annotate(
        live=Count("assignments", filter=Q(assignments__ends_at__isnull=True))
    )
    stored = dict(mentors.values_list("pk", "active_mentee_count"))
    live = dict(mentors.values_list("pk", "live"))
    return stored, live


def _assert_counts_right() -> None:
    stored, live = _stored_and_live()
    assert stored == live


def test_the_stored_count_follows_every_change(ward_official, mentor, mentee, hamlet_a, ward_b):
    other = MentorFactory(home_hamlet=hamlet_a)
    household = HouseholdFactory(hamlet=hamlet_a)
    people = [ResidentFactory(household=household) for _ in range(4)]
    _assert_counts_right()
    assert Mentor.objects.get(pk=mentor.pk).active_mentee_count == 1

    assignments_apply(by=ward_official, pairs=[Pair(other.pk, p.pk) for p in people])
    _assert_counts_right()
    assert Mentor.objects.get(pk=other.pk).active_mentee_count == 4

    # Reassigning: one mentor loses a mentee, the other gains one, in one call.
    assignments_apply(by=ward_official, pairs=[Pair(mentor.pk, people[0].pk)])
    _assert_counts_right()
    assert Mentor.objects.get(pk=mentor.pk).active_mentee_count == 2

    assignment_end(by=ward_official, assignment=people[1].mentor_assignments.get())
    _assert_counts_right()

    elsewhere = HouseholdFactory(hamlet=HamletFactory(ward=ward_b))
    resident_move(by=ward_official, resident=people[2], household=elsewhere)
    _assert_counts_right()

    people[3].delete()  # the assignment goes with the person
    _assert_counts_right()
    assert Mentor.objects.get(pk=other.pk).active_mentee_count == 0


def test_saving_a_mentor_with_a_stale_count_keeps_the_right_one(ward_official, mentor, hamlet_a):
    stale = Mentor.objects.get(pk=mentor.pk)
    household = HouseholdFactory(hamlet=hamlet_a)
    people = [ResidentFactory(household=household) for _ in range(2)]
    assignments_apply(by=ward_official, pairs=[Pair(mentor.pk, p.pk) for p in people])
    stale.full_name = "Phạm Văn Dũng (đổi tên)"
    stale.save()
    _assert_counts_right()
    assert Mentor.objects.get(pk=mentor.pk).active_mentee_count == 2
