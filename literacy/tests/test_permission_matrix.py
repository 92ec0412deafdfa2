"""Role × scope matrix: every URL, every role; another ward's objects answer 404 and never change.

See ``literacy/tests/matrix.py`` for how an app adds its endpoints.
"""

from __future__ import annotations

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from literacy.accounts.roles import Role

from .matrix import ROLES, SCOPED_ROLES, Endpoint
from .permission_registry import all_endpoints, all_exempt, build_world

ENDPOINTS = all_endpoints()
EXEMPT = all_exempt()
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _pattern_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _pattern_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or pattern.lookup_str
            names.add(f"{namespace}{name}")
    return names


def _is_exempt(name: str) -> bool:
    return any(name == key or (key.endswith(":") and name.startswith(key)) for key in EXEMPT)


def test_every_url_pattern_is_in_the_matrix():
    registered = {endpoint.url_name for endpoint in ENDPOINTS}
    missing = sorted(
        name
        for name in _pattern_names(get_resolver())
        if name not in registered and not _is_exempt(name)
    )
    assert not missing, f"URL patterns missing from the permission matrix: {missing}"


@pytest.fixture
def world(wards, make_user):
    ward_a, ward_b = wards
    users = {
        "provincial": make_user("m_provincial", Role.PROVINCIAL),
        "ward_official": make_user("m_official", Role.WARD_OFFICIAL, wards=[ward_a]),
        "team_lead": make_user("m_teamlead", Role.TEAM_LEAD, wards=[ward_a]),
        "mentor": make_user("m_mentor", Role.MENTOR, wards=[ward_a]),
    }
    return build_world(ward_a, ward_b, users)


def _request(client, endpoint: Endpoint, world, method: str):
    url = reverse(endpoint.url_name, kwargs=endpoint.kwargs(world) if endpoint.kwargs else None)
    query = endpoint.query(world) if endpoint.query else {}
    payload = endpoint.payload(world) if endpoint.payload else {}
    call = getattr(client, method.lower())
    if method == "GET":
        return call(url, query)
    if endpoint.api:
        return call(url, data=json.dumps(payload), content_type="application/json")
    if method == "POST":
        return call(url, payload)
    return call(url, data=json.dumps(payload), content_type="application/json")


def _body(response) -> str:
    """The answer's text, streamed answers (CSV exports) included."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


#: Public endpoints are tried by every role too: public is about anonymous visitors, and a
#: public endpoint can still have objects out of scope (a retired lesson's video).
CASES = [
    pytest.param(endpoint, role, method, id=f"{endpoint.id}-{role}-{method}")
    for endpoint in ENDPOINTS
    for role in ROLES
    for method in endpoint.methods
]


@pytest.mark.parametrize(("endpoint", "role", "method"), CASES)
def test_role_cannot_reach_other_ward(login, world, endpoint, role, method):
    before = endpoint.snapshot(world) if endpoint.snapshot else None
    client = login(world.users[role])
    response = _request(client, endpoint, world, method)
    body = _body(response)
    context = f"{method} {endpoint.url_name} as {role}: {response.status_code}"

    if role in endpoint.forbidden_roles:
        assert response.status_code in (403, 404), context
    elif endpoint.kwargs and role in SCOPED_ROLES:
        assert response.status_code == 404, context
    else:
        assert response.status_code < 500, context
    if endpoint.leak and role in SCOPED_ROLES:
        assert endpoint.leak(world) not in body, f"{context}: ward-B data leaked"
    if endpoint.snapshot and (method in WRITE_METHODS and role != "provincial"):
        assert endpoint.snapshot(world) == before, f"{context}: ward-B data changed"


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if not e.public], ids=lambda e: e.id)
def test_anonymous_is_sent_to_log_in(client, world, endpoint):
    method = endpoint.methods[0]
    response = _request(client, endpoint, world, method)
    if endpoint.api:
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
    else:
        assert response.status_code in (302, 401, 403, 404)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.public], ids=lambda e: e.id)
def test_public_pages_answer_anonymous(client, world, endpoint):
    """Anonymous visitors open public pages; an object named by ``kwargs`` is out of public
    scope (404, like for a scoped role), and ``leak`` data never shows."""
    response = _request(client, endpoint, world, "GET")
    assert response.status_code == (404 if endpoint.kwargs else 200)
    if endpoint.leak:
        assert endpoint.leak(world) not in _body(response)
