"""A mentee who moves to another ward leaves their mentor; a move inside the ward does not."""

from __future__ import annotations

import uuid

from django.utils import timezone

from households.services import resident_move
from households.tests.factories import HamletFactory, HouseholdFactory
from literacy.audit.models import AuditEvent
from mentors.models import Assignment, Tick
from mentors.services.ticks import tick_record


def test_a_mentee_moved_to_another_ward_has_no_mentor_and_keeps_the_history(
    ward_official, mentor, mentee, ward_b
):
    elsewhere = HouseholdFactory(hamlet=HamletFactory(ward=ward_b))
    resident_move(by=ward_official, resident=mentee, household=elsewhere)
    assert not Assignment.objects.active().filter(mentee=mentee).exists()
    ended = Assignment.objects.get(mentee=mentee, mentor=mentor)
    assert ended.ends_at is not None and ended.ended_by == ward_official
    assert AuditEvent.objects.filter(
        object_type="mentee_assignment", summary="người được hướng dẫn chuyển sang phường, xã khác"
    ).exists()


def test_a_mentee_moved_to_another_household_of_the_ward_keeps_their_mentor(
    ward_official, mentor, mentee, hamlet_a
):
    neighbours = HouseholdFactory(hamlet=hamlet_a)
    resident_move(by=ward_official, resident=mentee, household=neighbours)
    assert Assignment.objects.active().get(mentee=mentee).mentor == mentor


def test_a_moved_mentees_ticks_follow_them_to_the_new_ward(
    frozen_clock, ward_official, other_ward_official, mentor_user, mentee, lessons, ward_b
):
    """The tick keeps the mentee's ward: the new ward's officials see the person's progress,
    the old ward's no longer do."""
    tick = tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lessons[0],
        key=uuid.uuid4(),
        ticked_at=timezone.now(),
    ).tick
    assert tick.ward_id == mentee.ward_id
    assert Tick.objects.visible_to(ward_official).filter(pk=tick.pk).exists()
    elsewhere = HouseholdFactory(hamlet=HamletFactory(ward=ward_b))
    resident_move(by=ward_official, resident=mentee, household=elsewhere)
    tick.refresh_from_db()
    assert tick.ward_id == ward_b.pk
    assert not Tick.objects.visible_to(ward_official).filter(pk=tick.pk).exists()
    assert Tick.objects.visible_to(other_ward_official).filter(pk=tick.pk).exists()
