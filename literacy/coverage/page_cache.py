"""A dashboard's own part, rendered once per version of what it shows and kept in the cache.

The figures change only when a roll-up run commits, so the programme page and the ward pages
are drawn once per run rather than once per request. The key holds everything the part
depends on:

* the tokens of every source the page shows (``versions.py``): a run, a target edit or a
  renamed hamlet gives a new key, so a page never outlives its figures (no invalidation to
  forget; old keys expire);
* the area, the language;
* the user's scope, as ``visible_to`` grants it (everything, or these wards): two users share
  a cached part only when they see the same rows, so one scope's figures never reach another;
* whether the user may edit the targets (a link on the programme page).

The part holds nothing of the request (no CSRF token, no user name, no messages): the page
around it (``base.html``) is rendered for every request.

Each process also keeps the parts it served last (``RECENT_PARTS`` of them): the key names the
version of the figures, so a part found there is exactly the one the shared cache holds, and a
busy dashboard is not fetched from the cache again on every request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from literacy.accounts.roles import Role
from literacy.accounts.scope import is_active_user

from .areas import Area
from .versions import pages_version

#: Old keys are never read again once a run lands; this only frees their memory.
TIMEOUT_SECONDS = 15 * 60
#: How many parts a process keeps in its own memory (a few tens of kilobytes each).
RECENT_PARTS = 64

_recent: OrderedDict[str, str] = OrderedDict()
_recent_lock = threading.Lock()


def _recent_get(key: str) -> str | None:
    with _recent_lock:
        part = _recent.get(key)
        if part is not None:
            _recent.move_to_end(key)
        return part


def _recent_put(key: str, part: str) -> None:
    with _recent_lock:
        _recent[key] = part
        _recent.move_to_end(key)
        while len(_recent) > RECENT_PARTS:
            _recent.popitem(last=False)


def forget_recent() -> None:
    """Empty this process's own parts (with the shared cache, e.g. between tests)."""
    with _recent_lock:
        _recent.clear()


def scope_key(user, ward_ids: tuple[int, ...]) -> str:
    """What ``visible_to(user)`` grants, as text (the same branches, in the same order)."""
    if not is_active_user(user):
        return "none"
    if user.is_superuser or user.role == Role.PROVINCIAL:
        return "all"
    if user.role == Role.WARD_OFFICIAL:
        return "wards:" + ",".join(str(ward_id) for ward_id in ward_ids)
    return f"{user.role}:{user.pk}"


Version = tuple[str, tuple[int, ...]]


def page_key(user, area: Area, *, variant: str, version: Version | None = None) -> str:
    tokens, ward_ids = version or pages_version(user)
    scope = scope_key(user, ward_ids)
    return f"coverage:page:{tokens}:{area.kind}:{area.area_id}:{get_language()}:{scope}:{variant}"


def cached_part(
    user,
    area: Area,
    *,
    variant: str,
    render: Callable[[], str],
    version: Version | None = None,
) -> SafeString:
    """The area's part for this user from the cache, or ``render()`` it and keep it.

    The key is read before rendering (``version``: read by the caller earlier still, e.g.
    before looking the area up): figures that land in between are newer than the key says,
    never older, and the next request reads the new key.
    """
    key = page_key(user, area, variant=variant, version=version)
    part = _recent_get(key)
    if part is None:
        part = cache.get(key)
        if part is None:
            part = str(render())
            cache.set(key, part, TIMEOUT_SECONDS)
        _recent_put(key, part)
    return mark_safe(part)  # noqa: S308 (rendered by our own template, escaped there)
