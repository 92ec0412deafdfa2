from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from literacy.accounts.roles import Role

User = get_user_model()


@pytest.fixture
def people(ward_a, ward_b, make_user, ward_official):
    return {
        "mentor_a": make_user("mentor_a", Role.MENTOR, wards=[ward_a]),
        "lead_a": make_user("lead_a", Role.TEAM_LEAD, wards=[ward_a]),
        "mentor_b": make_user("mentor_b", Role.MENTOR, wards=[ward_b]),
        "official_a2": make_user("official_a2", Role.WARD_OFFICIAL, wards=[ward_a]),
        "official": ward_official,
    }


def _names(queryset) -> set[str]:
    return set(queryset.values_list("username", flat=True))


def test_provincial_staff_see_every_account(people, provincial_user):
    assert _names(User.objects.visible_to(provincial_user)) >= {"mentor_a", "mentor_b", "bob"}


def test_provincial_staff_manage_ward_officials_and_below_but_not_themselves(
    people, provincial_user, make_user
):
    other_provincial = make_user("prov2", Role.PROVINCIAL)
    manageable = _names(User.objects.manageable_by(provincial_user))
    assert {"bob", "mentor_a", "mentor_b", "official_a2"} <= manageable
    assert "alice" not in manageable
    assert other_provincial.username not in manageable


def test_ward_official_sees_mentors_and_team_leads_of_their_wards_only(people):
    official = people["official"]
    assert _names(User.objects.visible_to(official)) == {"bob", "mentor_a", "lead_a"}
    assert _names(User.objects.manageable_by(official)) == {"mentor_a", "lead_a"}


def test_a_mentor_in_two_wards_appears_once(people, ward_b):
    people["mentor_a"].wards.add(ward_b)
    assert User.objects.visible_to(people["official"]).filter(username="mentor_a").count() == 1


def test_mentors_and_team_leads_see_only_themselves(people):
    for key in ("mentor_a", "lead_a"):
        user = people[key]
        assert _names(User.objects.visible_to(user)) == {user.username}
        assert not User.objects.manageable_by(user).exists()


def test_deactivated_users_see_nothing(people):
    official = people["official"]
    official.is_active = False
    official.save()
    assert not User.objects.visible_to(official).exists()


def test_superusers_are_never_manageable_from_the_portal(people, provincial_user, make_user):
    root = make_user("root", "", is_superuser=True, is_staff=True)
    assert root not in User.objects.manageable_by(provincial_user)
