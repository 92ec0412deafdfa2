"""Hamlet pages: ward officials list, create and rename the hamlets of their wards; provincial
staff may read the list. Mentors and team leads have no use for it."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from literacy.accounts.access import role_required
from literacy.accounts.roles import Role
from literacy.accounts.scope import get_manageable_or_404, is_active_user
from literacy.idempotency.views import idempotent_form
from literacy.paging import paginate

from .forms import HamletForm
from .models import Hamlet
from .selectors import hamlets_with_household_counts, visible_hamlets
from .services import hamlet_create, hamlet_rename


def can_read_hamlets(user) -> bool:
    return is_active_user(user) and (
        user.is_superuser or user.role in (Role.PROVINCIAL, Role.WARD_OFFICIAL)
    )


def can_manage_hamlets(user) -> bool:
    return is_active_user(user) and (user.is_superuser or user.role == Role.WARD_OFFICIAL)


@role_required(can_read_hamlets)
def hamlet_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, visible_hamlets(user=request.user), 100)
    page.object_list = hamlets_with_household_counts(user=request.user, hamlets=page.object_list)
    return render(
        request,
        "areas/hamlet_list.html",
        {"page": page, "can_manage": can_manage_hamlets(request.user)},
    )


@role_required(can_manage_hamlets)
@require_http_methods(["GET", "POST"])
@idempotent_form
def hamlet_new(request: HttpRequest) -> HttpResponse:
    form = HamletForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hamlet = hamlet_create(
                by=request.user,
                ward=data["ward"],
                name=data["name"],
                hamlet_type=data["hamlet_type"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Hamlet %(name)s was created.") % {"name": hamlet.name})
            return redirect("areas:hamlet_list")
    return render(request, "areas/hamlet_form.html", {"form": form, "creating": True})


@role_required(can_manage_hamlets)
@require_http_methods(["GET", "POST"])
def hamlet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hamlet = get_manageable_or_404(Hamlet.objects.all(), request.user, pk=pk)
    # Validation writes the posted values onto the form's instance: give it a copy, so
    # ``hamlet`` keeps the stored name (for the audit's "before" and the page title).
    form = HamletForm(request.POST or None, instance=copy.copy(hamlet), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            hamlet_rename(
                by=request.user,
                hamlet=hamlet,
                name=form.cleaned_data["name"],
                hamlet_type=form.cleaned_data["hamlet_type"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            hamlet.refresh_from_db()  # the service set the refused name before its full_clean
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("areas:hamlet_list")
    return render(
        request,
        "areas/hamlet_form.html",
        {"form": form, "creating": False, "hamlet": hamlet},
    )
