"""The main menu. Each app adds its entries here (one line each); a context processor shows
each user the entries their role may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
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


def _visible_positions(user) -> tuple[int, ...]:
    if not getattr(user, "is_authenticated", False):
        return ()
    role = Role.PROVINCIAL if user.is_superuser else user.role
    return tuple(
        position
        for position, item in enumerate(NAV_ITEMS)
        if (item.check(user) if item.check is not None else role in item.roles)
    )


def nav_items_for(user) -> list[NavItem]:
    return [NAV_ITEMS[position] for position in _visible_positions(user)]


@lru_cache(maxsize=256)
def _links(positions: tuple[int, ...], language: str | None, prefix: str, urlconf) -> SafeString:
    """The menu's links for these entries in this language, drawn once per process: what an
    entry links to and its label never change while the portal runs."""
    return format_html_join(
        "",
        '<a href="{}">{}</a>',
        ((reverse(NAV_ITEMS[p].url_name), NAV_ITEMS[p].label) for p in positions),
    )


#: The pages every page links to (the header and the menu), by name.
SITE_PAGES = (
    "home",
    "set_language",
    "account_login",
    "account_logout",
    "account_change_password",
    "mfa_index",
    "lessons:lesson_list",
)


@lru_cache(maxsize=16)
def _site_urls(language: str | None, prefix: str, urlconf) -> dict[str, str]:
    return {name.replace(":", "_"): reverse(name) for name in SITE_PAGES}


def navigation(request) -> dict:
    """Context processor: ``nav_links``, the menu's links for the signed-in user, and
    ``site_urls``, the addresses of the pages every page links to."""
    positions = _visible_positions(getattr(request, "user", None))
    where = (get_language(), get_script_prefix(), get_urlconf())
    return {"nav_links": _links(positions, *where), "site_urls": _site_urls(*where)}
