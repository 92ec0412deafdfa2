"""/api/v1/classes/: classes with their lessons, facilitators and attendees.

Everyone reads through ``visible_to``; ward officials create and change classes of their wards
(``manageable_by``; others get 403, another ward's class 404). Every related id is checked
against the user's scope (``ScopedPrimaryKeyField``): an id from another ward is the same 400
field error as an id that does not exist, and nothing is stored.
Writes go through ``lessons.services.classes`` (completions recorded/withdrawn, audited).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone
from rest_framework import permissions, serializers, viewsets

from households.models import Resident
from lessons.filters import ClassSessionFilter
from lessons.models import ClassSession, Lesson
from lessons.selectors.classes import (
    attendee_candidates,
    can_log_classes,
    facilitators_for_user,
    hamlets_for_logging,
    lessons_for_logging,
)
from lessons.services import classes as services
from literacy.idempotency.api import IdempotentCreateMixin
from literacy.scoped_choices import ScopedPrimaryKeyField
from literacy.service_errors import service_errors_as_api_errors

WRITE_ACTIONS = {"create", "update", "partial_update", "destroy"}


def _instance(serializer) -> ClassSession | None:
    instance = getattr(serializer, "instance", None)
    return instance if isinstance(instance, ClassSession) else None


class ClassSessionSerializer(serializers.ModelSerializer):
    hamlet = ScopedPrimaryKeyField(scope=lambda user, s: hamlets_for_logging(user))
    starts_at = serializers.DateTimeField(default=timezone.now)
    lessons = ScopedPrimaryKeyField(
        many=True,
        scope=lambda user, s: lessons_for_logging(_instance(s)),
    )
    facilitators = ScopedPrimaryKeyField(
        many=True, required=False, scope=lambda user, s: facilitators_for_user(user)
    )
    attendees = ScopedPrimaryKeyField(
        many=True, required=False, scope=lambda user, s: attendee_candidates(user)
    )

    class Meta:
        model = ClassSession
        fields = [
            "id",
            "ward",
            "hamlet",
            "starts_at",
            "venue",
            "lessons",
            "facilitators",
            "attendees",
            "notes",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["ward", "created_by", "created_at", "updated_at"]

    def _save(self, call, **kwargs):
        with service_errors_as_api_errors():
            return call(by=self.context["request"].user, **kwargs)

    def create(self, validated_data):
        return self._save(services.class_create, **validated_data)

    def update(self, instance, validated_data):
        current = {
            "hamlet": instance.hamlet,
            "starts_at": instance.starts_at,
            "venue": instance.venue,
            "notes": instance.notes,
            "lessons": list(instance.lessons.all()),
            "facilitators": list(instance.facilitators.all()),
            "attendees": list(instance.attendees.all()),
        }
        return self._save(
            services.class_update, class_session=instance, **{**current, **validated_data}
        )


class CanLogClasses(permissions.BasePermission):
    """Reads for every signed-in role (scoped); only ward officials create classes.

    Changes to one class are not refused here: the object is looked up in ``manageable_by``,
    so a class the user may not change answers 404 and its existence does not leak.
    """

    def has_permission(self, request, view) -> bool:
        if view.action != "create":
            return True
        return can_log_classes(request.user)


class ClassSessionViewSet(IdempotentCreateMixin, viewsets.ModelViewSet):
    serializer_class = ClassSessionSerializer
    permission_classes = [permissions.IsAuthenticated, CanLogClasses]
    filterset_class = ClassSessionFilter

    def get_queryset(self):
        classes = ClassSession.objects
        scoped = (
            classes.manageable_by(self.request.user)
            if self.action in WRITE_ACTIONS
            else classes.visible_to(self.request.user)
        )
        if self.action in WRITE_ACTIONS:
            related = ["lessons", "facilitators", "attendees"]
        else:
            # Reads show only the related ids: a page of 50 classes names some 1,500 attendees.
            related = [
                Prefetch("lessons", queryset=Lesson.objects.only("pk")),
                Prefetch("facilitators", queryset=get_user_model().objects.only("pk")),
                Prefetch("attendees", queryset=Resident.objects.only("pk")),
            ]
        return scoped.prefetch_related(*related).order_by("-starts_at", "-pk")

    def perform_destroy(self, instance):
        services.class_delete(class_session=instance, by=self.request.user)
