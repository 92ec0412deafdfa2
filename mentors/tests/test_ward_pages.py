"""Ward-official pages: mentors with their counts (under 5 flagged), adults without a mentor."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from households.tests.factories import HouseholdFactory, ResidentFactory
from mentors.models import Mentor

from .factories import AssignmentFactory, MentorFactory
from .helpers import queries_of


def _mentor_with(hamlet, count: int, **extra) -> Mentor:
    mentor = MentorFactory(home_hamlet=hamlet, **extra)
    for _ in range(count):
        AssignmentFactory(
            mentor=mentor, mentee=ResidentFactory(household=HouseholdFactory(hamlet=hamlet))
        )
    return mentor


def rollup():
    """The coverage roll-up the ward figures read, counted from the roster as it is now."""
    call_command("rollup_coverage", "--full")


def test_ward_page_shows_each_mentors_count_and_flags_those_under_five(
    login, ward_official, ward_a, hamlet_a
):
    busy = _mentor_with(hamlet_a, 5, full_name="Đủ Năm Người")
    light = _mentor_with(hamlet_a, 2, full_name="Mới Hai Người")
    rollup()
    response = login(ward_official).get(reverse("mentors:ward_detail", args=[ward_a.pk]))
    rows = {m.full_name: m for m in response.context["page"]}
    assert rows["Đủ Năm Người"].mentee_count == 5 and not rows["Đủ Năm Người"].is_under_quota
    assert rows["Mới Hai Người"].mentee_count == 2 and rows["Mới Hai Người"].is_under_quota
    summary = response.context["summary"]
    assert (summary.mentor_count, summary.under_quota_count) == (2, 1)
    assert response.content.decode().count('data-testid="under-quota"') == 1
    assert busy.pk != light.pk


def test_under_quota_filter_lists_only_mentors_under_five(login, ward_official, ward_a, hamlet_a):
    _mentor_with(hamlet_a, 5, full_name="Đủ Năm Người")
    _mentor_with(hamlet_a, 0, full_name="Chưa Có Ai")
    response = login(ward_official).get(
        reverse("mentors:ward_detail", args=[ward_a.pk]), {"show": "under_quota"}
    )
    assert [m.full_name for m in response.context["page"]] == ["Chưa Có Ai"]


def test_ward_page_query_count_does_not_grow_with_mentors(login, ward_official, ward_a, hamlet_a):
    client = login(ward_official)
    url = reverse("mentors:ward_detail", args=[ward_a.pk])
    _mentor_with(hamlet_a, 1)
    few = queries_of(client, url)
    for count in range(6):
        _mentor_with(hamlet_a, count)
    assert queries_of(client, url) == few


def test_ward_list_counts_per_ward_in_a_fixed_number_of_queries(
    login, provincial_user, ward_a, ward_b, hamlet_a
):
    client = login(provincial_user)
    url = reverse("mentors:ward_list")
    few = queries_of(client, url)
    _mentor_with(hamlet_a, 3)
    ResidentFactory(ward=ward_b)
    rollup()
    assert queries_of(client, url) == few
    rows = {w.pk: w for w in client.get(url).context["page"]}
    assert (rows[ward_a.pk].mentor_count, rows[ward_a.pk].under_quota_count) == (1, 1)
    assert rows[ward_b.pk].adults_without_mentor == 1


def test_adults_without_a_mentor_lists_untrained_adults_nobody_guides(
    login, ward_official, ward_a, hamlet_a
):
    _mentor_with(hamlet_a, 1)
    alone = ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a), full_name="Chưa Ai Kèm")
    ResidentFactory(
        household=HouseholdFactory(hamlet=hamlet_a), is_trained=True, full_name="Đã Xong"
    )
    client = login(ward_official)
    url = reverse("mentors:unassigned", args=[ward_a.pk])
    assert [r.pk for r in client.get(url).context["page"]] == [alone.pk]
    everyone = client.get(url, {"trained": "all"}).context["page"]
    assert {r.full_name for r in everyone} == {"Chưa Ai Kèm", "Đã Xong"}


def test_adults_without_a_mentor_page_has_a_fixed_query_count(
    login, ward_official, ward_a, hamlet_a
):
    client = login(ward_official)
    url = reverse("mentors:unassigned", args=[ward_a.pk])
    mentor = _mentor_with(hamlet_a, 0)
    ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a))
    few = queries_of(client, url, {"mentor": mentor.pk})
    for _ in range(10):
        ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a))
    assert queries_of(client, url, {"mentor": mentor.pk}) == few


def test_mentor_role_cannot_open_the_ward_pages(login, mentor_user, ward_a):
    response = login(mentor_user).get(reverse("mentors:ward_detail", args=[ward_a.pk]))
    assert response.status_code == 403


def test_ward_figures_read_the_rollup_not_the_roster(login, ward_official, ward_a, hamlet_a):
    _mentor_with(hamlet_a, 1)
    rollup()
    _mentor_with(hamlet_a, 1)
    client = login(ward_official)
    url = reverse("mentors:ward_detail", args=[ward_a.pk])
    assert client.get(url).context["summary"].mentor_count == 1
    rollup()
    assert client.get(url).context["summary"].mentor_count == 2


def test_ward_figures_before_any_rollup_are_zeros(login, ward_official, ward_a, hamlet_a):
    _mentor_with(hamlet_a, 2)
    summary = (
        login(ward_official)
        .get(reverse("mentors:ward_detail", args=[ward_a.pk]))
        .context["summary"]
    )
    assert (summary.mentor_count, summary.under_quota_count) == (0, 0)
