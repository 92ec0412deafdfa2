"""Writes to the lesson catalogue: create, edit, reorder, retire, restore, load the curriculum.

Views, forms, the API and commands call these; each is atomic and audited. Whenever the set of
active core lessons changes (a core lesson created, retired or restored, a lesson moved into or
out of the core track) everyone's trained flag is recomputed set-based once the change commits, on
a Celery worker (docs/programme.md: trained = every active core lesson completed). Retiring never
deletes anything: completions stay (the foreign key protects them) and the lesson stops counting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lessons.curriculum import CURRICULUM, CurriculumLesson
from lessons.models import Lesson, Track
from lessons.services.training import residents_training_refresh_later
from literacy.audit.models import AuditAction
from literacy.audit.services import audit_record
from literacy.audit.summaries import summary_text

#: Fields staff edit as plain values (files go through ``FILE_FIELDS``).
EDITABLE_FIELDS = (
    "code",
    "title_vi",
    "title_en",
    "summary_vi",
    "summary_en",
    "skill",
    "skill_en",
    "track",
    "duration_minutes",
    "video_url",
)
FILE_FIELDS = ("video", "captions", "thumbnail")
#: Text a reload of the curriculum may overwrite (``load_curriculum --update``).
CURRICULUM_TEXT_FIELDS = (
    "title_vi",
    "title_en",
    "summary_vi",
    "summary_en",
    "skill",
    "skill_en",
    "track",
)


def lesson_snapshot(lesson: Lesson) -> dict:
    """The lesson as the audit log keeps it (file fields by stored name)."""
    data = {field: getattr(lesson, field) for field in EDITABLE_FIELDS}
    data.update({field: getattr(lesson, field).name or "" for field in FILE_FIELDS})
    data.update(order=lesson.order, is_active=lesson.is_active)
    return data


def _counts_toward_trained(lesson: Lesson) -> bool:
    return lesson.is_active and lesson.track == Track.CORE


def _next_order(track: str) -> int:
    """Place a lesson at the end of its track."""
    highest = Lesson.objects.filter(track=track).aggregate(top=Max("order"))["top"]
    return (highest or 0) + 1


def _audit(*, by, action: str, lesson: Lesson, summary: str, before=None, after=None) -> None:
    audit_record(
        actor=by,
        action=action,
        object_type="lesson",
        object_id=lesson.pk,
        summary=summary,
        before=before,
        after=after,
    )


def _lesson_create(*, by, order: int | None = None, files=None, **fields: Any) -> Lesson:
    lesson = Lesson(**fields)
    lesson.order = order if order is not None else _next_order(lesson.track)
    for name, value in (files or {}).items():
        Lesson._meta.get_field(name).save_form_data(lesson, value)
    lesson.full_clean()
    lesson.save()
    _audit(
        by=by,
        action=AuditAction.CREATE,
        lesson=lesson,
        summary=f"{lesson.code}: {lesson.title_vi}",
        after=lesson_snapshot(lesson),
    )
    return lesson


@transaction.atomic
def lesson_create(
    *,
    by,
    code: str,
    title_vi: str,
    title_en: str,
    summary_vi: str = "",
    summary_en: str = "",
    skill: str = "",
    skill_en: str = "",
    track: str = Track.CORE,
    duration_minutes: int = 30,
    video_url: str = "",
    video=None,
    captions=None,
    thumbnail=None,
    order: int | None = None,
) -> Lesson:
    """Add a lesson at the end of its track; a new core lesson changes who is trained."""
    files = {
        name: value
        for name, value in (("video", video), ("captions", captions), ("thumbnail", thumbnail))
        if value
    }
    lesson = _lesson_create(
        by=by,
        order=order,
        files=files,
        code=code,
        title_vi=title_vi,
        title_en=title_en,
        summary_vi=summary_vi,
        summary_en=summary_en,
        skill=skill,
        skill_en=skill_en,
        track=track,
        duration_minutes=duration_minutes,
        video_url=video_url,
    )
    if _counts_toward_trained(lesson):
        residents_training_refresh_later()
    return lesson


def _lesson_update(*, lesson: Lesson, by, changes: Mapping[str, Any]) -> tuple[Lesson, bool]:
    """Apply and audit ``changes``; also return whether the lesson's counting toward trained
    changed (the caller refreshes training: once per lesson, or once per curriculum load)."""
    unknown = set(changes) - set(EDITABLE_FIELDS) - set(FILE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    before = lesson_snapshot(lesson)
    counted_before = _counts_toward_trained(lesson)
    for name, value in changes.items():
        if name in FILE_FIELDS:
            Lesson._meta.get_field(name).save_form_data(lesson, value)
        else:
            setattr(lesson, name, value)
    if lesson.track != before["track"]:
        lesson.order = _next_order(lesson.track)
    lesson.full_clean()
    lesson.save()
    after = lesson_snapshot(lesson)
    if after != before:
        _audit(
            by=by,
            action=AuditAction.UPDATE,
            lesson=lesson,
            summary=f"{lesson.code}: {lesson.title_vi}",
            before=before,
            after=after,
        )
    return lesson, _counts_toward_trained(lesson) != counted_before


@transaction.atomic
def lesson_update(*, lesson: Lesson, by, changes: Mapping[str, Any]) -> Lesson:
    """Apply ``changes`` (editable fields; for files an upload, or ``False`` to clear).

    Moving a lesson into or out of the core track changes who is trained.
    """
    lesson, counting_changed = _lesson_update(lesson=lesson, by=by, changes=changes)
    if counting_changed:
        residents_training_refresh_later()
    return lesson


@transaction.atomic
def lesson_move(*, lesson: Lesson, by, direction: Literal["up", "down"]) -> bool:
    """Swap the lesson with its neighbour in its track; return False at either end.

    The track's active lessons are renumbered 1…n so that equal or sparse ``order`` values
    (hand edits, old data) never make a move silently do nothing.
    """
    if direction not in ("up", "down"):
        raise ValueError(f"Unknown direction: {direction}")
    siblings = list(
        Lesson.objects.select_for_update()
        .filter(track=lesson.track, is_active=True)
        .order_by("order", "code")
    )
    ids = [sibling.pk for sibling in siblings]
    if lesson.pk not in ids:
        return False
    index = ids.index(lesson.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        return False
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.order = position
    Lesson.objects.bulk_update(siblings, ["order"])
    _audit(
        by=by,
        action=AuditAction.UPDATE,
        lesson=lesson,
        summary=summary_text(
            _("%(code)s: moved up") if direction == "up" else _("%(code)s: moved down"),
            code=lesson.code,
        ),
        before={"position": index + 1},
        after={"position": target + 1},
    )
    return True


@transaction.atomic
def lesson_retire(*, lesson: Lesson, by) -> Lesson:
    """Take the lesson out of the catalogue; its completions stay, it stops counting."""
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if not lesson.is_active:
        return lesson
    counted_before = _counts_toward_trained(lesson)
    lesson.is_active = False
    lesson.retired_at = timezone.now()
    lesson.save(update_fields=["is_active", "retired_at", "updated_at"])
    _audit(
        by=by,
        action=AuditAction.UPDATE,
        lesson=lesson,
        summary=summary_text(_("%(code)s: retired"), code=lesson.code),
        before={"is_active": True},
        after={"is_active": False, "retired_at": lesson.retired_at.isoformat()},
    )
    if counted_before:
        residents_training_refresh_later()
    return lesson


@transaction.atomic
def lesson_restore(*, lesson: Lesson, by) -> Lesson:
    """Bring a retired lesson back at the end of its track; a core lesson counts again."""
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if lesson.is_active:
        return lesson
    lesson.is_active = True
    lesson.retired_at = None
    lesson.order = _next_order(lesson.track)
    lesson.save(update_fields=["is_active", "retired_at", "order", "updated_at"])
    _audit(
        by=by,
        action=AuditAction.UPDATE,
        lesson=lesson,
        summary=summary_text(_("%(code)s: restored"), code=lesson.code),
        before={"is_active": False},
        after={"is_active": True},
    )
    if _counts_toward_trained(lesson):
        residents_training_refresh_later()
    return lesson


@dataclass(frozen=True)
class CurriculumLoadResult:
    created: int
    updated: int
    unchanged: int


def _curriculum_fields(item: CurriculumLesson) -> dict:
    return {field: getattr(item, field) for field in CURRICULUM_TEXT_FIELDS}


@transaction.atomic
def curriculum_load(
    *, by=None, curriculum: tuple[CurriculumLesson, ...] = CURRICULUM, update: bool = False
) -> CurriculumLoadResult:
    """Put the curriculum in the catalogue, matched by code (loading twice changes nothing).

    Lessons already there keep the staff's edits, order and retirement unless ``update`` asks
    to overwrite their text and track from the data. Training is recomputed once at the end.
    """
    existing = {lesson.code: lesson for lesson in Lesson.objects.select_for_update()}
    core_before = set(Lesson.objects.core().values_list("pk", flat=True))
    created = updated = unchanged = 0
    for item in curriculum:
        lesson = existing.get(item.code)
        if lesson is None:
            _lesson_create(by=by, code=item.code, **_curriculum_fields(item))
            created += 1
            continue
        fields = _curriculum_fields(item)
        if not update or all(getattr(lesson, k) == v for k, v in fields.items()):
            unchanged += 1
            continue
        _lesson_update(lesson=lesson, by=by, changes=fields)
        updated += 1
    if set(Lesson.objects.core().values_list("pk", flat=True)) != core_before:
        residents_training_refresh_later()
    return CurriculumLoadResult(created=created, updated=updated, unchanged=unchanged)
