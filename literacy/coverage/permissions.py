"""Who may see which coverage page (the menu asks the same functions as the views).

Provincial staff see the programme and every ward; ward officials their wards (their home
page), down to the lists of people behind a figure; team leads their team. Mentors have their
mentees' page in the mentors app. What a user sees inside a page is scoped by the one scope
mechanism (``visible_to``), so a ward outside their scope answers 404.
"""

from __future__ import annotations

from literacy.accounts.access import role_required
from literacy.accounts.roles import Role
from literacy.accounts.scope import is_active_user


def can_see_programme(user) -> bool:
    return is_active_user(user) and (user.is_superuser or user.role == Role.PROVINCIAL)


def can_see_wards(user) -> bool:
    return is_active_user(user) and (
        user.is_superuser or user.role in (Role.PROVINCIAL, Role.WARD_OFFICIAL)
    )


def can_edit_targets(user) -> bool:
    return can_see_programme(user)


def can_see_team(user) -> bool:
    return is_active_user(user) and user.role == Role.TEAM_LEAD


programme_required = role_required(can_see_programme)
wards_required = role_required(can_see_wards)
targets_required = role_required(can_edit_targets)
team_required = role_required(can_see_team)
