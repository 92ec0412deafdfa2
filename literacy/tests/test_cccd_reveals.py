"""Every answer that shows a full citizen ID (CCCD) leaves exactly one audit record of the view,
and answers that do not show it leave none.

Found by walking, not by reading: every GET URL of the permission matrix (pages, partials, API
lists and details, exports, print views; a URL nobody registered fails the matrix's coverage
test) as every role, once at the matrix's ward-B objects and once at their ward-A twins (in the
scoped users' scope), with a resident in each ward whose CCCD is known. Each answer's text
(CSV streams and XLSX files unpacked) is searched for the numbers.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter

import pytest
from django.urls import reverse

from households.models import Resident
from literacy.accounts.roles import Role
from literacy.audit.models import AuditAction, AuditEvent

from .matrix import ROLES, Endpoint
from .permission_registry import all_endpoints, build_world

CCCD_A = "074070009876"  # Trần Văn Ma Trận, a man born 1970 in ward A
CCCD_B = "074175001234"  # the matrix's ward-B resident (a woman born 1975)
GET_ENDPOINTS = [e for e in all_endpoints() if "GET" in e.methods]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class InWardA:
    """The matrix world seen from ward A: ``thing_b`` is ``thing_a`` where ward A has one."""

    def __init__(self, world) -> None:
        self._world = world

    def __getattr__(self, name: str):
        twin = f"{name[:-2]}_a" if name.endswith("_b") else None
        if twin and hasattr(self._world, twin):
            return getattr(self._world, twin)
        return getattr(self._world, name)


@pytest.fixture
def world(wards, make_user):
    ward_a, ward_b = wards
    users = {
        "provincial": make_user("m_provincial", Role.PROVINCIAL),
        "ward_official": make_user("m_official", Role.WARD_OFFICIAL, wards=[ward_a]),
        "team_lead": make_user("m_teamlead", Role.TEAM_LEAD, wards=[ward_a]),
        "mentor": make_user("m_mentor", Role.MENTOR, wards=[ward_a]),
    }
    world = build_world(ward_a, ward_b, users)
    Resident.objects.filter(pk=world.resident_a.pk).update(cccd=CCCD_A)
    assert Resident.objects.get(pk=world.resident_b.pk).cccd == CCCD_B
    return world


def _text(response) -> str:
    """Everything the answer shows: the body, a streamed CSV, or the cells of an XLSX."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.get("Content-Type", "").startswith(XLSX):
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "\n".join(
                book.read(name).decode() for name in book.namelist() if name.endswith(".xml")
            )
    return content.decode(errors="replace")


def _views() -> Counter:
    """CCCD-view audit records so far, per resident id."""
    return Counter(
        AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="resident").values_list(
            "object_id", flat=True
        )
    )


def _requests(endpoint: Endpoint, world):
    """(label, url, query) for the endpoint at ward B's objects and at ward A's twins, with and
    without its query string."""
    for where, seen in (("ward B", world), ("ward A", InWardA(world))):
        kwargs = endpoint.kwargs(seen) if endpoint.kwargs else None
        url = reverse(endpoint.url_name, kwargs=kwargs)
        yield f"{endpoint.url_name} at {where}", url, {}
        if endpoint.query:
            query = endpoint.query(seen)
            yield f"{endpoint.url_name}?{query} at {where}", url, query


@pytest.mark.parametrize("role", ROLES)
def test_every_answer_showing_a_full_cccd_is_audited_exactly_once(login, world, role):
    client = login(world.users[role])
    residents = {str(world.resident_a.pk): CCCD_A, str(world.resident_b.pk): CCCD_B}
    problems, revealing = [], []
    for endpoint in GET_ENDPOINTS:
        for label, url, query in _requests(endpoint, world):
            before = _views()
            response = client.get(url, query)
            text = _text(response)
            logged = _views() - before
            for resident_id, cccd in residents.items():
                shown = cccd in text
                revealing += [label] if shown else []
                if logged[resident_id] != int(shown):
                    problems.append(
                        f"{label} ({response.status_code}): CCCD {'shown' if shown else 'hidden'}, "
                        f"{logged[resident_id]} view record(s)"
                    )
    assert not problems, f"as {role}:\n" + "\n".join(problems)
    if role == "ward_official":
        # The walk reaches the pages that do show the number to the people who manage it.
        assert any("resident_detail at ward A" in label for label in revealing)
        assert any("resident_edit at ward A" in label for label in revealing)
