"""A resident's progress: each lesson completed (when, how, by whom) and whether trained."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from households.models import Resident
from lessons.models import Track
from lessons.selectors.catalogue import group_by_track
from lessons.selectors.classes import resident_progress
from literacy.accounts.scope import get_visible_or_404


@login_required
def resident_progress_page(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_visible_or_404(
        Resident.objects.select_related("household__hamlet", "ward"), request.user, pk=pk
    )
    rows = resident_progress(resident)
    core = [row for row in rows if row["lesson"].track == Track.CORE and row["lesson"].is_active]
    return render(
        request,
        "lessons/classes/progress.html",
        {
            "resident": resident,
            "rows": rows,
            "groups": group_by_track(rows, track_of=lambda row: row["lesson"].track),
            "core_total": len(core),
            "core_done": sum(1 for row in core if row["completion"]),
            # What is left for "trained": the active core lessons not completed yet.
            "core_left": [row["lesson"] for row in core if not row["completion"]],
            "done": sum(1 for row in rows if row["completion"]),
        },
    )
