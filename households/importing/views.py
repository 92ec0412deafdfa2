"""Pages of the roster import: upload, template, result with progress, error list."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from literacy.accounts.roles import Role
from literacy.areas.models import Ward
from literacy.spreadsheets import XLSX_CONTENT_TYPE, csv_response

from .forms import ImportForm
from .jobs import job_for_user, job_start
from .readers import megabytes
from .report import error_rows
from .template import template_csv, template_xlsx

#: Problems listed on the result page; the CSV has up to ``IMPORT_MAX_ERRORS``.
SHOWN_ERRORS = 500


def _require_manager(user) -> None:
    """Only people who manage a ward import into it (ward officials, superusers)."""
    if not Ward.objects.manageable_by(user).exists():
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_manager(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = job_start(
            ward=form.cleaned_data["ward"], by=request.user, file=upload, filename=upload.name
        )
        return redirect("households:import_result", job_id=job.pk)
    max_mb = megabytes(settings.IMPORT_MAX_UPLOAD_BYTES)
    return render(request, "households/import/upload.html", {"form": form, "max_mb": max_mb})


@login_required
@require_GET
def import_template(request):
    """The empty template, XLSX (default) or CSV (?format=csv)."""
    if request.user.role not in (Role.WARD_OFFICIAL, Role.PROVINCIAL) and not (
        request.user.is_superuser
    ):
        raise PermissionDenied
    if request.GET.get("format") == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        name = "mau-danh-sach-cu-dan.csv"
    else:
        response = HttpResponse(template_xlsx(), content_type=XLSX_CONTENT_TYPE)
        name = "mau-danh-sach-cu-dan.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def import_result(request, job_id):
    job = job_for_user(user=request.user, job_id=job_id)
    report = job.report()
    errors = report.errors if report else []
    return render(
        request,
        "households/import/result.html",
        {
            "job": job,
            "report": report,
            "shown_errors": errors[:SHOWN_ERRORS],
            "hidden_errors": max(report.error_count - SHOWN_ERRORS, 0) if report else 0,
            "ward": job.ward,
            "status_url": reverse("households:import_status", kwargs={"job_id": job.pk}),
        },
    )


@login_required
@require_GET
def import_status(request, job_id):
    """Small JSON polled by the progress bar (the job's row without its error list)."""
    job = job_for_user(user=request.user, job_id=job_id, with_errors=False)
    total = job.total or 0
    percent = 100 if job.is_finished else (int(job.done * 100 / total) if total else 0)
    return JsonResponse(
        {
            "state": job.status,
            "done": job.done,
            "total": job.total,
            "percent": min(percent, 100),
            "finished": job.is_finished,
        }
    )


@login_required
@require_GET
def import_errors(request, job_id):
    """The listed problems as CSV (line, column, problem), then the count of each kind."""
    job = job_for_user(user=request.user, job_id=job_id)
    report = job.report()
    if report is None:
        return HttpResponse(_("The import is still running."), status=409)
    rows = error_rows(report.errors, report.error_kinds, report.unlisted_errors)
    return csv_response(filename="loi-nhap-danh-sach.csv", rows=rows)
