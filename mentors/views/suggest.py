"""Suggest assignments for a ward: propose, let the official review and edit, confirm at once.

GET shows the proposal (the head of it: the quota fills come first) as a form, one row per
adult with the proposed mentor preselected; the official may pick another mentor or leave a
row out. POST applies the rows kept in one transaction (``assignments_apply``, every
assignment audited); if anything is wrong (a mentor over the cap, someone assigned meanwhile)
nothing is applied and the form comes back with the reason.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from households.models import Resident
from literacy.ids import is_plain_number, parse_id

from ..forms import SuggestForm
from ..matching import DEFAULT_CAP, Proposal, suggest_assignments
from ..models import Mentor
from ..permissions import mentors_manager_required
from ..services.assignments import Pair, assignments_apply
from .common import ward_managed

#: Three form fields a row: 250 rows stay under Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (1000).
MAX_ROWS = 250


def _mentor_choices(ward) -> list[tuple[int, str, int]]:
    return list(
        Mentor.objects.filter(ward=ward, is_active=True)
        .annotate(load=Count("assignments", filter=Q(assignments__ends_at__isnull=True)))
        .order_by("full_name", "pk")
        .values_list("pk", "full_name", "load")
    )


def _posted_pairs(request, mentor_ids: set[int]) -> list[Pair]:
    pairs = []
    for mentee in request.POST.getlist("mentee"):
        mentor = request.POST.get(f"mentor-{mentee}", "")
        if not (is_plain_number(mentee) and is_plain_number(mentor)):
            continue
        if request.POST.get(f"keep-{mentee}") and int(mentor) in mentor_ids:
            pairs.append(Pair(int(mentor), int(mentee)))
    return pairs


def _posted_proposal(request, mentee: str, reasons: dict) -> Proposal:
    mentor = request.POST.get(f"mentor-{mentee}", "")
    mentor_id = parse_id(mentor) or 0
    return Proposal(mentor_id, int(mentee), reasons.get((mentor_id, int(mentee)), ""))


def _over_cap(pairs: list[Pair], loads: dict[int, int], cap: int) -> list[int]:
    added = Counter(p.mentor_id for p in pairs)
    return [pk for pk, n in added.items() if loads.get(pk, 0) + n > cap]


@mentors_manager_required
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, ward_pk: int) -> HttpResponse:
    ward = ward_managed(request, ward_pk)
    form = SuggestForm(request.GET or None, initial={"cap": DEFAULT_CAP, "limit": 100})
    cap, limit = DEFAULT_CAP, 100
    if form.is_valid():
        cap, limit = form.cleaned_data["cap"], form.cleaned_data["limit"]
    choices = _mentor_choices(ward)
    names = {pk: name for pk, name, _load in choices}
    loads = {pk: load for pk, _name, load in choices}
    error = None
    if request.method == "POST":
        pairs = _posted_pairs(request, set(names))
        over = _over_cap(pairs, loads, cap)
        if not pairs:
            error = _("No row was kept: nothing to confirm.")
        elif over:
            error = _("More than %(cap)s mentees for: %(names)s. Change or leave out rows.") % {
                "cap": cap,
                "names": ", ".join(names[pk] for pk in over),
            }
        else:
            try:
                created = assignments_apply(
                    by=request.user, pairs=pairs, ward_id=ward.pk, replace=False
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request, _("%(count)s adults now have a mentor.") % {"count": len(created)}
                )
                return redirect("mentors:ward_detail", ward_pk=ward.pk)
    proposals = suggest_assignments(ward_id=ward.pk, cap=cap)
    if error:  # the official's own rows again, with their edits
        reasons = {(p.mentor_id, p.mentee_id): p.reason for p in proposals}
        shown = [
            (_posted_proposal(request, mentee, reasons), bool(request.POST.get(f"keep-{mentee}")))
            for mentee in request.POST.getlist("mentee")[:MAX_ROWS]
            if is_plain_number(mentee)
        ]
    else:
        shown = [(p, True) for p in proposals[:limit]]
    people = (
        Resident.objects.filter(ward=ward)
        .select_related("household__hamlet")
        .in_bulk([p.mentee_id for p, _keep in shown])
    )
    rows = [(p, people[p.mentee_id], keep) for p, keep in shown if p.mentee_id in people]
    return render(
        request,
        "mentors/suggest.html",
        {
            "ward": ward,
            "form": form,
            "rows": rows,
            "total": len(proposals),
            "choices": choices,
            "cap": cap,
            "error": error,
            "query": request.GET.urlencode(),
        },
        status=400 if error else 200,
    )
