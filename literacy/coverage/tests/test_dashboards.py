"""The dashboards: who lands where, numbers that add up on each level, fixed query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from literacy.coverage.rollup.runs import coverage_rollup_full, coverage_rollup_incremental
from literacy.coverage.tests.training import train
from mentors.tests.factories import AssignmentFactory, MentorFactory

pytestmark = pytest.mark.usefixtures("on_the_day")


def _parts(response) -> dict[str, int]:
    page = response.context["page"]
    return {part.area.code: part.figures.trained_adults for part in page.parts}


def test_provincial_staff_land_on_the_programme_dashboard(login, provincial_user, area):
    coverage_rollup_full(now=timezone.now())
    response = login(provincial_user).get(reverse("home"))
    assert response.status_code == 200
    assert "coverage/programme.html" in [t.name for t in response.templates]
    assert response.context["page"].target == 1_600_000
    assert b'data-testid="trend-table"' in response.content


def test_ward_officials_land_on_their_ward_with_todays_todos(login, ward_official, area):
    coverage_rollup_full(now=timezone.now())
    response = login(ward_official).get(reverse("home"))
    assert "coverage/ward.html" in [t.name for t in response.templates]
    assert response.context["area"].ward == area.ward_a
    todos = {todo["kind"].slug: todo["count"] for todo in response.context["todos"]}
    # Ward A: 5 residents, 4 adults (one born 2012), 3 households, one mentor with one mentee.
    assert todos == {"families": 3, "identity": 3, "mentors": 1, "unmentored": 3, "untrained": 4}
    for slug, count in todos.items():
        listed = login(ward_official).get(
            reverse("coverage:list", kwargs={"code": area.ward_a.code, "kind": slug})
        )
        assert listed.context["page"].paginator.count == count, slug


def test_team_leads_land_on_their_team(login, team_lead_user, area):
    from mentors.tests.factories import CommunityTeamFactory

    team = CommunityTeamFactory(ward=area.ward_a, lead=team_lead_user)
    area.mentor.team = team
    area.mentor.save()
    response = login(team_lead_user).get(reverse("home"))
    assert response.templates[0].name == "coverage/team.html"
    assert response.context["totals"]["mentees"] == 1


def test_mentors_see_the_welcome_page(login, mentor_user, area):
    response = login(mentor_user).get(reverse("home"))
    assert response.templates[0].name == "home.html"


def test_numbers_add_up_from_the_programme_to_the_hamlets(login, provincial_user, area, curriculum):
    train([area.people[0], area.people[3], area.people[4], area.people[5]], curriculum)
    coverage_rollup_full(now=timezone.now())
    client = login(provincial_user)
    programme = client.get(reverse("coverage:programme"))
    wards = _parts(programme)
    assert sum(wards.values()) == programme.context["page"].figures.trained_adults == 4
    ward = client.get(reverse("coverage:area", kwargs={"code": area.ward_a.code}))
    hamlets = _parts(ward)
    assert sum(hamlets.values()) == wards[str(area.ward_a.code)] == 3
    assert hamlets[f"u{area.ward_a.code}"] == 1  # the resident with no household
    hamlet = client.get(reverse("coverage:area", kwargs={"code": f"h{area.hamlets[1].pk}"}))
    untrained = client.get(
        reverse("coverage:list", kwargs={"code": f"h{area.hamlets[1].pk}", "kind": "untrained"})
    )
    figures = hamlet.context["page"].figures
    assert untrained.context["page"].paginator.count == figures.adults - figures.trained_adults


def test_an_off_track_area_says_how_far_behind_it_is(login, provincial_user, area, on_the_day):
    coverage_rollup_incremental(now=timezone.now())
    on_the_day.shift(datetime.timedelta(days=7))
    coverage_rollup_incremental(now=timezone.now())
    response = login(provincial_user).get(reverse("coverage:programme"))
    outlook = response.context["page"].outlook
    assert outlook.is_off_track and outlook.pace_per_week == 0
    assert outlook.needed_per_week == pytest.approx(
        1_600_000 / ((outlook.deadline - outlook.as_of).days / 7)
    )
    assert "Off track" in response.content.decode() or "Chậm tiến độ" in response.content.decode()


def _more_data(area, curriculum):
    hamlet = HamletFactory(ward=area.ward_a, name="Khu phố Thêm")
    homes = [HouseholdFactory(hamlet=hamlet) for _ in range(5)]
    people = [ResidentFactory(household=homes[i % 5]) for i in range(30)]
    mentor = MentorFactory(home_hamlet=hamlet)
    for person in people[:6]:
        AssignmentFactory(mentor=mentor, mentee=person)
    train(people[:10], curriculum)


@pytest.mark.parametrize(
    "page",
    [
        lambda a: reverse("coverage:programme"),
        lambda a: reverse("coverage:area", kwargs={"code": a.ward_a.code}),
        lambda a: reverse("coverage:area", kwargs={"code": f"h{a.hamlets[0].pk}"}),
        lambda a: reverse("coverage:list", kwargs={"code": a.ward_a.code, "kind": "untrained"}),
        lambda a: reverse("coverage:list", kwargs={"code": a.ward_a.code, "kind": "families"}),
        lambda a: reverse("coverage:list", kwargs={"code": a.ward_a.code, "kind": "mentors"}),
        lambda a: reverse(
            "coverage:table_export", kwargs={"code": "all", "table": "parts", "fmt": "xlsx"}
        ),
        lambda a: reverse("api:coverage-list") + f"?area={a.ward_a.code}",
    ],
    ids=["programme", "ward", "hamlet", "untrained", "families", "mentors", "export", "api"],
)
def test_pages_run_a_fixed_number_of_queries(login, provincial_user, area, curriculum, page):
    client = login(provincial_user)
    url = page(area)
    client.get(url)  # warm the session
    coverage_rollup_full(now=timezone.now())  # a new version: the dashboards draw afresh
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _more_data(area, curriculum)
    coverage_rollup_full(now=timezone.now())
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 21


def test_the_team_page_runs_a_fixed_number_of_queries(login, team_lead_user, area, curriculum):
    from mentors.tests.factories import CommunityTeamFactory

    team = CommunityTeamFactory(ward=area.ward_a, lead=team_lead_user)
    area.mentor.team = team
    area.mentor.save()
    client = login(team_lead_user)
    url = reverse("coverage:team")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(3):
        mentor = MentorFactory(home_hamlet=area.hamlets[0], team=team)
        for person in [ResidentFactory(household=area.homes[0]) for _ in range(2)]:
            AssignmentFactory(mentor=mentor, mentee=person)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["totals"]["mentees"] == 7
    assert len(many.captured_queries) == len(few.captured_queries)


def test_without_a_worker_the_dashboard_counts_before_it_answers(
    login, ward_official, area, settings
):
    settings.COVERAGE_REFRESH_ON_VIEW = True
    from literacy.coverage.models import AreaKind, CoverageDay

    response = login(ward_official).get(reverse("home"))
    assert response.context["page"].figures.residents == 5
    days = CoverageDay.objects.filter(kind=AreaKind.PROGRAMME).count()
    assert days > 2  # a new demo also gets a trend to draw
