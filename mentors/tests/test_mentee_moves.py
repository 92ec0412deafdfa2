"""A mentee who moves to another ward leaves their mentor; a move inside the ward does not."""

from __future__ import annotations

from households.services import resident_move
from households.tests.factories import HamletFactory, HouseholdFactory
from literacy.audit.models import AuditEvent
from mentors.models import Assignment


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
