"""Who may use the rosters: ward officials manage their wards; provincial staff read everything.

Mentors and team leads have no access to rosters (they see their mentees through the mentors app).
The ethnic-minority segment is sensitive personal data: only roles that manage the resident see
it per person (a ward official manages every resident they can see, so this is a role check).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from literacy.accounts.roles import Role

READER_ROLES = (Role.PROVINCIAL, Role.WARD_OFFICIAL)


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_read_rosters(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in READER_ROLES)


def can_manage_rosters(user) -> bool:
    return _active(user) and (user.is_superuser or user.role == Role.WARD_OFFICIAL)


def shows_sensitive(user) -> bool:
    """May this user see the ethnic-minority segment per person (and filter/export by it)?"""
    return can_manage_rosters(user)


def _require(check: Callable) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


roster_reader_required = _require(can_read_rosters)
roster_manager_required = _require(can_manage_rosters)
