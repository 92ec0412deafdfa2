"""Community digital technology teams: the ward's list, forming and changing a team, and the
team page (the team's mentors and each mentor's mentees' progress) for its lead and the ward."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from literacy.accounts.access import role_required
from literacy.accounts.scope import get_manageable_or_404, get_visible_or_404
from literacy.service_errors import add_service_errors

from ..forms import TeamForm
from ..models import MENTEE_QUOTA, CommunityTeam, Mentor
from ..permissions import (
    can_manage_mentors,
    can_read_teams,
    mentors_manager_required,
    mentors_reader_required,
    team_lead_required,
)
from ..selectors import (
    active_mentees_of,
    core_total,
    mentors_with_load,
    teams_with_counts,
    ward_teams,
)
from ..services.teams import team_create, team_update
from .common import can_manage_ward, ward_managed, ward_visible


@mentors_reader_required
@require_GET
def team_list(request: HttpRequest, ward_pk: int) -> HttpResponse:
    ward = ward_visible(request, ward_pk)
    return render(
        request,
        "mentors/team_list.html",
        {
            "ward": ward,
            "teams": ward_teams(ward, user=request.user),
            "can_manage": can_manage_mentors(request.user) and can_manage_ward(request.user, ward),
        },
    )


@mentors_manager_required
@require_http_methods(["GET", "POST"])
def team_create_page(request: HttpRequest, ward_pk: int) -> HttpResponse:
    ward = ward_managed(request, ward_pk)
    form = TeamForm(request.POST or None, ward=ward, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            team_create(by=request.user, ward=ward, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The team was created."))
            return redirect("mentors:team_list", ward_pk=ward.pk)
    return render(request, "mentors/team_form.html", {"form": form, "ward": ward})


@mentors_manager_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_manageable_or_404(CommunityTeam.objects.select_related("ward"), request.user, pk=pk)
    form = TeamForm(
        request.POST or None,
        ward=team.ward,
        user=request.user,
        initial={"name": team.name, "lead": team.lead_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            team_update(by=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            team.refresh_from_db()
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("mentors:team_list", ward_pk=team.ward_id)
    return render(
        request, "mentors/team_form.html", {"form": form, "ward": team.ward, "team": team}
    )


@role_required(can_read_teams)
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's mentors and each one's mentees with their progress (fixed query count)."""
    team = get_visible_or_404(
        teams_with_counts(CommunityTeam.objects.select_related("ward")), request.user, pk=pk
    )
    mentors = list(
        mentors_with_load(Mentor.objects.visible_to(request.user).filter(team=team, is_active=True))
        .select_related("home_hamlet")
        .order_by("full_name", "pk")
    )
    by_mentor: dict[int, list] = {m.pk: [] for m in mentors}
    for assignment in active_mentees_of(mentors, user=request.user):
        by_mentor[assignment.mentor_id].append(assignment)
    for mentor in mentors:
        mentor.current = by_mentor[mentor.pk]
    return render(
        request,
        "mentors/team_detail.html",
        {"team": team, "mentors": mentors, "core_total": core_total(), "quota": MENTEE_QUOTA},
    )


@team_lead_required
@require_GET
def my_team(request: HttpRequest) -> HttpResponse:
    """The team lead's starting page: their team (or the list, if they lead several)."""
    teams = list(teams_with_counts(CommunityTeam.objects.visible_to(request.user)).order_by("name"))
    if len(teams) == 1:
        return redirect("mentors:team_detail", pk=teams[0].pk)
    return render(request, "mentors/my_teams.html", {"teams": teams})
