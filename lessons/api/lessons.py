"""/api/v1/lessons/: every signed-in role reads the catalogue; provincial staff change it.

Writes go through ``lessons.services.catalogue`` (audited, training refreshed). There is no
DELETE: a lesson is retired with ``PATCH {"is_active": false}`` so nobody's progress is lost.
Media are linked through the permission-checked views (range requests), never as raw MEDIA
URLs; uploading a video file is done on the management page.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from rest_framework import mixins, permissions, serializers, viewsets

from lessons.models import Lesson
from lessons.selectors.catalogue import can_manage_catalogue
from lessons.services import catalogue as services
from literacy.idempotency.api import IdempotentCreateMixin
from literacy.service_errors import service_errors_as_api_errors


class LessonSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    video_file_url = serializers.SerializerMethodField()
    captions_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = [
            "id",
            "code",
            "title",
            "title_vi",
            "title_en",
            "summary",
            "summary_vi",
            "summary_en",
            "skill",
            "skill_en",
            "track",
            "duration_minutes",
            "order",
            "video_url",
            "video_file_url",
            "captions_url",
            "thumbnail_url",
            "is_active",
            "retired_at",
        ]
        read_only_fields = ["order", "retired_at"]

    def _media_url(self, lesson: Lesson, field: str, url_name: str) -> str | None:
        if not getattr(lesson, field):
            return None
        url = reverse(url_name, kwargs={"pk": lesson.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_video_file_url(self, lesson: Lesson) -> str | None:
        return self._media_url(lesson, "video", "lessons:lesson_video")

    def get_captions_url(self, lesson: Lesson) -> str | None:
        return self._media_url(lesson, "captions", "lessons:lesson_captions")

    def get_thumbnail_url(self, lesson: Lesson) -> str | None:
        return self._media_url(lesson, "thumbnail", "lessons:lesson_thumbnail")


class CatalogueWritePermission(permissions.BasePermission):
    """Reads for every signed-in user; writes for the staff who manage the catalogue."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or can_manage_catalogue(request.user)


class LessonViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = LessonSerializer
    permission_classes = [permissions.IsAuthenticated, CatalogueWritePermission]
    filterset_fields = ["track", "is_active"]

    def get_queryset(self):
        user = self.request.user
        if self.request.method in permissions.SAFE_METHODS:
            return Lesson.objects.in_catalogue_for(user).order_by("track", "order", "code")
        return Lesson.objects.manageable_by(user)

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        is_active = data.pop("is_active", True)
        by = self.request.user
        with service_errors_as_api_errors(), transaction.atomic():
            lesson = services.lesson_create(by=by, **data)
            if not is_active:
                lesson = services.lesson_retire(lesson=lesson, by=by)
        serializer.instance = lesson

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        is_active = data.pop("is_active", None)
        lesson = serializer.instance
        by = self.request.user
        with service_errors_as_api_errors(), transaction.atomic():
            if data:
                lesson = services.lesson_update(lesson=lesson, by=by, changes=data)
            if is_active is False:
                lesson = services.lesson_retire(lesson=lesson, by=by)
            elif is_active is True:
                lesson = services.lesson_restore(lesson=lesson, by=by)
        serializer.instance = lesson
