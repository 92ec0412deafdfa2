"""Browse and export the audit log (provincial staff only; nobody edits it)."""

from __future__ import annotations

import csv
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import AuditFilterForm
from .models import AuditAction, AuditEvent
from .services import audit_record

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _events_for(request: HttpRequest):
    if not request.user.is_provincial:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, user=request.user)
    events = form.filter(AuditEvent.objects.visible_to(request.user))
    return form, events.select_related("actor", "ward")


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _events_for(request)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _cell(value) -> str:
    """Text for a CSV cell; a leading formula character is neutralised (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def _rows(events):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the Vietnamese text as UTF-8
    yield writer.writerow(
        [
            _("When"),
            _("Who"),
            _("Ward code"),
            _("Ward/commune"),
            _("Action"),
            _("Object type"),
            _("Object id"),
            _("What"),
            _("Before"),
            _("After"),
        ]
    )
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                _cell(timezone.localtime(event.at).isoformat(timespec="seconds")),
                _cell(
                    event.actor.get_username()
                    if event.actor
                    else (f"#{event.actor_id}" if event.actor_id else "")
                ),
                _cell(event.ward.code if event.ward else ""),
                _cell(event.ward.name if event.ward else ""),
                _cell(event.action),
                _cell(event.object_type),
                _cell(event.object_id),
                _cell(event.summary),
                _cell(json.dumps(event.before, ensure_ascii=False) if event.before else ""),
                _cell(json.dumps(event.after, ensure_ascii=False) if event.after else ""),
            ]
        )


@login_required
def event_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered log as CSV (UTF-8). The export itself is logged."""
    form, events = _events_for(request)
    logged = audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="audit_export",
        object_id="",
        summary=f"audit log exported ({request.GET.urlencode()})"[:200],
    )
    events = events.exclude(pk=logged.pk)
    response = StreamingHttpResponse(_rows(events), content_type="text/csv; charset=utf-8")
    filename = f"audit-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
