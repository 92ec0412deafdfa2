"""Serializers for /api/v1/residents/ and /api/v1/households/.

Related objects (household, hamlet, head) are looked up only among those the user manages
(``ScopedPrimaryKeyField``), so naming another ward's object answers the same 400 as naming one
that does not exist. The ward is never taken from the body: it follows the
household or hamlet. The CCCD is write-only (masked when read) and the ethnic-minority field
exists only for users who manage the residents.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from literacy.areas.models import Hamlet, Ward
from literacy.scoped_choices import ScopedPrimaryKeyField
from literacy.service_errors import service_errors_as_api_errors

from .. import services
from ..models import Household, Resident
from ..permissions import shows_sensitive
from ..services import RESIDENT_EDITABLE_FIELDS
from ..validators import cccd_errors


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class ResidentSerializer(serializers.ModelSerializer):
    household = ScopedPrimaryKeyField(
        queryset=Household.objects.all(), required=False, allow_null=True
    )
    cccd = serializers.CharField(
        write_only=True, required=False, allow_blank=True, allow_null=True, max_length=12
    )
    cccd_masked = serializers.CharField(read_only=True)
    is_adult = serializers.BooleanField(read_only=True)
    is_elderly = serializers.BooleanField(read_only=True)

    class Meta:
        model = Resident
        fields = (
            "id",
            "ward",
            "household",
            *RESIDENT_EDITABLE_FIELDS,
            "cccd_masked",
            "is_adult",
            "is_elderly",
            "is_trained",
            "trained_at",
            "consent_purpose",
            "consent_at",
        )
        read_only_fields = ("ward", "is_trained", "trained_at", "consent_purpose", "consent_at")

    def get_fields(self):
        fields = super().get_fields()
        if not shows_sensitive(_user(self)):
            fields.pop("is_ethnic_minority", None)
        return fields

    def validate(self, attrs):
        instance = self.instance
        cccd = attrs.get("cccd", instance.cccd if instance else None)
        if cccd:
            dob = attrs.get("date_of_birth", instance.date_of_birth if instance else None)
            gender = attrs.get("gender", instance.gender if instance else "")
            errors = cccd_errors(cccd, date_of_birth=dob, gender=gender or None)
            if errors:
                raise ValidationError({"cccd": errors})
        return attrs

    def _ward_for(self, household: Household | None) -> Ward:
        if household is not None:
            return household.ward
        wards = list(Ward.objects.manageable_by(_user(self))[:2])
        if len(wards) != 1:
            raise ValidationError(
                {"household": [_("Give the household: it decides the resident's ward.")]}
            )
        return wards[0]

    def create(self, validated_data):
        household = validated_data.pop("household", None)
        fields = {k: v for k, v in validated_data.items() if k in RESIDENT_EDITABLE_FIELDS}
        with service_errors_as_api_errors():
            return services.resident_create(
                by=_user(self), ward=self._ward_for(household), household=household, **fields
            )

    def update(self, instance, validated_data):
        user = _user(self)
        fields = {k: v for k, v in validated_data.items() if k in RESIDENT_EDITABLE_FIELDS}
        with service_errors_as_api_errors():
            if "household" in validated_data:
                instance = services.resident_move(
                    by=user, resident=instance, household=validated_data["household"]
                )
            if fields:
                instance = services.resident_update(by=user, resident=instance, **fields)
        return instance


class HouseholdSerializer(serializers.ModelSerializer):
    hamlet = ScopedPrimaryKeyField(queryset=Hamlet.objects.all())
    head = ScopedPrimaryKeyField(queryset=Resident.objects.all(), required=False, allow_null=True)
    code = serializers.CharField(max_length=30, required=False, allow_blank=True)
    is_digital_family = serializers.BooleanField(read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Household
        fields = (
            "id",
            "ward",
            "hamlet",
            "code",
            "address",
            "head",
            "is_digital_family",
            "member_count",
        )
        read_only_fields = ("ward",)
        validators: list = []  # code uniqueness in the ward is checked by the service

    def create(self, validated_data):
        if validated_data.get("head") is not None:
            raise ValidationError(
                {"head": [_("A new household has no members yet; set the head afterwards.")]}
            )
        with service_errors_as_api_errors():
            return services.household_create(
                by=_user(self),
                hamlet=validated_data["hamlet"],
                code=validated_data.get("code", ""),
                address=validated_data.get("address", ""),
            )

    def update(self, instance, validated_data):
        with service_errors_as_api_errors():
            return services.household_update(by=_user(self), household=instance, **validated_data)
