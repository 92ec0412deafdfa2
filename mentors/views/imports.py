"""Register mentors from a spreadsheet: upload, then either the sign-in cards or the errors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from households.importing.readers import megabytes

from ..forms import MentorImportForm
from ..importing import COLUMNS, MAX_ROWS, mentors_import, template_csv
from ..permissions import mentors_manager_required
from .common import ward_managed


@mentors_manager_required
@require_http_methods(["GET", "POST"])
def mentor_import(request: HttpRequest, ward_pk: int) -> HttpResponse:
    ward = ward_managed(request, ward_pk)
    form = MentorImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        result = mentors_import(by=request.user, ward=ward, file=form.cleaned_data["file"])
        if result.report.ok:
            messages.success(
                request,
                _("%(count)s mentors are registered. Print their sign-in cards now: the codes "
                  "are shown only once.") % {"count": len(result.cards)},
            )  # fmt: skip
            return render(
                request, "mentors/signin_cards.html", {"cards": result.cards, "ward": ward}
            )
        report = result.report
    return render(
        request,
        "mentors/import.html",
        {
            "ward": ward,
            "form": form,
            "report": report,
            "columns": COLUMNS,
            "max_rows": MAX_ROWS,
            "max_mb": megabytes(settings.IMPORT_MAX_UPLOAD_BYTES),
        },
    )


@mentors_manager_required
@require_GET
def mentor_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-dai-su-so.csv"'
    return response
