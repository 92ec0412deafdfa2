"""/api/v1/mentors/ and /api/v1/teams/: read in scope; ward officials register and change.

Reads start from ``visible_to`` (mentors see themselves, team leads their team); writes look
the object up in ``manageable_by`` (another ward's answers 404) and go through the services.
Creating a mentor answers, once, with the sign-in card (username and one-time code). A resent
registration (``Idempotency-Key``) gets the same mentor back without the code: the code is never
stored in clear, not even for a replay; a lost card gets a new code on the mentor's page.
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from literacy.accounts.models import User
from literacy.accounts.roles import Role
from literacy.areas.models import Hamlet, Ward
from literacy.idempotency.api import IdempotentCreateMixin, idempotent
from literacy.ids import parse_id
from literacy.scoped_choices import ScopedFilterSet, ScopedPrimaryKeyField
from literacy.service_errors import service_errors_as_api_errors

from ..models import CommunityTeam, Mentor
from ..permissions import can_manage_mentors
from ..selectors import mentors_with_load, teams_with_counts
from ..services.mentors import NewMentor, mentor_create, mentor_leave, mentor_update
from ..services.teams import team_create, team_update

WRITE_ACTIONS = {"create", "update", "partial_update", "destroy", "leave", "end"}


class ManagersWrite(permissions.BasePermission):
    """Every signed-in role reads (the scope decides what); only ward officials create.

    Changes to one object are not refused here: it is looked up in ``manageable_by``, so an
    object the user may not change answers 404 and its existence does not leak.
    """

    def has_permission(self, request, view) -> bool:
        return view.action != "create" or can_manage_mentors(request.user)


class ScopedViewSet(viewsets.GenericViewSet):
    """Visible for reads, manageable for writes: one ``get_queryset`` rule."""

    permission_classes = [permissions.IsAuthenticated, ManagersWrite]
    base_queryset = None

    def get_queryset(self):
        queryset = self.base_queryset()
        user = self.request.user
        if self.action in WRITE_ACTIONS:
            return queryset.manageable_by(user)
        return queryset.visible_to(user)


def _ward_of(serializer) -> int | None:
    instance = getattr(serializer, "instance", None)
    if isinstance(instance, Mentor | CommunityTeam):
        return instance.ward_id
    ward = serializer.initial_data.get("ward") if hasattr(serializer, "initial_data") else None
    return parse_id(ward)


class MentorSerializer(serializers.ModelSerializer):
    ward = ScopedPrimaryKeyField(scope=lambda user, s: Ward.objects.manageable_by(user))
    home_hamlet = ScopedPrimaryKeyField(
        scope=lambda user, s: Hamlet.objects.manageable_by(user).filter(ward_id=_ward_of(s))
    )
    team = ScopedPrimaryKeyField(
        scope=lambda user, s: CommunityTeam.objects.manageable_by(user).filter(ward_id=_ward_of(s)),
        required=False,
        allow_null=True,
    )
    username = serializers.CharField(source="user.username", read_only=True)
    mentee_count = serializers.IntegerField(read_only=True)
    is_under_quota = serializers.BooleanField(read_only=True)

    class Meta:
        model = Mentor
        fields = [
            "id",
            "username",
            "full_name",
            "phone",
            "organisation",
            "ward",
            "home_hamlet",
            "team",
            "is_active",
            "mentee_count",
            "is_under_quota",
            "created_at",
        ]
        read_only_fields = ["is_active", "created_at"]

    def get_fields(self):
        fields = super().get_fields()
        if getattr(self, "instance", None) is not None:
            fields["ward"].read_only = True  # a mentor stays in their ward
        return fields


class MentorFilter(ScopedFilterSet):
    under_quota = filters.BooleanFilter(field_name="is_under_quota")

    class Meta:
        model = Mentor
        fields = ["ward", "team", "home_hamlet", "is_active"]


class RegisterMentor:
    """``create``: the mentor's record with their sign-in card."""

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors_as_api_errors():
            card = mentor_create(
                by=request.user,
                ward=data["ward"],
                new=NewMentor(
                    data["full_name"],
                    data["phone"],
                    data.get("organisation") or "other",
                    data["home_hamlet"],
                    data.get("team"),
                ),
            )
        body = self.get_serializer(self.base_queryset().get(pk=card.mentor.pk)).data
        body["sign_in"] = {"username": card.username, "one_time_code": card.code}
        return Response(body, status=status.HTTP_201_CREATED)


class MentorViewSet(
    IdempotentCreateMixin,
    RegisterMentor,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    serializer_class = MentorSerializer
    filterset_class = MentorFilter

    def base_queryset(self):
        return mentors_with_load(Mentor.objects.select_related("user")).order_by("full_name", "pk")

    def idempotency_kept_answer(self, data):
        """A replay shows the mentor and username, never the one-time code."""
        return {**data, "sign_in": {"username": data["sign_in"]["username"]}}

    def perform_update(self, serializer):
        fields = {k: v for k, v in serializer.validated_data.items() if k != "ward"}
        with service_errors_as_api_errors():
            mentor_update(by=self.request.user, mentor=serializer.instance, **fields)
        serializer.instance = self.base_queryset().get(pk=serializer.instance.pk)

    @idempotent()
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """The mentor leaves the programme: their assignments end (kept as history)."""
        mentor = self.get_object()
        mentor_leave(by=request.user, mentor=mentor)
        return Response(self.get_serializer(self.base_queryset().get(pk=mentor.pk)).data)


class TeamSerializer(serializers.ModelSerializer):
    ward = ScopedPrimaryKeyField(scope=lambda user, s: Ward.objects.manageable_by(user))
    lead = ScopedPrimaryKeyField(
        scope=lambda user, s: User.objects.visible_to(user).filter(role=Role.TEAM_LEAD),
        required=False,
        allow_null=True,
    )
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CommunityTeam
        fields = ["id", "ward", "name", "lead", "member_count", "created_at"]
        read_only_fields = ["created_at"]
        validators = []  # (ward, name) uniqueness: the service's full_clean says it in words

    def get_fields(self):
        fields = super().get_fields()
        if getattr(self, "instance", None) is not None:
            fields["ward"].read_only = True
        return fields


class TeamFilter(ScopedFilterSet):
    class Meta:
        model = CommunityTeam
        fields = ["ward", "lead"]


class TeamViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    serializer_class = TeamSerializer
    filterset_class = TeamFilter

    def base_queryset(self):
        return teams_with_counts(CommunityTeam.objects.all()).order_by("ward_id", "name")

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors_as_api_errors():
            team = team_create(
                by=self.request.user, ward=data["ward"], name=data["name"], lead=data.get("lead")
            )
        serializer.instance = self.base_queryset().get(pk=team.pk)

    def perform_update(self, serializer):
        team = serializer.instance
        data = serializer.validated_data
        with service_errors_as_api_errors():
            team_update(
                by=self.request.user,
                team=team,
                name=data.get("name", team.name),
                lead=data.get("lead", team.lead),
            )
        serializer.instance = self.base_queryset().get(pk=team.pk)
