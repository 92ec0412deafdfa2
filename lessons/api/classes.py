"""/api/v1/classes/: classes with their lessons, facilitators and attendees.

Everyone reads through ``visible_to``; ward officials create and change classes of their wards
(``manageable_by``; others get 403, another ward's class 404). Every related id is checked
against the user's scope (``ScopedPrimaryKeyField``): an id from another ward is the same 400
field error as an id that does not exist, and nothing is stored.
Writes go through ``lessons.services.classes`` (completions recorded/withdrawn, audited).
"""

from __future__ import annotations

from django.utils import timezone
from rest_framework import permissions, serializers, viewsets

from lessons.filters import ClassSessionFilter
from lessons.models import ClassSession
from lessons.selectors.classes import (
    attendee_candidates,
    can_log_classes,
    facilitators_for_user,
    hamlets_for_logging,
    lessons_for_logging,
    with_related_ids,
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


class ClassSessionReadSerializer(ClassSessionSerializer):
    """A class as the API reads it: the related ids come from arrays the query gathered
    (``with_related_ids``), not from the related objects."""

    lessons = serializers.ListField(
        source="lesson_ids", child=serializers.IntegerField(), read_only=True
    )
    facilitators = serializers.ListField(
        source="facilitator_ids", child=serializers.IntegerField(), read_only=True
    )
    attendees = serializers.ListField(
        source="attendee_ids", child=serializers.IntegerField(), read_only=True
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
            scoped = scoped.prefetch_related("lessons", "facilitators", "attendees")
        else:
            scoped = with_related_ids(scoped)
        return scoped.order_by("-starts_at", "-pk")

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS:
            return ClassSessionSerializer
        return ClassSessionReadSerializer

    def perform_destroy(self, instance):
        services.class_delete(class_session=instance, by=self.request.user)
