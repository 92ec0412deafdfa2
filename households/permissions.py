"""Who may use the rosters: ward officials manage their wards; provincial staff read everything.

Mentors and team leads have no access to rosters (they see their mentees through the mentors app).
The ethnic-minority segment is sensitive personal data: only roles that manage the resident see
it per person (a ward official manages every resident they can see, so this is a role check).
"""

from __future__ import annotations

from literacy.accounts.access import role_required
from literacy.accounts.roles import Role
from literacy.accounts.scope import is_active_user

READER_ROLES = (Role.PROVINCIAL, Role.WARD_OFFICIAL)


def can_read_rosters(user) -> bool:
    return is_active_user(user) and (user.is_superuser or user.role in READER_ROLES)


def can_manage_rosters(user) -> bool:
    return is_active_user(user) and (user.is_superuser or user.role == Role.WARD_OFFICIAL)


def shows_sensitive(user) -> bool:
    """May this user see the ethnic-minority segment per person (and filter/export by it)?"""
    return can_manage_rosters(user)


roster_reader_required = role_required(can_read_rosters)
roster_manager_required = role_required(can_manage_rosters)
