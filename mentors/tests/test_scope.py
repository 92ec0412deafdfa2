"""Scope: mentors see their own active mentees and their progress, team leads their team's."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from households.models import Resident
from households.tests.factories import ResidentFactory
from lessons.models import Completion, CompletionSource
from mentors.models import Assignment, CommunityTeam, Mentor
from mentors.services.assignments import assignment_end

from .factories import AssignmentFactory, CommunityTeamFactory, MentorFactory

#: Dates here are compared across calls: the clock stands still during each test.
pytestmark = pytest.mark.usefixtures("frozen_clock")


def _completed(resident, lesson):
    return Completion.objects.create(
        resident=resident,
        lesson=lesson,
        completed_at=timezone.now() - datetime.timedelta(days=3),
        source=CompletionSource.CLASS,
    )


def test_mentor_sees_only_their_own_active_mentees(mentor_user, mentee, hamlet_a):
    other = MentorFactory(home_hamlet=hamlet_a)
    theirs = ResidentFactory(ward=hamlet_a.ward)
    AssignmentFactory(mentor=other, mentee=theirs)
    ResidentFactory(ward=hamlet_a.ward)  # nobody's mentee
    assert list(Resident.objects.visible_to(mentor_user)) == [mentee]


def test_mentor_sees_a_mentees_whole_progress_only_while_the_assignment_lasts(
    mentor_user, ward_official, mentee, lessons
):
    completion = _completed(mentee, lessons[0])
    assert list(Completion.objects.visible_to(mentor_user)) == [completion]
    assignment_end(by=ward_official, assignment=Assignment.objects.get(mentee=mentee))
    assert not Completion.objects.visible_to(mentor_user).exists()
    assert not Resident.objects.visible_to(mentor_user).exists()


def test_mentor_sees_only_their_own_record_and_active_assignments(mentor_user, mentor, mentee):
    other = MentorFactory(home_hamlet=mentor.home_hamlet)
    assert list(Mentor.objects.visible_to(mentor_user)) == [mentor]
    assert list(Assignment.objects.visible_to(mentor_user)) == [mentee.mentor_assignments.get()]
    assert other not in Mentor.objects.visible_to(mentor_user)


def test_team_lead_sees_their_teams_mentors_mentees_and_progress(
    team_lead_user, mentor, mentee, hamlet_a, lessons
):
    team = CommunityTeamFactory(ward=hamlet_a.ward, lead=team_lead_user)
    Mentor.objects.filter(pk=mentor.pk).update(team=team)
    outsider = MentorFactory(home_hamlet=hamlet_a)
    outside_mentee = ResidentFactory(ward=hamlet_a.ward)
    AssignmentFactory(mentor=outsider, mentee=outside_mentee)
    completion = _completed(mentee, lessons[0])
    _completed(outside_mentee, lessons[0])

    assert list(CommunityTeam.objects.visible_to(team_lead_user)) == [team]
    assert list(Mentor.objects.visible_to(team_lead_user)) == [mentor]
    assert list(Resident.objects.visible_to(team_lead_user)) == [mentee]
    assert list(Completion.objects.visible_to(team_lead_user)) == [completion]


def test_team_lead_without_a_team_sees_nobody(team_lead_user, mentee):
    assert not Resident.objects.visible_to(team_lead_user).exists()
    assert not Mentor.objects.visible_to(team_lead_user).exists()


def test_inactive_mentor_account_sees_nothing(mentor_user, mentee):
    mentor_user.is_active = False
    mentor_user.save()
    assert not Resident.objects.visible_to(mentor_user).exists()


def test_ward_official_sees_every_mentor_and_assignment_of_their_ward_only(
    ward_official, other_ward_official, mentor, mentee
):
    assert list(Mentor.objects.visible_to(ward_official)) == [mentor]
    assert not Mentor.objects.visible_to(other_ward_official).exists()
    assert not Assignment.objects.visible_to(other_ward_official).exists()
