"""API access to rosters: provincial staff read, ward officials read and write, others nothing."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..permissions import can_manage_rosters, can_read_rosters


class RosterPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return can_read_rosters(request.user)
        return can_manage_rosters(request.user)
