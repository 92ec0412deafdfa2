"""Assignments: one active mentor per mentee (a database constraint), history kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from households.tests.factories import ResidentFactory
from literacy.audit.models import AuditEvent
from mentors.models import Assignment
from mentors.services.assignments import Pair, assignment_create, assignments_apply
from mentors.services.mentors import mentor_leave

from .factories import MentorFactory

#: Dates here are compared across calls: the clock stands still during each test.
pytestmark = pytest.mark.usefixtures("frozen_clock")


def test_database_refuses_a_second_active_mentor_for_a_mentee(mentor, mentee, hamlet_a):
    other = MentorFactory(home_hamlet=hamlet_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(mentor=other, mentee=mentee, starts_at=timezone.now())


def test_database_allows_any_number_of_ended_assignments(mentor, mentee, hamlet_a):
    other = MentorFactory(home_hamlet=hamlet_a)
    start = timezone.now() - datetime.timedelta(days=60)
    for _ in range(2):
        Assignment.objects.create(
            mentor=other, mentee=mentee, starts_at=start, ends_at=start + datetime.timedelta(days=1)
        )
    assert Assignment.objects.filter(mentee=mentee).count() == 3


def test_assigning_without_replace_refuses_a_mentee_who_has_a_mentor(
    ward_official, mentee, hamlet_a
):
    other = MentorFactory(home_hamlet=hamlet_a)
    with pytest.raises(ValidationError):
        assignment_create(by=ward_official, mentor=other, mentee=mentee)
    assert Assignment.objects.active().get(mentee=mentee).mentor.user.username == "dung"


def test_reassigning_ends_the_old_assignment_and_keeps_it(ward_official, mentor, mentee, hamlet_a):
    other = MentorFactory(home_hamlet=hamlet_a)
    assignment_create(by=ward_official, mentor=other, mentee=mentee, replace=True)
    rows = list(Assignment.objects.filter(mentee=mentee).order_by("pk"))
    assert [(a.mentor_id, a.is_active) for a in rows] == [(mentor.pk, False), (other.pk, True)]
    assert rows[0].ended_by == ward_official and rows[1].created_by == ward_official
    assert AuditEvent.objects.filter(object_type="mentee_assignment").count() == 2


def test_a_mentor_who_leaves_leaves_their_mentees_unassigned_with_history(
    ward_official, mentor, mentee
):
    mentor_leave(by=ward_official, mentor=mentor)
    assert not Assignment.objects.active().filter(mentee=mentee).exists()
    assert Assignment.objects.filter(mentee=mentee, mentor=mentor, ends_at__isnull=False).exists()


def test_mentee_must_be_an_adult_of_the_mentors_ward(ward_official, mentor, ward_b):
    child = ResidentFactory(ward=mentor.ward, date_of_birth=timezone.localdate())
    elsewhere = ResidentFactory(ward=ward_b)
    for person in (child, elsewhere):
        with pytest.raises(ValidationError):
            assignment_create(by=ward_official, mentor=mentor, mentee=person)
    assert not Assignment.objects.filter(mentee__in=[child, elsewhere]).exists()


def test_applying_many_pairs_is_all_or_nothing(ward_official, mentor, ward_b):
    fine = ResidentFactory(ward=mentor.ward)
    elsewhere = ResidentFactory(ward=ward_b)
    with pytest.raises(ValidationError):
        assignments_apply(
            by=ward_official,
            pairs=[Pair(mentor.pk, fine.pk), Pair(mentor.pk, elsewhere.pk)],
            ward_id=mentor.ward_id,
        )
    assert not Assignment.objects.filter(mentee=fine).exists()


def test_an_inactive_mentor_gets_no_mentees(ward_official, mentor):
    mentor_leave(by=ward_official, mentor=mentor)
    with pytest.raises(ValidationError):
        assignment_create(by=ward_official, mentor=mentor, mentee=ResidentFactory(ward=mentor.ward))


def test_applying_the_same_pair_again_keeps_the_row(ward_official, mentor, mentee):
    before = Assignment.objects.active().get(mentee=mentee)
    assignments_apply(by=ward_official, pairs=[Pair(mentor.pk, mentee.pk)])
    assert Assignment.objects.get(mentee=mentee).pk == before.pk
