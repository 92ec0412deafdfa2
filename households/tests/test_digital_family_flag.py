"""The stored Digital Family flag follows the members, whoever writes them (database triggers)."""

from __future__ import annotations

import io

import pytest
from django.db import connection

from households import services
from households.importing.service import residents_import
from households.models import Household, Resident
from lessons.models import CompletionSource, Lesson, Track
from lessons.services.catalogue import lesson_create
from lessons.services.completions import completion_untick, completions_record
from lessons.tests.factories import LessonFactory

from .factories import HouseholdFactory, ResidentFactory
from .flags import wrong_digital_family_flags
from .import_files import csv_bytes, person


@pytest.fixture
def core_lessons(db):
    return [LessonFactory(code=f"flag-core-{i}", track=Track.CORE) for i in range(2)]


def train(*residents):
    completions_record(
        residents=residents, lessons=Lesson.objects.core(), by=None, source=CompletionSource.MENTOR
    )


def flag(household: Household) -> bool:
    return Household.objects.values_list("is_digital_family", flat=True).get(pk=household.pk)


def test_a_household_becomes_a_digital_family_when_a_member_is_trained(household_a, core_lessons):
    member = ResidentFactory(household=household_a)
    ResidentFactory(household=household_a)
    assert flag(household_a) is False
    train(member)
    assert flag(household_a) is True
    assert wrong_digital_family_flags() == []


def test_the_flag_stays_while_another_member_is_trained(household_a, core_lessons):
    first, second = ResidentFactory(household=household_a), ResidentFactory(household=household_a)
    train(first, second)
    completion_untick(resident=first, lesson=core_lessons[0], by=None)
    assert Resident.objects.get(pk=first.pk).is_trained is False
    assert flag(household_a) is True
    completion_untick(resident=second, lesson=core_lessons[1], by=None)
    assert flag(household_a) is False


def test_a_new_core_lesson_clears_the_flags_of_households_it_untrains(
    household_a, hamlet_a, core_lessons, django_capture_on_commit_callbacks
):
    other = HouseholdFactory(hamlet=hamlet_a)
    train(ResidentFactory(household=household_a), ResidentFactory(household=other))
    with django_capture_on_commit_callbacks(execute=True):  # the refresh runs after commit
        lesson_create(by=None, code="flag-core-new", title_vi="Bài mới", title_en="New lesson")
    assert (flag(household_a), flag(other)) == (False, False)


def test_moving_the_only_trained_member_moves_the_flag(household_a, hamlet_a, core_lessons):
    new_home = HouseholdFactory(hamlet=hamlet_a)
    member = ResidentFactory(household=household_a)
    train(member)
    services.resident_move(by=None, resident=member, household=new_home)
    assert (flag(household_a), flag(new_home)) == (False, True)
    services.resident_move(by=None, resident=Resident.objects.get(pk=member.pk), household=None)
    assert flag(new_home) is False


def test_deleting_the_trained_member_clears_the_flag(household_a, core_lessons):
    member = ResidentFactory(household=household_a)
    ResidentFactory(household=household_a)
    train(member)
    services.resident_delete(by=None, resident=Resident.objects.get(pk=member.pk))
    assert flag(household_a) is False


def test_deleting_a_digital_family_leaves_its_members_without_a_household(
    household_a, core_lessons
):
    member = ResidentFactory(household=household_a)
    train(member)
    services.household_delete(by=None, household=household_a)
    assert Resident.objects.get(pk=member.pk).household_id is None
    assert not Household.objects.filter(pk=household_a.pk).exists()


def test_saving_a_household_read_before_its_member_was_trained_keeps_the_flag(
    household_a, core_lessons
):
    stale = Household.objects.get(pk=household_a.pk)
    train(ResidentFactory(household=household_a))
    assert stale.is_digital_family is False
    services.household_update(by=None, household=stale, address="99 Trần Hưng Đạo")
    assert flag(household_a) is True
    Household.objects.filter(pk=household_a.pk).update(is_digital_family=False)
    assert flag(household_a) is True


def test_rows_written_in_one_statement_set_every_households_flag(hamlet_a, core_lessons):
    homes = [HouseholdFactory(hamlet=hamlet_a) for _ in range(3)]
    people = [ResidentFactory(household=home) for home in homes for _ in range(2)]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE households_resident SET is_trained = true WHERE id = ANY(%s)",
            [[people[0].pk, people[1].pk, people[2].pk]],
        )
    assert [flag(home) for home in homes] == [True, True, False]
    Resident.objects.filter(pk__in=[people[0].pk, people[2].pk]).update(household=homes[2])
    assert [flag(home) for home in homes] == [True, False, True]
    assert wrong_digital_family_flags() == []


def test_the_roster_import_moving_a_trained_resident_moves_the_flag(
    ward_a, hamlet_a, household_a, core_lessons
):
    member = ResidentFactory(household=household_a, cccd="074058001234")
    train(member)
    row = person(cccd="074058001234", hamlet=hamlet_a.name, household_code="NHAP-MOI")
    residents_import(ward=ward_a, file=io.BytesIO(csv_bytes([row])), by=None)
    new_home = Household.objects.get(ward=ward_a, code="NHAP-MOI")
    assert Resident.objects.get(pk=member.pk).household_id == new_home.pk
    assert (flag(household_a), flag(new_home)) == (False, True)
    assert wrong_digital_family_flags() == []
