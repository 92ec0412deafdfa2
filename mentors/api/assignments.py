"""/api/v1/assignments/: who guides whom, in scope; ward officials assign, reassign and end.

``POST`` with ``replace: true`` moves a mentee who has a mentor to the new one (the old row
ends and stays as history); without it, a mentee who has a mentor is a 400.
``POST /api/v1/assignments/{id}/end/`` ends one. Rows are never deleted.
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from households.models import Resident
from lessons.api.classes import ScopedPrimaryKeyField
from literacy.service_errors import service_errors_as_api_errors

from ..models import Assignment, Mentor
from ..services.assignments import assignment_create, assignment_end
from .mentors import ScopedViewSet


class AssignmentSerializer(serializers.ModelSerializer):
    mentor = ScopedPrimaryKeyField(scope=lambda user, s: Mentor.objects.manageable_by(user))
    mentee = ScopedPrimaryKeyField(scope=lambda user, s: Resident.objects.manageable_by(user))
    mentee_name = serializers.CharField(source="mentee.full_name", read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    replace = serializers.BooleanField(write_only=True, default=False)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "mentor",
            "mentee",
            "mentee_name",
            "starts_at",
            "ends_at",
            "is_active",
            "created_by",
            "replace",
        ]
        read_only_fields = ["starts_at", "ends_at", "created_by"]


class AssignmentFilter(filters.FilterSet):
    active = filters.BooleanFilter(field_name="ends_at", lookup_expr="isnull")

    class Meta:
        model = Assignment
        fields = ["mentor", "mentee"]


class AssignmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter

    def base_queryset(self):
        return Assignment.objects.select_related("mentee").order_by("-starts_at", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors_as_api_errors():
            serializer.instance = assignment_create(
                by=self.request.user,
                mentor=data["mentor"],
                mentee=data["mentee"],
                replace=data["replace"],
            )

    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        assignment_end(by=request.user, assignment=assignment)
        assignment.refresh_from_db()
        return Response(self.get_serializer(assignment).data, status=status.HTTP_200_OK)
