"""The team page: a team lead sees the team's mentors and each mentor's mentees' progress."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from households.tests.factories import HouseholdFactory, ResidentFactory
from lessons.models import Completion, CompletionSource
from mentors.models import CommunityTeam, Mentor

from .factories import AssignmentFactory, CommunityTeamFactory, MentorFactory
from .helpers import queries_of


def _team_with(team_lead_user, hamlet, mentors: int, mentees: int) -> CommunityTeam:
    team = CommunityTeamFactory(ward=hamlet.ward, lead=team_lead_user)
    for _ in range(mentors):
        mentor = MentorFactory(home_hamlet=hamlet, team=team)
        for _ in range(mentees):
            person = ResidentFactory(household=HouseholdFactory(hamlet=hamlet))
            AssignmentFactory(mentor=mentor, mentee=person)
    return team


def test_team_lead_lands_on_their_team_and_sees_mentees_progress(
    login, team_lead_user, hamlet_a, lessons
):
    team = _team_with(team_lead_user, hamlet_a, mentors=1, mentees=2)
    mentee = Mentor.objects.get(team=team).assignments.first().mentee
    Completion.objects.create(
        resident=mentee,
        lesson=lessons[0],
        completed_at=timezone.now() - datetime.timedelta(days=1),
        source=CompletionSource.CLASS,
    )
    client = login(team_lead_user)
    response = client.get(reverse("mentors:my_team"))
    assert response.status_code == 302
    page = client.get(response["Location"])
    mentors = page.context["mentors"]
    assert [len(m.current) for m in mentors] == [2]
    done = {a.mentee_id: a.core_done for a in mentors[0].current}
    assert done[mentee.pk] == 1 and page.context["core_total"] == 2


def test_team_page_query_count_does_not_grow_with_mentors_and_mentees(
    login, team_lead_user, hamlet_a, lessons
):
    team = _team_with(team_lead_user, hamlet_a, mentors=1, mentees=1)
    client = login(team_lead_user)
    url = reverse("mentors:team_detail", args=[team.pk])
    few = queries_of(client, url)
    for _ in range(3):
        mentor = MentorFactory(home_hamlet=hamlet_a, team=team)
        for _ in range(4):
            AssignmentFactory(
                mentor=mentor, mentee=ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a))
            )
    assert queries_of(client, url) == few


def test_team_lead_cannot_open_another_team(login, team_lead_user, make_user, hamlet_a, ward_a):
    from literacy.accounts.roles import Role

    someone_else = make_user("lead2", Role.TEAM_LEAD, wards=[ward_a])
    other = _team_with(someone_else, hamlet_a, mentors=1, mentees=1)
    response = login(team_lead_user).get(reverse("mentors:team_detail", args=[other.pk]))
    assert response.status_code == 404


def test_ward_official_forms_a_team_with_a_team_lead(login, ward_official, team_lead_user, ward_a):
    response = login(ward_official).post(
        reverse("mentors:team_create", args=[ward_a.pk]),
        {"name": "Tổ công nghệ số khu phố 1", "lead": team_lead_user.pk},
    )
    assert response.status_code == 302
    assert CommunityTeam.objects.get().lead == team_lead_user


def test_a_team_lead_of_another_ward_cannot_lead_this_team(
    login, ward_official, make_user, ward_a, ward_b
):
    from literacy.accounts.roles import Role

    elsewhere = make_user("lead_b", Role.TEAM_LEAD, wards=[ward_b])
    response = login(ward_official).post(
        reverse("mentors:team_create", args=[ward_a.pk]), {"name": "Tổ X", "lead": elsewhere.pk}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not CommunityTeam.objects.exists()


def test_team_member_counts_read_the_active_members_off_an_index(team_lead_user, hamlet_a):
    from literacy.tests.plans import indexes_read
    from mentors.selectors import teams_with_counts

    team = _team_with(team_lead_user, hamlet_a, mentors=3, mentees=0)
    MentorFactory(home_hamlet=hamlet_a, team=team, is_active=False)
    teams = teams_with_counts(CommunityTeam.objects.filter(pk=team.pk))
    assert "mentor_active_team_idx" in indexes_read(teams)
    assert teams.get().member_count == 3
