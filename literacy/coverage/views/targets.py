"""Provincial staff edit the programme target, its deadline and ward overrides."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from literacy.areas.models import Ward

from ..forms import TargetForm
from ..models import ProgrammeTarget, WardTarget
from ..permissions import targets_required
from ..services import target_update, ward_target_set


@targets_required
def targets(request: HttpRequest) -> HttpResponse:
    current = ProgrammeTarget.current()
    wards = Ward.objects.visible_to(request.user).order_by("name")
    overrides = dict(WardTarget.objects.values_list("ward_id", "trained_adults"))
    initial = {"trained_adults": current.trained_adults, "deadline": current.deadline}
    form = TargetForm(request.POST or None, initial=initial, wards=wards, overrides=overrides)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            target_update(
                by=request.user,
                trained_adults=form.cleaned_data["trained_adults"],
                deadline=form.cleaned_data["deadline"],
            )
            for ward in form.wards:
                value = form.cleaned_data.get(TargetForm.ward_field(ward))
                if value != overrides.get(ward.pk):
                    ward_target_set(by=request.user, ward=ward, trained_adults=value)
        messages.success(request, _("Targets saved."))
        return redirect("coverage:targets")
    return render(request, "coverage/targets.html", {"form": form, "current": current})
