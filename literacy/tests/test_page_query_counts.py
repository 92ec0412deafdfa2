"""Every page of the menu, the search and to-do pages reached from it, and every API list run
as many queries on a small province as on one four times its size (no query per row), for
provincial staff and a ward official. The pages come from the navigation and the API router
(``literacy/page_inventory.py``): a new entry is checked without being listed here."""

from __future__ import annotations

import io
import random

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from households.models import Resident
from lessons.api.completions import CompletionViewSet
from literacy.accounts.testing import force_login_with_mfa
from literacy.areas.models import Hamlet
from literacy.coverage.rollup.runs import coverage_rollup_full
from literacy.demo.areas import seed_hamlets
from literacy.demo.classes import seed_classes
from literacy.demo.households import seed_households
from literacy.demo.lessons import seed_lessons
from literacy.demo.mentors import seed_mentors
from literacy.page_inventory import api_list_basenames, pages_for

SIZES = (120, 480)  # residents over the two test wards


def _seed(residents: int) -> None:
    out = io.StringIO()
    for step in (seed_hamlets, seed_lessons, seed_households, seed_classes, seed_mentors):
        step(rng=random.Random(5), residents=residents, stdout=out)
    coverage_rollup_full(now=timezone.now())


def _largest_hamlet(ward) -> int:
    hamlets = Hamlet.objects.filter(ward=ward).annotate(people=Count("households__members"))
    return hamlets.order_by("-people", "pk").values_list("pk", flat=True)[0]


def _landing(client, path: str) -> str:
    """A menu entry may redirect (the mentors' entry opens the official's own ward)."""
    response = client.get(path)
    return response["Location"] if response.status_code == 302 else path


def _queries(client, pages: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Page name → (HTTP status, queries), each page asked once before (warm caches)."""
    cache.clear()
    counted = {}
    for name, path in pages.items():
        path = _landing(client, path)
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        counted[name] = (status, len(captured.captured_queries))
    return counted


def test_every_page_and_api_list_runs_as_many_queries_on_a_bigger_province(
    provincial_user, ward_official, ward_a, monkeypatch, frozen_clock
):
    monkeypatch.setattr("literacy.demo.lessons.video_tools_available", lambda: False)
    # A list that counts exactly only up to a few rows estimates beyond them (one query more):
    # it must do so at both sizes, as it does on a real province, to be compared.
    monkeypatch.setattr(CompletionViewSet, "exact_count_limit", 5)
    users = {"provincial": (provincial_user, "all"), "ward official": (ward_official, ward_a.code)}
    clients = {}
    for who, (user, _) in users.items():
        clients[who] = Client()
        force_login_with_mfa(clients[who], user)
    measured = []
    for residents in SIZES:
        with transaction.atomic():
            _seed(residents)
            hamlet_id = _largest_hamlet(ward_a)
            counts = {
                (who, name): result
                for who, (user, area) in users.items()
                for name, result in _queries(
                    clients[who], pages_for(user, hamlet_id=hamlet_id, area_code=str(area))
                ).items()
            }
            measured.append((Resident.objects.count(), counts))
            transaction.set_rollback(True)
    (few, small), (many, big) = measured
    assert many >= 3 * few
    for who in users:
        assert {(who, f"api:{name}-list") for name in api_list_basenames()} <= set(small)
    assert {page: status for page, (status, _) in big.items() if status != 200} == {}
    grew = {page: (small[page][1], big[page][1]) for page in big if big[page] != small[page]}
    assert grew == {}, f"queries (small province, bigger province): {grew}"
