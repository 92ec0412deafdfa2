"""Catalogue pages: anyone watches the lessons (no sign-in); provincial staff manage them."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lessons.forms.catalogue import LessonForm
from lessons.models import Lesson
from lessons.selectors.catalogue import can_manage_catalogue, catalogue_groups
from lessons.services import catalogue as services
from literacy.accounts.scope import get_manageable_or_404
from literacy.service_errors import add_service_errors


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_catalogue(request.user):
        raise PermissionDenied


def lesson_list(request: HttpRequest) -> HttpResponse:
    """The catalogue: active lessons by track, each with its player. Public: no sign-in needed."""
    return render(
        request,
        "lessons/catalogue/list.html",
        {
            "groups": catalogue_groups(user=request.user),
            "can_manage": can_manage_catalogue(request.user),
        },
    )


@login_required
def lesson_manage(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return render(
        request,
        "lessons/catalogue/manage.html",
        {
            "groups": catalogue_groups(user=request.user),
            "retired": [
                lesson
                for group in catalogue_groups(user=request.user, retired=True)
                for lesson in group.lessons
            ],
        },
    )


def _lesson_form(
    request: HttpRequest,
    lesson: Lesson | None,
    save: Callable[[LessonForm], Lesson],
    saved_message: str,
) -> HttpResponse:
    """The add/edit page: ``save(form)`` calls the service; its errors show on the form."""
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, saved_message % {"title": saved.title})
            return redirect("lessons:lesson_manage")
    return render(request, "lessons/catalogue/form.html", {"form": form, "lesson": lesson})


def _managed_lesson(request: HttpRequest, pk: int) -> Lesson:
    _require_manager(request)
    return get_manageable_or_404(Lesson.objects, request.user, pk=pk)


@login_required
def lesson_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return _lesson_form(
        request,
        None,
        lambda form: services.lesson_create(by=request.user, **form.service_kwargs()),
        _("Lesson “%(title)s” added."),
    )


@login_required
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _managed_lesson(request, pk)
    return _lesson_form(
        request,
        lesson,
        lambda form: services.lesson_update(lesson=lesson, by=request.user, changes=form.changes()),
        _("Lesson “%(title)s” saved."),
    )


@login_required
@require_POST
def lesson_move(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _managed_lesson(request, pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.lesson_move(lesson=lesson, by=request.user, direction=direction)
    return redirect(f"{reverse('lessons:lesson_manage')}#lesson-{lesson.pk}")


@login_required
@require_POST
def lesson_retire(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _managed_lesson(request, pk)
    services.lesson_retire(lesson=lesson, by=request.user)
    messages.success(
        request,
        _("Lesson “%(title)s” retired. Residents who completed it keep their record.")
        % {"title": lesson.title},
    )
    return redirect("lessons:lesson_manage")


@login_required
@require_POST
def lesson_restore(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _managed_lesson(request, pk)
    services.lesson_restore(lesson=lesson, by=request.user)
    messages.success(
        request, _("Lesson “%(title)s” is back in the catalogue.") % {"title": lesson.title}
    )
    return redirect("lessons:lesson_manage")
