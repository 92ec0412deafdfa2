"""The dashboards' cached part: never older than the figures, never shared across scopes or
languages, and a cached page runs a fixed few queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from households.tests.factories import ResidentFactory
from literacy.coverage.areas import ward_area
from literacy.coverage.page_cache import page_key
from literacy.coverage.rollup.runs import coverage_rollup_full, coverage_rollup_incremental
from literacy.coverage.services import target_update
from literacy.coverage.tests.training import train

pytestmark = pytest.mark.usefixtures("on_the_day")


def _trained_shown(response) -> int:
    """The trained adults the page shows (read from the HTML, cached or not)."""
    html = response.content.decode()
    marker = 'data-testid="trained-adults" data-value="'
    start = html.index(marker) + len(marker)
    return int(html[start : html.index('"', start)])


def _cached(response) -> bool:
    """Served from the cache: the page's own part was not drawn for this request."""
    return "coverage/bodies/programme.html" not in {t.name for t in response.templates} and (
        "coverage/bodies/ward.html" not in {t.name for t in response.templates}
    )


def test_a_run_between_two_requests_shows_its_figures(login, provincial_user, area, curriculum):
    coverage_rollup_full(now=timezone.now())
    client = login(provincial_user)
    url = reverse("coverage:programme")
    assert _trained_shown(client.get(url)) == 0
    again = client.get(url)
    assert _cached(again) and _trained_shown(again) == 0
    train([area.people[0], area.people[1]], curriculum)
    assert _trained_shown(client.get(url)) == 0  # ticked, not counted yet: the same figures
    coverage_rollup_incremental(now=timezone.now())
    after = client.get(url)
    assert not _cached(after)
    assert _trained_shown(after) == 2


def test_a_ward_page_follows_a_run_too(login, ward_official, area, curriculum):
    coverage_rollup_full(now=timezone.now())
    client = login(ward_official)
    url = reverse("coverage:area", kwargs={"code": area.ward_a.code})
    assert _trained_shown(client.get(url)) == 0
    train([area.people[1]], curriculum)
    coverage_rollup_incremental(now=timezone.now())
    assert _trained_shown(client.get(url)) == 1


def test_a_target_edit_shows_at_once(login, provincial_user, area):
    coverage_rollup_full(now=timezone.now())
    client = login(provincial_user)
    url = reverse("coverage:programme")
    client.get(url)
    target = datetime.date(2027, 12, 31)  # any date: the edit, not the day, is what counts
    target_update(by=provincial_user, trained_adults=1_234_567, deadline=target)
    response = client.get(url)
    assert not _cached(response)
    assert 'max="1234567"' in response.content.decode()  # the progress bar against the target


def test_scopes_never_share_a_cached_page(
    login, provincial_user, ward_official, other_ward_official, area
):
    coverage_rollup_full(now=timezone.now())
    ward = ward_area(area.ward_a)
    keys = {
        page_key(provincial_user, ward, variant="read"),
        page_key(ward_official, ward, variant="read"),
        page_key(other_ward_official, ward, variant="read"),
    }
    assert len(keys) == 3
    ward_official.wards.add(area.ward_b)  # a wider scope: a key of its own
    assert page_key(ward_official, ward, variant="read") not in keys


def test_a_cached_page_is_still_out_of_scope_for_others(
    login, provincial_user, other_ward_official, area
):
    coverage_rollup_full(now=timezone.now())
    url = reverse("coverage:area", kwargs={"code": area.ward_a.code})
    assert login(provincial_user).get(url).status_code == 200  # now in the cache
    assert login(other_ward_official).get(url).status_code == 404


def test_each_language_has_its_own_cached_page(login, provincial_user, area, client):
    coverage_rollup_full(now=timezone.now())
    client = login(provincial_user)
    url = reverse("coverage:programme")
    vietnamese = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "trained adults of" in english and "trained adults of" not in vietnamese


@pytest.mark.parametrize("role", ["provincial", "official"])
def test_a_cached_page_runs_a_fixed_few_queries(
    login, provincial_user, ward_official, area, curriculum, role
):
    user = provincial_user if role == "provincial" else ward_official
    url = (
        reverse("coverage:programme")
        if role == "provincial"
        else reverse("coverage:area", kwargs={"code": area.ward_a.code})
    )
    client = login(user)
    coverage_rollup_full(now=timezone.now())
    client.get(url)  # drawn and cached
    with CaptureQueriesContext(connection) as few:
        assert _cached(client.get(url))
    for _ in range(20):
        ResidentFactory(household=area.homes[0])
    train(list(area.people), curriculum)
    coverage_rollup_full(now=timezone.now())
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert _cached(response) and _trained_shown(response) > 0
    assert len(many.captured_queries) == len(few.captured_queries)
    # The user and the version (with the user's wards), and the ward page its ward: the
    # session comes from the shared cache and the MFA check from the session.
    assert len(few.captured_queries) == (2 if role == "provincial" else 3)
