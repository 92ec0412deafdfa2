"""/api/v1/hamlets/: list, detail, create and rename hamlets within scope."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission

from literacy.idempotency.api import IdempotentCreateMixin
from literacy.scoped_choices import ScopedPrimaryKeyField
from literacy.service_errors import service_errors_as_api_errors

from ..models import Hamlet, Ward
from ..services import hamlet_create, hamlet_rename
from ..views import can_manage_hamlets, can_read_hamlets


class HamletPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return can_read_hamlets(user)
        return can_manage_hamlets(user)


class HamletSerializer(serializers.ModelSerializer):
    ward = ScopedPrimaryKeyField(queryset=Ward.objects.all(), required=False)

    class Meta:
        model = Hamlet
        fields = ("id", "ward", "name", "hamlet_type")
        # Uniqueness is checked by the service (full_clean); DRF's validator would make the ward
        # required even for officials who serve a single ward.
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["ward"].read_only = True
        return fields

    def create(self, validated_data):
        user = self.context["request"].user
        ward = validated_data.get("ward")
        if ward is None:
            wards = list(Ward.objects.manageable_by(user)[:2])
            if len(wards) != 1:
                raise ValidationError({"ward": [_("Choose the ward.")]})
            ward = wards[0]
        with service_errors_as_api_errors():
            return hamlet_create(
                by=user,
                ward=ward,
                name=validated_data["name"],
                hamlet_type=validated_data.get("hamlet_type") or "khu_pho",
            )

    def update(self, instance, validated_data):
        with service_errors_as_api_errors():
            return hamlet_rename(
                by=self.context["request"].user,
                hamlet=instance,
                name=validated_data.get("name", instance.name),
                hamlet_type=validated_data.get("hamlet_type"),
            )


class HamletViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = HamletSerializer
    permission_classes = [HamletPermission]
    filterset_fields = ("ward",)

    def get_queryset(self):
        user = self.request.user
        queryset = Hamlet.objects.order_by("ward_id", "name")
        if self.action in ("update", "partial_update"):
            return queryset.manageable_by(user)
        return queryset.visible_to(user)
