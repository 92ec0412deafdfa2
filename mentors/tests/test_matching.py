"""Suggest assignments: quota first, same hamlet first, never above the cap, households together."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from mentors.matching import Reason, suggest_assignments

from .factories import AssignmentFactory, MentorFactory


@pytest.fixture
def hamlets(ward_a):
    """Khu phố 1, 2, 5 and 10 of ward A (2 is next to 1, 10 is far from both)."""
    return {n: HamletFactory(ward=ward_a, name=f"Khu phố {n}") for n in (1, 2, 5, 10)}


def _singles(hamlet, count: int) -> list:
    """``count`` adults of ``hamlet``, each in a household of their own."""
    return [ResidentFactory(household=HouseholdFactory(hamlet=hamlet)) for _ in range(count)]


def _loads(proposals) -> Counter:
    return Counter(p.mentor_id for p in proposals)


def test_every_mentor_reaches_five_before_anyone_goes_above(ward_a, hamlets):
    busy, idle = MentorFactory(home_hamlet=hamlets[1]), MentorFactory(home_hamlet=hamlets[1])
    for person in _singles(hamlets[1], 5):
        AssignmentFactory(mentor=busy, mentee=person)
    _singles(hamlets[1], 7)
    proposals = suggest_assignments(ward_id=ward_a.pk)
    assert [p.mentor_id for p in proposals[:5]] == [idle.pk] * 5
    assert _loads(proposals) == {idle.pk: 6, busy.pk: 1}  # then balanced: 6 and 6


def test_mentors_take_adults_of_their_own_hamlet_first(ward_a, hamlets):
    first, second = MentorFactory(home_hamlet=hamlets[1]), MentorFactory(home_hamlet=hamlets[2])
    own_first = {p.pk for p in _singles(hamlets[1], 5)}
    own_second = {p.pk for p in _singles(hamlets[2], 5)}
    proposals = suggest_assignments(ward_id=ward_a.pk)
    assert {p.mentee_id for p in proposals if p.mentor_id == first.pk} == own_first
    assert {p.mentee_id for p in proposals if p.mentor_id == second.pk} == own_second
    assert {p.reason for p in proposals} == {Reason.SAME_HAMLET}


def test_then_the_nearest_hamlets_of_the_ward(ward_a, hamlets):
    mentor = MentorFactory(home_hamlet=hamlets[2])
    near = {p.pk for p in _singles(hamlets[1], 5)}
    _singles(hamlets[10], 5)
    proposals = suggest_assignments(ward_id=ward_a.pk, cap=5)
    assert {p.mentee_id for p in proposals} == near
    assert {p.mentor_id for p in proposals} == {mentor.pk}
    assert {p.reason for p in proposals} == {Reason.NEARBY_HAMLET}


def test_no_mentor_is_proposed_above_the_cap(ward_a, hamlets):
    mentor = MentorFactory(home_hamlet=hamlets[1])
    for person in _singles(hamlets[1], 3):
        AssignmentFactory(mentor=mentor, mentee=person)
    _singles(hamlets[1], 12)
    assert _loads(suggest_assignments(ward_id=ward_a.pk, cap=8)) == {mentor.pk: 5}
    assert _loads(suggest_assignments(ward_id=ward_a.pk)) == {mentor.pk: 7}  # default cap 10


def test_load_is_balanced_between_mentors_of_a_hamlet(ward_a, hamlets):
    mentors = [MentorFactory(home_hamlet=hamlets[5]) for _ in range(3)]
    _singles(hamlets[5], 21)
    assert sorted(_loads(suggest_assignments(ward_id=ward_a.pk)).values()) == [7, 7, 7]
    assert len(mentors) == 3


def test_a_households_adults_go_to_one_mentor(ward_a, hamlets):
    MentorFactory(home_hamlet=hamlets[1])
    MentorFactory(home_hamlet=hamlets[1])
    households = [HouseholdFactory(hamlet=hamlets[1]) for _ in range(3)]
    for household in households:
        for _ in range(3):
            ResidentFactory(household=household)
    proposals = suggest_assignments(ward_id=ward_a.pk)
    by_household = {}
    for p in proposals:
        household_id = ResidentFactory._meta.model.objects.get(pk=p.mentee_id).household_id
        by_household.setdefault(household_id, set()).add(p.mentor_id)
    assert len(proposals) == 9
    assert all(len(mentors) == 1 for mentors in by_household.values())


def test_the_rest_of_a_household_joins_the_mentor_who_guides_a_member(ward_a, hamlets):
    guide = MentorFactory(home_hamlet=hamlets[1])
    MentorFactory(home_hamlet=hamlets[1])
    household = HouseholdFactory(hamlet=hamlets[1])
    AssignmentFactory(mentor=guide, mentee=ResidentFactory(household=household))
    rest = {ResidentFactory(household=household).pk for _ in range(2)}
    proposals = suggest_assignments(ward_id=ward_a.pk)
    assert {(p.mentee_id, p.mentor_id) for p in proposals} == {(pk, guide.pk) for pk in rest}
    assert {p.reason for p in proposals} == {Reason.HOUSEHOLD}


def test_a_household_too_big_for_any_room_is_split_only_then_quota_first(ward_a, hamlets):
    mentors = [MentorFactory(home_hamlet=hamlets[1]) for _ in range(2)]
    household = HouseholdFactory(hamlet=hamlets[1])
    for _ in range(12):
        ResidentFactory(household=household)
    loads = _loads(suggest_assignments(ward_id=ward_a.pk, cap=10))
    # Nobody can take all 12 (cap 10): both mentors first reach 5, the rest joins one of them.
    assert sorted(loads.values()) == [5, 7]
    assert set(loads) == {m.pk for m in mentors}


def test_only_untrained_adults_without_a_mentor_are_proposed(ward_a, hamlets):
    mentor = MentorFactory(home_hamlet=hamlets[1])
    wanted = ResidentFactory(household=HouseholdFactory(hamlet=hamlets[1]))
    ResidentFactory(household=HouseholdFactory(hamlet=hamlets[1]), is_trained=True)
    ResidentFactory(
        household=HouseholdFactory(hamlet=hamlets[1]),
        date_of_birth=timezone.localdate() - datetime.timedelta(days=365 * 10),
    )
    AssignmentFactory(
        mentor=mentor, mentee=ResidentFactory(household=HouseholdFactory(hamlet=hamlets[1]))
    )
    proposals = suggest_assignments(ward_id=ward_a.pk)
    assert [p.mentee_id for p in proposals] == [wanted.pk]


def test_inactive_mentors_and_other_wards_are_left_out(ward_a, ward_b, hamlets):
    MentorFactory(home_hamlet=hamlets[1], is_active=False)
    MentorFactory(home_hamlet=HamletFactory(ward=ward_b, name="Ấp B"))
    _singles(hamlets[1], 3)
    assert suggest_assignments(ward_id=ward_a.pk) == []
