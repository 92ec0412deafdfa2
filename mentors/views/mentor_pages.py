"""One mentor: their page (mentees, history), registering, editing, leaving, a new sign-in code."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from literacy.accounts.scope import get_manageable_or_404, get_visible_or_404
from literacy.service_errors import add_service_errors

from ..forms import MentorForm
from ..models import MENTEE_QUOTA, Assignment, Mentor
from ..permissions import can_manage_mentors, mentors_manager_required, mentors_reader_required
from ..selectors import active_mentees_of, core_total, mentors_with_load
from ..services.mentors import (
    NewMentor,
    mentor_create,
    mentor_leave,
    mentor_new_code,
    mentor_update,
)
from .common import ward_managed


def _mentor_fields(data: dict) -> dict:
    return {
        "full_name": data["full_name"],
        "phone": data["phone"],
        "organisation": data["organisation"],
        "home_hamlet": data["home_hamlet"],
        "team": data["team"],
    }


@mentors_reader_required
@require_GET
def mentor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = mentors_with_load(
        Mentor.objects.select_related("ward", "home_hamlet", "team", "user")
    )
    mentor = get_visible_or_404(queryset, request.user, pk=pk)
    history = (
        Assignment.objects.visible_to(request.user)
        .filter(mentor=mentor, ends_at__isnull=False)
        .select_related("mentee")
        .order_by("-ends_at", "-pk")[:50]
    )
    return render(
        request,
        "mentors/mentor_detail.html",
        {
            "mentor": mentor,
            "mentees": active_mentees_of([mentor], user=request.user),
            "history": history,
            "core_total": core_total(),
            "quota": MENTEE_QUOTA,
            "can_manage": can_manage_mentors(request.user)
            and Mentor.objects.manageable_by(request.user).filter(pk=pk).exists(),
        },
    )


@mentors_manager_required
@require_http_methods(["GET", "POST"])
def mentor_create_page(request: HttpRequest, ward_pk: int) -> HttpResponse:
    ward = ward_managed(request, ward_pk)
    form = MentorForm(request.POST or None, ward=ward)
    if request.method == "POST" and form.is_valid():
        try:
            card = mentor_create(
                by=request.user, ward=ward, new=NewMentor(**_mentor_fields(form.cleaned_data))
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is registered.") % {"name": card.mentor.full_name}
            )
            return render(request, "mentors/signin_cards.html", {"cards": [card], "ward": ward})
    return render(request, "mentors/mentor_form.html", {"form": form, "ward": ward})


@mentors_manager_required
@require_http_methods(["GET", "POST"])
def mentor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = get_manageable_or_404(Mentor.objects.select_related("ward"), request.user, pk=pk)
    initial = _mentor_fields({**mentor.__dict__, "home_hamlet": mentor.home_hamlet_id,
                              "team": mentor.team_id})  # fmt: skip
    form = MentorForm(request.POST or None, ward=mentor.ward, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mentor_update(by=request.user, mentor=mentor, **_mentor_fields(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
            mentor.refresh_from_db()
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("mentors:mentor_detail", pk=mentor.pk)
    return render(
        request, "mentors/mentor_form.html", {"form": form, "ward": mentor.ward, "mentor": mentor}
    )


@mentors_manager_required
@require_POST
def mentor_leave_page(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = get_manageable_or_404(Mentor.objects.all(), request.user, pk=pk)
    mentor_leave(by=request.user, mentor=mentor)
    messages.success(
        request,
        _("%(name)s has left the programme; their mentees need a new mentor.")
        % {"name": mentor.full_name},
    )
    return redirect("mentors:mentor_detail", pk=mentor.pk)


@mentors_manager_required
@require_POST
def mentor_new_code_page(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = get_manageable_or_404(
        Mentor.objects.select_related("user", "ward"), request.user, pk=pk
    )
    card = mentor_new_code(by=request.user, mentor=mentor)
    return render(request, "mentors/signin_cards.html", {"cards": [card], "ward": mentor.ward})
