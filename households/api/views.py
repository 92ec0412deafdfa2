"""Viewsets for residents and households: list (filters, pagination), detail, create, update.

Reads start from ``visible_to(user)``; writes look the object up in ``manageable_by(user)``, so
another ward's object answers 404 and provincial staff (read-only) get 403.
"""

from __future__ import annotations

from rest_framework import mixins, viewsets

from literacy.idempotency.api import IdempotentCreateMixin

from ..filters import HouseholdFilter, ResidentFilter
from ..models import Household, Resident
from .permissions import RosterPermission
from .serializers import HouseholdSerializer, ResidentSerializer

WRITE_ACTIONS = {"update", "partial_update"}


class _RosterViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [RosterPermission]

    def scoped(self, queryset):
        user = self.request.user
        if self.action in WRITE_ACTIONS:
            return queryset.manageable_by(user)
        return queryset.visible_to(user)


class ResidentViewSet(_RosterViewSet):
    serializer_class = ResidentSerializer
    filterset_class = ResidentFilter

    def get_queryset(self):
        return self.scoped(Resident.objects.select_related("household")).order_by(
            "name_folded", "pk"
        )


class HouseholdViewSet(_RosterViewSet):
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter

    def get_queryset(self):
        queryset = Household.objects.with_member_counts()
        return self.scoped(queryset).order_by("ward_id", "code")

    def perform_create(self, serializer):
        serializer.save()
        self._reread_annotated(serializer)

    def perform_update(self, serializer):
        serializer.save()
        self._reread_annotated(serializer)

    def _reread_annotated(self, serializer) -> None:
        """Re-read the saved row so the response shows its member count and badge."""
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)
