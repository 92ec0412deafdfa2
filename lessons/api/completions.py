"""/api/v1/completions/?resident=ID: a resident's progress record, read-only, scoped.

Completions are written by classes (``/api/v1/classes/``) and, later, by mentors' ticks.
"""

from __future__ import annotations

from rest_framework import serializers, viewsets

from lessons.models import Completion
from lessons.selectors.completions import completions_listed


class CompletionSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.full_name", read_only=True)
    lesson_code = serializers.CharField(source="lesson.code", read_only=True)
    is_ticked = serializers.SerializerMethodField()

    class Meta:
        model = Completion
        fields = [
            "id",
            "resident",
            "resident_name",
            "lesson",
            "lesson_code",
            "completed_at",
            "source",
            "class_session",
            "recorded_by",
            "is_ticked",
        ]
        read_only_fields = fields

    def get_is_ticked(self, completion) -> bool:
        return completion.ticked_at is not None


class CompletionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CompletionSerializer
    filterset_fields = ["resident", "lesson", "source", "class_session"]
    #: A ward's completions are found through its residents (a join per row counted): counted
    #: exactly up to a thousand, then estimated (``count_is_estimate``).
    exact_count_limit = 1_000

    def get_queryset(self):
        return completions_listed(self.request.user)
