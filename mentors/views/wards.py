"""The ward official's pages: wards with their mentor counts, a ward's mentors (flagging those
under 5 mentees), and the adults who have no mentor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from literacy.areas.models import Hamlet, Ward
from literacy.ids import parse_id

from ..models import MENTEE_QUOTA, CommunityTeam, Mentor
from ..permissions import (
    can_lead_team,
    can_manage_mentors,
    can_read_mentors,
    can_tick,
    mentors_reader_required,
)
from ..selectors import (
    adults_without_mentor,
    mentors_with_load,
    ward_mentor_figures,
    wards_with_mentor_figures,
)
from .common import can_manage_ward, paginate, ward_visible


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """/mentors/: each role's own starting page (the mentor's is the phone page)."""
    user = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if can_read_mentors(user):
        wards = list(Ward.objects.visible_to(user)[:2])
        if len(wards) == 1:
            return redirect("mentors:ward_detail", ward_pk=wards[0].pk)
        return redirect("mentors:ward_list")
    if can_lead_team(user):
        return redirect("mentors:my_team")
    if can_tick(user):
        try:
            return redirect(reverse("mentors:my_mentees"))
        except NoReverseMatch:
            pass
    return render(request, "mentors/nothing_here.html", status=404)


@mentors_reader_required
@require_GET
def ward_list(request: HttpRequest) -> HttpResponse:
    """The wards with their mentor figures, as of the last coverage roll-up."""
    page = paginate(request, Ward.objects.visible_to(request.user).order_by("name", "pk"))
    page.object_list = wards_with_mentor_figures(page.object_list, user=request.user)
    return render(request, "mentors/ward_list.html", {"page": page, "quota": MENTEE_QUOTA})


@mentors_reader_required
@require_GET
def ward_detail(request: HttpRequest, ward_pk: int) -> HttpResponse:
    ward = ward_visible(request, ward_pk)
    summary = ward_mentor_figures(ward, user=request.user)
    mentors = mentors_with_load(
        Mentor.objects.visible_to(request.user).filter(ward=ward)
    ).select_related("home_hamlet", "team")
    show = request.GET.get("show", "")
    if show == "under_quota":
        mentors = mentors.filter(is_under_quota=True)
    elif show != "all":
        mentors = mentors.filter(is_active=True)
    page = paginate(request, mentors.order_by("active_mentee_count", "full_name", "pk"))
    return render(
        request,
        "mentors/ward_detail.html",
        {
            "ward": ward,
            "summary": summary,
            "page": page,
            "show": show,
            "query": f"show={show}" if show else "",
            "quota": MENTEE_QUOTA,
            "can_manage": can_manage_mentors(request.user) and can_manage_ward(request.user, ward),
            "teams": CommunityTeam.objects.filter(ward=ward).count(),
        },
    )


@mentors_reader_required
@require_GET
def unassigned(request: HttpRequest, ward_pk: int) -> HttpResponse:
    """Adults with no mentor; ``?mentor=`` adds an "assign to this mentor" button per row."""
    ward = ward_visible(request, ward_pk)
    residents = adults_without_mentor(ward).select_related("household__hamlet")
    everyone = request.GET.get("trained") == "all"
    if not everyone:
        residents = residents.filter(is_trained=False)
    hamlet = Hamlet.objects.filter(ward=ward, pk=_id(request.GET.get("hamlet"))).first()
    if hamlet is not None:
        residents = residents.filter(household__hamlet=hamlet)
    query = request.GET.get("q", "").strip()
    if query:
        residents = residents.search(query)
    can_manage = can_manage_mentors(request.user) and can_manage_ward(request.user, ward)
    mentor = None
    if can_manage and request.GET.get("mentor"):
        mentor = (
            mentors_with_load(
                Mentor.objects.manageable_by(request.user).filter(ward=ward, is_active=True)
            )
            .filter(pk=_id(request.GET.get("mentor")))
            .first()
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "mentors/unassigned.html",
        {
            "ward": ward,
            "page": paginate(request, residents.order_by("name_folded", "pk")),
            "hamlets": Hamlet.objects.filter(ward=ward).order_by("name"),
            "hamlet": hamlet,
            "everyone": everyone,
            "q": query,
            "mentor": mentor,
            "can_manage": can_manage,
            "query": params.urlencode(),
        },
    )


def _id(value) -> int | None:
    return parse_id(value)
