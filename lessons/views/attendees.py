"""Small JSON endpoints behind the class form's attendee and facilitator pickers (tablet,
search-as-you-type).

All of them answer only with residents (or, for facilitators, accounts) of the wards the user
manages (through ``visible_to``/``manageable_by``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from lessons.forms.classes import AttendeeCreateForm
from lessons.selectors.classes import (
    attendee_lookalikes,
    attendee_search,
    facilitator_search,
    hamlet_roster_page,
    household_label,
    households_for_logging,
)
from lessons.services.attendees import attendee_register
from literacy.accounts.scope import get_manageable_or_404
from literacy.areas.models import Hamlet
from literacy.idempotency.views import idempotent_form
from literacy.ids import parse_id


def _row(resident) -> dict:
    hamlet = resident.household.hamlet.name if resident.household_id else ""
    return {"id": resident.pk, "name": resident.full_name, "hamlet": hamlet}


@login_required
@require_GET
def attendee_search_json(request: HttpRequest) -> JsonResponse:
    """Residents whose name matches ``q`` without accents ('hoa' finds 'Hòa'), in ``ward``."""
    query = request.GET.get("q", "")
    ward_id = request.GET.get("ward")
    residents = attendee_search(request.user, query=query, ward_id=parse_id(ward_id))
    results = [_row(r) for r in residents] if len(query.strip()) >= 2 else []
    return JsonResponse({"results": results})


@login_required
@require_GET
def facilitator_search_json(request: HttpRequest) -> JsonResponse:
    """Officials and mentors the user may name as facilitators whose name matches ``q``
    without accents: the class form lists only those ticked, and finds the others here."""
    people = facilitator_search(request.user, query=request.GET.get("q", ""))
    return JsonResponse(
        {"results": [{"id": p.pk, "name": p.get_full_name() or p.get_username()} for p in people]}
    )


@login_required
@require_GET
def hamlet_roster_json(request: HttpRequest, hamlet_pk: int) -> JsonResponse:
    """One page of the hamlet's residents for the tick list (``?page=``; ``next`` is the page
    after, or null); ``?households=1``: the hamlet's households instead, for a newcomer (asked
    for only when one is added)."""
    hamlet = get_manageable_or_404(Hamlet.objects.all(), request.user, pk=hamlet_pk)
    if request.GET.get("households"):
        households = households_for_logging(request.user, hamlet.pk)
        return JsonResponse(
            {
                "hamlet": hamlet.pk,
                "households": [{"id": h.pk, "label": household_label(h)} for h in households],
            }
        )
    page = parse_id(request.GET.get("page")) or 1
    residents, has_more = hamlet_roster_page(request.user, hamlet, page=page)
    return JsonResponse(
        {
            "hamlet": hamlet.pk,
            "ward": hamlet.ward_id,
            "results": [
                {"id": r.pk, "name": r.full_name, "folded": r.name_folded} for r in residents
            ],
            "next": page + 1 if has_more else None,
        }
    )


def _lookalike(resident) -> dict:
    born = resident.date_of_birth.strftime("%d/%m/%Y") if resident.date_of_birth else ""
    return {**_row(resident), "born": born}


@login_required
@require_POST
@idempotent_form
def attendee_create_json(request: HttpRequest) -> JsonResponse:
    """Add a person who is not on the roster yet, in the class's ward, without leaving the form.

    Someone of the ward with the same name and birth year may be that person: the answer is then
    409 with those residents, and nothing is added until the official confirms it is someone else.
    The page sends an ``Idempotency-Key`` per person added: a resend after a lost answer gets the
    person added the first time, not a second one."""
    form = AttendeeCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        if "hamlet" in form.errors:
            return JsonResponse({"errors": form.errors}, status=404)
        return JsonResponse({"errors": form.errors}, status=400)
    data = form.cleaned_data
    hamlet = data["hamlet"]
    if not data["confirm_new"]:
        lookalikes = attendee_lookalikes(
            request.user,
            ward_id=hamlet.ward_id,
            full_name=data["full_name"],
            date_of_birth=data["date_of_birth"],
        )
        if lookalikes:
            return JsonResponse({"lookalikes": [_lookalike(r) for r in lookalikes]}, status=409)
    try:
        resident = attendee_register(
            by=request.user,
            hamlet=hamlet,
            full_name=data["full_name"],
            date_of_birth=data["date_of_birth"],
            household=data["household"],
        )
    except ValidationError as exc:
        return JsonResponse({"errors": exc.message_dict}, status=400)
    return JsonResponse(_row(resident), status=201)
