"""Resident pages: list with accent-insensitive search, detail, create, edit, move, consent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from literacy.accounts.scope import get_manageable_or_404, get_visible_or_404
from literacy.idempotency.views import idempotent_form
from literacy.ids import is_plain_number
from literacy.service_errors import add_service_errors

from .. import services
from ..forms import ConsentForm, ResidentForm, ResidentMoveForm
from ..models import Household, Resident
from ..permissions import (
    can_manage_rosters,
    roster_manager_required,
    roster_reader_required,
    shows_sensitive,
)
from ..reveal import cccd_shown
from ..selectors import filtered, resident_filterset
from ..services import RESIDENT_EDITABLE_FIELDS
from .common import paginate, query_without_page, sees_several_wards

#: A name search is counted exactly up to 20 pages; beyond, the page says "about" how many (a
#: common family name matches a third of a ward, and counting them all cost more than the page).
SEARCH_EXACT_COUNT_LIMIT = 1_000


@roster_reader_required
def resident_list(request: HttpRequest) -> HttpResponse:
    filterset = resident_filterset(request=request)
    residents = filtered(filterset)
    # Ids first: the name search is then tested on the name indexes' entries, not on every
    # resident's row the scan passes before it has found a page of matches; a search is read
    # and counted as its two parts (``households.models.NameSearch``).
    search = residents.search_in_name_order(request.GET.get("q", ""))
    page = paginate(
        request,
        residents,
        ids_first=True,
        ids=search.ids if search else None,
        counted=search.counted if search else None,
        exact_limit=SEARCH_EXACT_COUNT_LIMIT if search else None,
    )
    return render(
        request,
        "households/resident_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "sensitive": shows_sensitive(request.user),
            "can_manage": can_manage_rosters(request.user),
            "show_ward": sees_several_wards(request.user),
        },
    )


@roster_reader_required
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Resident.objects.select_related("ward", "household__hamlet", "consent_by")
    resident = get_visible_or_404(queryset, request.user, pk=pk)
    can_edit = Resident.objects.manageable_by(request.user).filter(pk=pk).exists()
    cccd = cccd_shown(resident=resident, by=request.user, full=can_edit)
    return render(
        request,
        "households/resident_detail.html",
        {"resident": resident, "can_edit": can_edit, "cccd": cccd},
    )


def _initial_household(request) -> dict:
    """Pre-fill the household when coming from a household page (``?household=<id>``)."""
    household_id = request.GET.get("household", "")
    if not is_plain_number(household_id):
        return {}
    household = Household.objects.manageable_by(request.user).filter(pk=household_id).first()
    if household is None:
        return {}
    return {"ward": household.ward_id, "household_code": household.code}


@roster_manager_required
@require_http_methods(["GET", "POST"])
@idempotent_form
def resident_create(request: HttpRequest) -> HttpResponse:
    form = ResidentForm(
        request.POST or None, user=request.user, creating=True, initial=_initial_household(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in RESIDENT_EDITABLE_FIELDS}
        try:
            resident = services.resident_create(
                by=request.user, ward=data["ward"], household=form.household, **fields
            )
            if data["consent_given"]:
                services.resident_consent_record(
                    by=request.user, resident=resident, purpose=data["consent_purpose"]
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": resident.full_name})
            return redirect("households:resident_detail", pk=resident.pk)
    return render(request, "households/resident_form.html", {"form": form, "creating": True})


@roster_manager_required
@require_http_methods(["GET", "POST"])
def resident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_manageable_or_404(Resident.objects.all(), request.user, pk=pk)
    form = ResidentForm(request.POST or None, instance=resident, user=request.user, creating=False)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in RESIDENT_EDITABLE_FIELDS}
        fresh = Resident.objects.get(pk=pk)  # the form changed ``resident`` while validating
        try:
            services.resident_update(by=request.user, resident=fresh, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("households:resident_detail", pk=pk)
    return render(
        request,
        "households/resident_form.html",
        {"form": form, "creating": False, "resident": Resident.objects.get(pk=pk)},
    )


@roster_manager_required
@require_http_methods(["GET", "POST"])
def resident_move(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Resident.objects.select_related("household__hamlet")
    resident = get_manageable_or_404(queryset, request.user, pk=pk)
    form = ResidentMoveForm(
        request.POST or None, user=request.user, initial={"ward": resident.ward_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_move(by=request.user, resident=resident, household=form.household)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s now belongs to household %(code)s.")
                % {"name": resident.full_name, "code": form.household.code},
            )
            return redirect("households:resident_detail", pk=pk)
    return render(request, "households/resident_move.html", {"form": form, "resident": resident})


@roster_manager_required
@require_http_methods(["GET", "POST"])
def resident_consent(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_manageable_or_404(Resident.objects.all(), request.user, pk=pk)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        services.resident_consent_withdraw(by=request.user, resident=resident)
        messages.success(request, _("The consent was withdrawn."))
        return redirect("households:resident_detail", pk=pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_consent_record(
                by=request.user, resident=resident, purpose=form.cleaned_data["consent_purpose"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("households:resident_detail", pk=pk)
    return render(request, "households/resident_consent.html", {"form": form, "resident": resident})
