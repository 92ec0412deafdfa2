"""Household pages: list, detail (members, who is trained, Digital Family badge), create, edit."""

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
from ..forms import HouseholdForm
from ..models import Household
from ..permissions import can_manage_rosters, roster_manager_required, roster_reader_required
from ..selectors import filtered, household_filterset, household_members
from .common import paginate, query_without_page, sees_several_wards


@roster_reader_required
def household_list(request: HttpRequest) -> HttpResponse:
    filterset = household_filterset(request=request)
    # Ids first: the first hamlet's households are then sorted as (code, id) pairs read off
    # the (hamlet, code) index, and only the page's fifty are read whole.
    page = paginate(request, filtered(filterset), ids_first=True)
    return render(
        request,
        "households/household_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "can_manage": can_manage_rosters(request.user),
            "show_ward": sees_several_wards(request.user),
        },
    )


@roster_reader_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Household.objects.select_related("ward", "hamlet", "head")
    household = get_visible_or_404(queryset, request.user, pk=pk)
    can_edit = Household.objects.manageable_by(request.user).filter(pk=pk).exists()
    return render(
        request,
        "households/household_detail.html",
        {
            "household": household,
            "members": household_members(household=household),
            "can_edit": can_edit,
        },
    )


@roster_manager_required
@require_http_methods(["GET", "POST"])
@idempotent_form
def household_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if is_plain_number(request.GET.get("hamlet", "")):
        initial["hamlet"] = request.GET["hamlet"]
    form = HouseholdForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household = services.household_create(
                by=request.user, hamlet=data["hamlet"], code=data["code"], address=data["address"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Household %(code)s was created.") % {"code": household.code}
            )
            return redirect("households:household_detail", pk=household.pk)
    return render(request, "households/household_form.html", {"form": form, "creating": True})


@roster_manager_required
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_manageable_or_404(Household.objects.all(), request.user, pk=pk)
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = Household.objects.get(pk=pk)  # the form changed ``household`` while validating
        fields = {name: form.cleaned_data[name] for name in ("hamlet", "code", "address", "head")}
        try:
            services.household_update(by=request.user, household=fresh, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("households:household_detail", pk=pk)
    return render(
        request,
        "households/household_form.html",
        {"form": form, "creating": False, "household": Household.objects.get(pk=pk)},
    )
