"""Browse and export the audit log (provincial staff only; nobody edits it)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from literacy.paging import paginate
from literacy.spreadsheets import csv_response, dated_filename

from .forms import AuditFilterForm
from .models import AuditAction, AuditEvent
from .services import audit_record


def _events_for(request: HttpRequest):
    if not request.user.is_provincial:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, user=request.user)
    events = form.filter(AuditEvent.objects.visible_to(request.user))
    return form, events.select_related("actor", "ward")


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _events_for(request)
    page = paginate(request, events, 100)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _rows(events):
    yield [
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
    for event in events.iterator(chunk_size=2000):
        yield [
            event.at,
            event.actor.get_username()
            if event.actor
            else (f"#{event.actor_id}" if event.actor_id else ""),
            event.ward.code if event.ward else "",
            event.ward.name if event.ward else "",
            event.action,
            event.object_type,
            event.object_id,
            event.summary,
            json.dumps(event.before, ensure_ascii=False) if event.before else "",
            json.dumps(event.after, ensure_ascii=False) if event.after else "",
        ]


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
    return csv_response(filename=dated_filename("audit", "csv"), rows=_rows(events))
