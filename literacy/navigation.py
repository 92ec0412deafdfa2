"""The main menu. Each app adds its entries here (one line each); a context processor shows
each user the entries their role may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from literacy.accounts.roles import Role
from mentors import permissions as mentors

ALL_ROLES = tuple(Role.values)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ALL_ROLES
    #: The app's own permission function (``check(user) -> bool``), the one its views ask;
    #: when given, it decides instead of ``roles``, so the menu and the page cannot disagree.
    check: Callable | None = None


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Home"), "home"),
    NavItem(_("Coverage"), "coverage:programme", (Role.PROVINCIAL,)),
    NavItem(_("Targets"), "coverage:targets", (Role.PROVINCIAL,)),
    NavItem(_("My team"), "coverage:team", (Role.TEAM_LEAD,)),
    NavItem(_("Residents"), "households:resident_list", (Role.PROVINCIAL, Role.WARD_OFFICIAL)),
    NavItem(_("Households"), "households:household_list", (Role.PROVINCIAL, Role.WARD_OFFICIAL)),
    NavItem(_("Import roster"), "households:import", (Role.WARD_OFFICIAL,)),
    NavItem(
        _("Digital identity"), "households:identity_todo", (Role.PROVINCIAL, Role.WARD_OFFICIAL)
    ),
    NavItem(_("Hamlets"), "areas:hamlet_list", (Role.PROVINCIAL, Role.WARD_OFFICIAL)),
    NavItem(_("Accounts"), "accounts:user_list", (Role.PROVINCIAL, Role.WARD_OFFICIAL)),
    NavItem(_("Audit log"), "audit:event_list", (Role.PROVINCIAL,)),
    NavItem(_("Lessons"), "lessons:lesson_list"),
    NavItem(_("Classes"), "lessons:class_list", (Role.PROVINCIAL, Role.WARD_OFFICIAL)),
    NavItem(_("Log a class"), "lessons:class_create", (Role.WARD_OFFICIAL,)),
    NavItem(_("Mentors"), "mentors:home", check=mentors.can_read_mentors),
    NavItem(_("My team"), "mentors:my_team", check=mentors.can_lead_team),
    NavItem(_("My mentees"), "mentors:my_mentees", check=mentors.can_tick),
]


def nav_items_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    role = Role.PROVINCIAL if user.is_superuser else user.role
    return [
        item
        for item in NAV_ITEMS
        if (item.check(user) if item.check is not None else role in item.roles)
    ]


def navigation(request) -> dict:
    """Context processor: ``nav_items`` for the signed-in user."""
    return {"nav_items": nav_items_for(getattr(request, "user", None))}
