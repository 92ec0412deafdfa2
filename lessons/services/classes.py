"""Log, edit and delete classes; each write keeps completions in step (see ``completions``).

Saving a class records a completion for every attendee × lesson (existing ones untouched).
Editing it re-points or withdraws exactly the completions this class alone gave; deleting it
does the same for all of them. Callers (views, API) have already checked the user's scope on the
hamlet and the ids; these functions check that the pieces fit together (one ward, active lessons).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Resident
from literacy.areas.models import Hamlet
from literacy.audit.models import AuditAction
from literacy.audit.services import audit_record

from ..models import Attendance, ClassSession, Completion, CompletionSource, Lesson
from ..selectors.classes import facilitators_for
from .completions import completions_record, completions_resolve, completions_unsupported_by

#: Attendees can be recorded for a class that starts at most this far in the future (clock skew
#: between a tablet and the server); a class planned further ahead is logged without attendees.
ATTENDANCE_FUTURE_TOLERANCE = datetime.timedelta(hours=1)


def _ids(items: Iterable) -> list[int]:
    return sorted({int(getattr(item, "pk", item)) for item in items})


def class_snapshot(class_session: ClassSession) -> dict:
    return {
        "hamlet_id": class_session.hamlet_id,
        "starts_at": class_session.starts_at.isoformat(),
        "venue": class_session.venue,
        "lesson_ids": _ids(class_session.lessons.all()),
        "facilitator_ids": _ids(class_session.facilitators.all()),
        "attendee_ids": _ids(
            Attendance.objects.filter(class_session=class_session).values_list(
                "resident_id", flat=True
            )
        ),
        "notes": class_session.notes,
    }


def _validate(
    *,
    class_session: ClassSession,
    lesson_ids: list[int],
    attendee_ids: list[int],
    facilitator_ids: list[int],
) -> None:
    """Raise a ValidationError (field → message) when the pieces do not fit together."""
    errors: dict[str, str] = {}
    try:
        class_session.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        errors.update({k: " ".join(v) for k, v in exc.message_dict.items()})
    ward_id = class_session.hamlet.ward_id if class_session.hamlet_id else None
    already = set()
    if class_session.pk:
        already = set(class_session.lessons.values_list("pk", flat=True))
    if not lesson_ids:
        errors["lessons"] = _("Choose at least one lesson the class covered.")
    elif Lesson.objects.filter(pk__in=set(lesson_ids) - already, is_active=False).exists() or (
        Lesson.objects.filter(pk__in=lesson_ids).count() != len(lesson_ids)
    ):
        errors["lessons"] = _("A retired or unknown lesson cannot be added to a class.")
    if attendee_ids:
        if Resident.objects.filter(pk__in=attendee_ids, ward_id=ward_id).count() != len(
            attendee_ids
        ):
            errors["attendees"] = _("Every attendee must be a resident of the class's ward.")
        elif class_session.starts_at and (
            class_session.starts_at > timezone.now() + ATTENDANCE_FUTURE_TOLERANCE
        ):
            errors["attendees"] = _(
                "This class is in the future: record who came once it has taken place."
            )
    if facilitator_ids and (
        facilitators_for(ward_id).filter(pk__in=facilitator_ids).count() != len(facilitator_ids)
    ):
        errors["facilitators"] = _(
            "Facilitators must be active officials or mentors of the class's ward."
        )
    if errors:
        raise ValidationError(errors)


def _save(
    class_session: ClassSession,
    *,
    lessons: Iterable[Lesson | int],
    attendees: Iterable[Resident | int],
    facilitators: Iterable,
) -> tuple[list[int], list[int]]:
    """Validate and save the class with its lessons, facilitators and attendance.

    Return the lesson and attendee ids (for the completions the caller records).
    """
    lesson_ids, attendee_ids, facilitator_ids = _ids(lessons), _ids(attendees), _ids(facilitators)
    _validate(
        class_session=class_session,
        lesson_ids=lesson_ids,
        attendee_ids=attendee_ids,
        facilitator_ids=facilitator_ids,
    )
    class_session.save()
    class_session.lessons.set(lesson_ids)
    class_session.facilitators.set(facilitator_ids)
    Attendance.objects.filter(class_session=class_session).exclude(
        resident_id__in=attendee_ids
    ).delete()
    Attendance.objects.bulk_create(
        [Attendance(class_session=class_session, resident_id=pk) for pk in attendee_ids],
        ignore_conflicts=True,
    )
    return lesson_ids, attendee_ids


def _record_completions(
    class_session: ClassSession, *, by, lesson_ids: list[int], attendee_ids: list[int]
) -> None:
    completions_record(
        residents=attendee_ids,
        lessons=lesson_ids,
        by=by,
        source=CompletionSource.CLASS,
        class_session=class_session,
    )


def _audit(class_session: ClassSession, *, by, action: str, before: dict | None = None) -> None:
    audit_record(
        actor=by,
        action=action,
        object_type="class",
        object_id=class_session.pk,
        ward_id=class_session.ward_id,
        summary=str(class_session),
        before=before,
        after=class_snapshot(class_session),
    )


@transaction.atomic
def class_create(
    *,
    by,
    hamlet: Hamlet,
    starts_at: datetime.datetime,
    lessons: Iterable[Lesson | int],
    attendees: Iterable[Resident | int] = (),
    facilitators: Iterable = (),
    venue: str = "",
    notes: str = "",
) -> ClassSession:
    """Log a class in the hamlet's ward and record its completions."""
    class_session = ClassSession(
        ward_id=hamlet.ward_id,
        hamlet=hamlet,
        starts_at=starts_at,
        venue=venue.strip(),
        notes=notes.strip(),
        created_by=by if getattr(by, "pk", None) else None,
    )
    lesson_ids, attendee_ids = _save(
        class_session, lessons=lessons, attendees=attendees, facilitators=facilitators
    )
    _record_completions(class_session, by=by, lesson_ids=lesson_ids, attendee_ids=attendee_ids)
    _audit(class_session, by=by, action=AuditAction.CREATE)
    return class_session


