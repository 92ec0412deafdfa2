"""Assign, reassign and end: from a mentor's side (pick adults) or an adult's (pick a mentor)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from households.models import Resident
from literacy.accounts.scope import get_manageable_or_404

from ..forms import MentorChoiceForm
from ..models import Assignment, Mentor
from ..permissions import mentors_manager_required
from ..services.assignments import assignment_create, assignment_end
from .common import paginate


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=False):
        return target or default
    return default


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@mentors_manager_required
@require_POST
def mentor_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give this mentor one adult who has no mentor yet (from the adults-without-mentor list)."""
    mentor = get_manageable_or_404(Mentor.objects.all(), request.user, pk=pk)
    mentee = get_manageable_or_404(
        Resident.objects.all(), request.user, pk=request.POST.get("mentee")
    )
    try:
        assignment_create(by=request.user, mentor=mentor, mentee=mentee)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("%(mentee)s now has %(mentor)s as mentor.")
            % {"mentee": mentee.full_name, "mentor": mentor.full_name},
        )
    unassigned = reverse("mentors:unassigned", kwargs={"ward_pk": mentor.ward_id})
    return redirect(_back(request, f"{unassigned}?mentor={mentor.pk}"))


@mentors_manager_required
@require_http_methods(["GET", "POST"])
def mentee_assign(request: HttpRequest, resident_pk: int) -> HttpResponse:
    """An adult's mentor: assign one, move them to another (reassign), or end it."""
    mentee = get_manageable_or_404(
        Resident.objects.select_related("household__hamlet", "ward"), request.user, pk=resident_pk
    )
    history = (
        Assignment.objects.visible_to(request.user)
        .filter(mentee=mentee)
        .select_related("mentor")
        .order_by("-starts_at")
    )
    current = next((a for a in history if a.is_active), None)
    form = MentorChoiceForm(request.POST or None, ward=mentee.ward)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_create(
                by=request.user, mentor=form.cleaned_data["mentor"], mentee=mentee, replace=True
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The mentor was saved."))
            return redirect("mentors:mentee_assign", resident_pk=mentee.pk)
    return render(
        request,
        "mentors/mentee_assign.html",
        {"mentee": mentee, "form": form, "current": current, "history": paginate(request, history)},
    )


@mentors_manager_required
@require_POST
def assignment_end_page(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_manageable_or_404(
        Assignment.objects.select_related("mentor", "mentee"), request.user, pk=pk
    )
    assignment_end(by=request.user, assignment=assignment)
    messages.success(
        request,
        _("%(mentor)s no longer guides %(mentee)s.")
        % {"mentor": assignment.mentor.full_name, "mentee": assignment.mentee.full_name},
    )
    return redirect(_back(request, reverse("mentors:mentor_detail", args=[assignment.mentor_id])))
