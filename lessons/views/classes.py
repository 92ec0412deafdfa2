"""Class pages: list, month calendar, detail, log/edit/delete, printable attendance sheet.

Reads start from ``visible_to``; writes from ``manageable_by`` (ward officials, their wards).
Anything out of scope answers 404.
"""

from __future__ import annotations

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Resident
from lessons.filters import ClassSessionFilter
from lessons.forms.classes import ClassForm
from lessons.models import ClassSession
from lessons.selectors.classes import (
    can_log_classes,
    classes_for,
    classes_in_month,
    hamlets_for_logging,
    hamlets_with_classes,
    sheet_rows,
    wards_with_classes,
)
from lessons.services import classes as services
from literacy.accounts.scope import get_manageable_or_404, get_visible_or_404
from literacy.date_fields import YEARS
from literacy.idempotency.views import idempotent_form
from literacy.paging import paginate
from literacy.scoped_choices import filtered
from literacy.service_errors import add_service_errors

PAGE_SIZE = 25
#: Empty lines on the sheet of a class not held yet, for newcomers written in by hand.
SHEET_BLANK_ROWS = 10


def _filters(request: HttpRequest) -> dict:
    """The list's filter (ward, hamlet; choices from the user's scope) and the menus offered."""
    filterset = ClassSessionFilter(
        request.GET or None, queryset=classes_for(request.user), request=request
    )
    chosen = filterset.form.cleaned_data if filterset.is_valid() else {}
    ward, hamlet = chosen.get("ward"), chosen.get("hamlet")
    wards = wards_with_classes(request.user)
    hamlets = hamlets_with_classes(request.user)
    if ward:
        hamlets = hamlets.filter(ward=ward)
    return {
        "classes": filtered(filterset),
        "ward_id": ward.pk if ward else None,
        "hamlet_id": hamlet.pk if hamlet else None,
        "wards": wards.order_by("name"),
        "hamlets": hamlets.select_related("ward").order_by("ward__name", "name"),
        "can_log": can_log_classes(request.user),
    }


@login_required
def class_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    classes = filters.pop("classes").order_by("-starts_at", "-pk")
    page = paginate(request, classes, PAGE_SIZE)
    return render(request, "lessons/classes/list.html", {**filters, "page": page})


def _month(value: str | None) -> datetime.date:
    """``?month=YYYY-MM`` within the years a date may have (``literacy.date_fields.YEARS``),
    else this month: the grid reaches into the months around it."""
    try:
        month = datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        month = None
    if month is None or month.year not in YEARS:
        return timezone.localdate().replace(day=1)
    return month


@login_required
def class_calendar(request: HttpRequest) -> HttpResponse:
    """A month grid (Monday first) with each day's classes; the current month (Vietnam time)
    unless ``?month=YYYY-MM`` asks for another."""
    filters = _filters(request)
    month = _month(request.GET.get("month"))
    scoped = filters.pop("classes")
    classes = list(classes_in_month(scoped, month))
    # An empty month says where the classes are: the latest one, with a link to its month.
    latest = None if classes else scoped.order_by("-starts_at", "-pk").first()
    by_day: dict[datetime.date, list] = {}
    for class_session in classes:
        by_day.setdefault(timezone.localtime(class_session.starts_at).date(), []).append(
            class_session
        )
    weeks = [
        [
            {"date": day, "in_month": day.month == month.month, "classes": by_day.get(day, [])}
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "lessons/classes/calendar.html",
        {
            **filters,
            "month": month,
            "weeks": weeks,
            "previous": previous,
            "following": following,
            "today": timezone.localdate(),
            "latest": latest,
            "month_is_empty": not classes,
            "latest_month": timezone.localtime(latest.starts_at).date() if latest else None,
        },
    )


@login_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    class_session = get_visible_or_404(
        ClassSession.objects.select_related("ward", "hamlet", "created_by"), request.user, pk=pk
    )
    attendees = (
        Resident.objects.visible_to(request.user)
        .filter(attendance__class_session=class_session)
        .select_related("household__hamlet")
    )
    return render(
        request,
        "lessons/classes/detail.html",
        {
            "class_session": class_session,
            "lessons": class_session.lessons.order_by("order", "code"),
            "facilitators": class_session.facilitators.order_by("first_name", "username"),
            "attendees": attendees,
            "can_edit": ClassSession.objects.manageable_by(request.user)
            .filter(pk=class_session.pk)
            .exists(),
        },
    )


def _form_page(
    request, form: ClassForm, class_session: ClassSession | None, duplicates=()
) -> HttpResponse:
    roster = form.roster()
    return render(
        request,
        "lessons/classes/form.html",
        {
            "form": form,
            "class_session": class_session,
            "roster": roster,
            "roster_has_more": form.roster_has_more,
            "duplicates": duplicates,
            "has_hamlets": hamlets_for_logging(request.user).exists(),
        },
    )


@login_required
@idempotent_form
def class_create(request: HttpRequest) -> HttpResponse:
    if not can_log_classes(request.user):
        raise PermissionDenied
    form = ClassForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if duplicates := form.duplicates():
            return _form_page(request, form, None, duplicates)
        try:
            class_session = services.class_create(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            count = class_session.attendance.count()
            messages.success(
                request,
                _("Class saved: %(count)d attendees, completions recorded.") % {"count": count},
            )
            return redirect("lessons:class_detail", pk=class_session.pk)
    return _form_page(request, form, None)


@login_required
def class_edit(request: HttpRequest, pk: int) -> HttpResponse:
    class_session = get_manageable_or_404(ClassSession.objects.all(), request.user, pk=pk)
    form = ClassForm(request.POST or None, user=request.user, instance=class_session)
    if request.method == "POST" and form.is_valid():
        if duplicates := form.duplicates():
            return _form_page(request, form, class_session, duplicates)
        try:
            services.class_update(
                class_session=class_session, by=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Class updated."))
            return redirect("lessons:class_detail", pk=class_session.pk)
    return _form_page(request, form, class_session)


@login_required
def class_delete(request: HttpRequest, pk: int) -> HttpResponse:
    class_session = get_manageable_or_404(
        ClassSession.objects.select_related("hamlet"), request.user, pk=pk
    )
    if request.method == "POST":
        services.class_delete(class_session=class_session, by=request.user)
        messages.success(request, _("Class deleted; the completions only it gave were withdrawn."))
        return redirect("lessons:class_list")
    return render(
        request,
        "lessons/classes/delete.html",
        {"class_session": class_session, "attendee_count": class_session.attendance.count()},
    )


@login_required
def class_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable register. Before the class: the hamlet's residents with empty boxes and blank
    rows for newcomers. Once attendance is recorded: who came is ticked, attendees from other
    hamlets are listed too, and the sheet is a record (no blank rows)."""
    class_session = get_visible_or_404(
        ClassSession.objects.select_related("ward", "hamlet"), request.user, pk=pk
    )
    rows = sheet_rows(request.user, class_session)
    held = any(row.attended for row in rows)
    return render(
        request,
        "lessons/classes/sheet.html",
        {
            "class_session": class_session,
            "lessons": class_session.lessons.order_by("order", "code"),
            "rows": rows,
            "held": held,
            "attended_count": sum(1 for row in rows if row.attended),
            "blank_rows": range(0 if held else SHEET_BLANK_ROWS),
        },
    )
