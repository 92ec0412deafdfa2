"""Who may do what in the mentors app."""

from __future__ import annotations

from literacy.accounts.access import role_required
from literacy.accounts.roles import Role
from literacy.accounts.scope import is_active_user


def can_tick(user) -> bool:
    """Mentors tick their own mentees' lessons (the phone page); nobody else ticks."""
    return is_active_user(user) and user.role == Role.MENTOR


mentor_required = role_required(can_tick)
