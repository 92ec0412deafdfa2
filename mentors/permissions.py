"""Who may do what in the mentors app; pages, the API and the menu all ask these functions.

* Ward officials register mentors, form teams and assign mentees in their wards; provincial
  staff read everything.
* Mentors tick their own mentees' lessons (which mentees: the scope, ``visible_to``).
* Team leads read their team's page.
"""

from __future__ import annotations

from literacy.accounts.access import role_required
from literacy.accounts.roles import Role
from literacy.accounts.scope import is_active_user


def can_read_mentors(user) -> bool:
    """The ward pages: mentor lists, quotas, adults without a mentor."""
    return is_active_user(user) and (
        user.is_superuser or user.role in (Role.PROVINCIAL, Role.WARD_OFFICIAL)
    )


def can_manage_mentors(user) -> bool:
    """Register mentors, form teams, assign mentees (in the user's own wards)."""
    return is_active_user(user) and user.role == Role.WARD_OFFICIAL


def can_tick(user) -> bool:
    """Tick lessons off for mentees (only one's own active mentees: the scope decides)."""
    return is_active_user(user) and user.role == Role.MENTOR


def can_lead_team(user) -> bool:
    """The team page: the team's mentors and their mentees' progress."""
    return is_active_user(user) and user.role == Role.TEAM_LEAD


def can_read_teams(user) -> bool:
    return can_read_mentors(user) or can_lead_team(user)


mentors_reader_required = role_required(can_read_mentors)
mentors_manager_required = role_required(can_manage_mentors)
team_lead_required = role_required(can_lead_team)
mentor_required = role_required(can_tick)