@transaction.atomic
def class_update(
    *,
    class_session: ClassSession,
    by,
    hamlet: Hamlet,
    starts_at: datetime.datetime,
    lessons: Iterable[Lesson | int],
    attendees: Iterable[Resident | int] = (),
    facilitators: Iterable = (),
    venue: str = "",
    notes: str = "",
) -> ClassSession:
    """Change a class; completions it alone gave for removed attendees/lessons are withdrawn."""
    class_session = ClassSession.objects.select_for_update().get(pk=class_session.pk)
    before = class_snapshot(class_session)
    class_session.hamlet = hamlet
    class_session.ward_id = hamlet.ward_id
    class_session.starts_at = starts_at
    class_session.venue = venue.strip()
    class_session.notes = notes.strip()
    lesson_ids, attendee_ids = _save(
        class_session, lessons=lessons, attendees=attendees, facilitators=facilitators
    )
    if before["starts_at"] != starts_at.isoformat():
        Completion.objects.filter(class_session=class_session).update(completed_at=starts_at)
    completions_resolve(completions=completions_unsupported_by(class_session), by=by)
    _record_completions(class_session, by=by, lesson_ids=lesson_ids, attendee_ids=attendee_ids)
    _audit(class_session, by=by, action=AuditAction.UPDATE, before=before)
    return class_session


@transaction.atomic
def class_delete(*, class_session: ClassSession, by) -> None:
    """Delete a class; the completions only it gave are withdrawn, others re-pointed."""
    class_session = ClassSession.objects.select_for_update().get(pk=class_session.pk)
    before = class_snapshot(class_session)
    completions_resolve(
        completions=Completion.objects.filter(class_session=class_session),
        by=by,
        excluding=class_session,
    )
    pk, ward_id, summary = class_session.pk, class_session.ward_id, str(class_session)
    class_session.delete()
    audit_record(
        actor=by,
        action=AuditAction.DELETE,
        object_type="class",
        object_id=pk,
        ward_id=ward_id,
        summary=summary,
        before=before,
    )
