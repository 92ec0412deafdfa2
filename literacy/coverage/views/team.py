"""A team lead's team: its mentors, their mentees and how far the mentees are.

A team is a few dozen people at most, so this page counts them directly (scoped to the team
lead's team, a fixed number of queries) rather than from the area roll-ups.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mentors.models import MENTEE_QUOTA, CommunityTeam, Mentor

from ..permissions import team_required


@team_required
def team(request: HttpRequest) -> HttpResponse:
    user = request.user
    teams = list(CommunityTeam.objects.visible_to(user).select_related("ward").order_by("name"))
    active = Q(assignments__ends_at__isnull=True)
    mentors = list(
        Mentor.objects.visible_to(user)
        .filter(team__in=teams)
        .select_related("team", "home_hamlet")
        .annotate(
            mentees=Count("assignments", filter=active),
            trained=Count("assignments", filter=active & Q(assignments__mentee__is_trained=True)),
        )
        .order_by("team__name", "full_name", "pk")
    )
    totals = {
        "mentors": sum(1 for m in mentors if m.is_active),
        "at_quota": sum(1 for m in mentors if m.is_active and m.mentees >= MENTEE_QUOTA),
        "mentees": sum(m.mentees for m in mentors),
        "trained": sum(m.trained for m in mentors),
    }
    return render(
        request,
        "coverage/team.html",
        {"teams": teams, "mentors": mentors, "totals": totals, "quota": MENTEE_QUOTA},
    )
