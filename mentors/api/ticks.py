"""/api/v1/ticks/: a mentor ticks a lesson off for one of their mentees, or takes it back.

``POST /api/v1/ticks/`` with ``key`` (a UUID the phone makes per tap), ``resident``,
``lesson`` and ``ticked_at`` (when the mentor tapped; now if left out). The same key again
answers 200 with the stored tick and writes nothing (201 the first time), so retries, double
taps and replays of the offline queue are safe. An ``Idempotency-Key`` header, if sent, must
equal ``key``. Undo: ``DELETE /api/v1/ticks/{key}/`` or ``POST /api/v1/ticks/{key}/undo/``
(``undone_at`` optional), within 24 hours, by the mentor who ticked; idempotent too.
A resident who is not one of the mentor's active mentees answers 404, like anything out of
scope. Only mentors tick (others get 403).
"""

from __future__ import annotations

from django.utils import timezone
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from households.models import Resident
from lessons.models import Lesson
from literacy.accounts.scope import get_visible_or_404
from literacy.service_errors import service_errors_as_api_errors

from ..models import Tick
from ..permissions import can_tick
from ..services.ticks import TickResult, tick_record, tick_undo


class MentorsTick(permissions.BasePermission):
    """Reads in scope for every signed-in role; ticking for mentors only (others get 403).
    Undoing looks the tick up among the user's own: anyone else's answers 404."""

    def has_permission(self, request, view) -> bool:
        return view.action != "create" or can_tick(request.user)


class TickSerializer(serializers.ModelSerializer):
    key = serializers.UUIDField()
    resident = serializers.IntegerField(source="resident_id")
    lesson = serializers.PrimaryKeyRelatedField(queryset=Lesson.objects.active())
    ticked_at = serializers.DateTimeField(required=False)
    is_undone = serializers.BooleanField(read_only=True)
    resident_is_trained = serializers.BooleanField(source="resident.is_trained", read_only=True)

    class Meta:
        model = Tick
        fields = [
            "key",
            "resident",
            "lesson",
            "ticked_at",
            "received_at",
            "undone_at",
            "is_undone",
            "resident_is_trained",
        ]
        read_only_fields = ["received_at", "undone_at"]


class UndoSerializer(serializers.Serializer):
    undone_at = serializers.DateTimeField(required=False)


class TickViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    serializer_class = TickSerializer
    permission_classes = [permissions.IsAuthenticated, MentorsTick]
    lookup_field = "key"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    filterset_fields = ["resident", "lesson"]

    def get_queryset(self):
        ticks = Tick.objects.visible_to(self.request.user)
        if self.action in ("destroy", "undo"):
            ticks = ticks.filter(mentor__user=self.request.user)
        return ticks.select_related("resident").order_by("-ticked_at", "-pk")

    def _answer(self, result: TickResult, *, created_status: int) -> Response:
        tick = Tick.objects.select_related("resident").get(pk=result.tick.pk)
        return Response(
            self.get_serializer(tick).data,
            status=created_status if result.is_new else status.HTTP_200_OK,
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        header = request.headers.get("Idempotency-Key")
        if header is not None and header.strip().lower() != str(data["key"]).lower():
            raise ValidationError({"key": ["The Idempotency-Key header must equal the key."]})
        resident = get_visible_or_404(Resident.objects.all(), request.user, pk=data["resident_id"])
        with service_errors_as_api_errors():
            result = tick_record(
                mentor_user=request.user,
                resident=resident,
                lesson=data["lesson"],
                key=data["key"],
                ticked_at=data.get("ticked_at") or timezone.now(),
            )
        return self._answer(result, created_status=status.HTTP_201_CREATED)

    def _undo(self, request) -> Response:
        tick = self.get_object()
        body = UndoSerializer(data=request.data if isinstance(request.data, dict) else {})
        body.is_valid(raise_exception=True)
        with service_errors_as_api_errors():
            result = tick_undo(
                mentor_user=request.user,
                key=tick.key,
                undone_at=body.validated_data.get("undone_at"),
            )
        return self._answer(result, created_status=status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs):
        return self._undo(request)

    @action(detail=True, methods=["post"])
    def undo(self, request, key=None):
        return self._undo(request)
