"""The role × scope permission matrix: the registry every app adds its URLs to.

Each app declares, in ``<app>/tests/permission_cases.py``:

* ``build_world(world)`` — adds objects to the shared *world*: for every model, one object in
  ward A (``world.ward_a``, the ward of the scoped users) and one in ward B (``world.ward_b``,
  outside their scope), e.g. ``world.resident_a`` / ``world.resident_b``.
* ``ENDPOINTS`` — a list of :class:`Endpoint`, one per URL pattern name.

``literacy/tests/test_permission_matrix.py`` then checks, for every endpoint and every role:

* object endpoints (``kwargs`` given, pointing at a ward-B object): every method answers 404 for
  roles scoped to ward A and the object's ``snapshot`` is unchanged afterwards;
* list endpoints (``leak`` given): ward-B data (the string ``leak(world)``) never appears;
* ``forbidden_roles``: roles that may not use the endpoint at all get 403 or 404 and change nothing;
* anonymous users are sent to log in (pages) or get 401 with ``WWW-Authenticate`` (API),
  unless ``public``.

A URL pattern that is in no ``ENDPOINTS`` list and not in ``EXEMPT`` fails the coverage test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: The roles the matrix logs in as. "ward_official", "mentor" and "team_lead" are scoped to ward A.
ROLES = ("provincial", "ward_official", "team_lead", "mentor")
SCOPED_ROLES = ("ward_official", "team_lead", "mentor")

World = Any  # a types.SimpleNamespace filled by the build_world functions


@dataclass(frozen=True)
class Endpoint:
    url_name: str
    #: URL kwargs naming an object of ward B (outside the scoped users' scope).
    kwargs: Callable[[World], dict] | None = None
    #: HTTP methods to try; writes use ``payload``.
    methods: tuple[str, ...] = ("GET",)
    #: Body for POST/PUT/PATCH (form data for pages, JSON for ``api=True``).
    payload: Callable[[World], dict] | None = None
    #: A value that must be the same before and after every request (e.g. the ward-B object's
    #: fields, or a count). Checked for writes.
    snapshot: Callable[[World], Any] | None = None
    #: For list/search/export endpoints: a string only ward-B data contains (e.g. a name).
    leak: Callable[[World], str] | None = None
    #: Query string added to the URL (e.g. a search for the ward-B name).
    query: Callable[[World], dict] | None = None
    #: Roles that may not use this endpoint at all (they get 403 or 404).
    forbidden_roles: tuple[str, ...] = ()
    #: Anonymous users may open it (home, health check, login page…).
    public: bool = False
    api: bool = False
    #: Why this endpoint is in the matrix in a special way (shown in failures).
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.url_name


#: URL names (or prefixes ending in ':') that are not programme data, with the reason.
EXEMPT: dict[str, str] = {
    "admin:": "Django admin: superusers only, behind allauth's secure admin login",
    "set_language": "language switch: no data",
    "healthz": "health check: no personal data",
    "home": "public home page",
    "django.views.static.serve": "development media serving (DEBUG only)",
}
