"""The custom user: a role and, for ward officials, the wards they serve.

Also :class:`LoginSession`, the user ↔ session-key mapping that lets deactivation end a user's
sessions at once without scanning every session in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .roles import Role
from .scope import ScopedQuerySet, is_active_user, user_ward_ids

#: Roles a ward official provisions in their own wards.
WARD_MANAGED_ROLES = (Role.MENTOR, Role.TEAM_LEAD)
#: Roles provincial staff provision (anywhere in the programme area).
PROVINCE_MANAGED_ROLES = (Role.WARD_OFFICIAL, Role.TEAM_LEAD, Role.MENTOR)


class UserQuerySet(ScopedQuerySet):
    """Accounts in scope: the same ``visible_to``/``manageable_by`` as every programme model.

    * provincial staff (and superusers) see every account;
    * a ward official sees themselves and the mentor and team-lead accounts of their wards;
    * everyone else sees only themselves.
    """

    ward_path = "wards"

    def _in_official_wards(self, user) -> UserQuerySet:
        # A subquery on the through table (not a join on ``wards``) so no row is duplicated.
        through = self.model.wards.through
        in_wards = through.objects.filter(ward_id__in=user_ward_ids(user)).values("user_id")
        return self.filter(pk__in=in_wards, role__in=WARD_MANAGED_ROLES, is_superuser=False)

    def visible_to(self, user) -> UserQuerySet:
        if not is_active_user(user):
            return self.none()
        if user.is_superuser or user.role == Role.PROVINCIAL:
            return self.all()
        if user.role == Role.WARD_OFFICIAL:
            return self.filter(Q(pk=user.pk) | Q(pk__in=self._in_official_wards(user).values("pk")))
        return self.filter(pk=user.pk)

    def manageable_by(self, user) -> UserQuerySet:
        """Accounts the user may edit and deactivate (never their own, never a superuser)."""
        if not is_active_user(user):
            return self.none()
        others = self.exclude(pk=user.pk).filter(is_superuser=False)
        if user.is_superuser:
            return others
        if user.role == Role.PROVINCIAL:
            return others.filter(role__in=PROVINCE_MANAGED_ROLES)
        if user.role == Role.WARD_OFFICIAL:
            return others.filter(pk__in=self._in_official_wards(user).values("pk"))
        return self.none()


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    wards = models.ManyToManyField(
        "areas.Ward",
        verbose_name=_("wards"),
        blank=True,
        related_name="officials",
        help_text=_("The wards a ward official serves; empty for other roles."),
    )

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [
            # The account list's order: a page is read off it, not sorted from every account.
            models.Index(fields=["role", "username"], name="user_role_username_idx"),
            # A ward's accounts, looked up by id, are filtered and sorted from the index alone.
            models.Index(
                fields=["id"],
                include=["role", "username", "is_superuser"],
                name="user_listed_idx",
            ),
        ]

    @property
    def is_provincial(self) -> bool:
        return self.is_superuser or self.role == Role.PROVINCIAL

    @property
    def is_ward_official(self) -> bool:
        return self.role == Role.WARD_OFFICIAL

    @property
    def is_mentor(self) -> bool:
        return self.role == Role.MENTOR

    @property
    def is_team_lead(self) -> bool:
        return self.role == Role.TEAM_LEAD

    @property
    def is_mfa_required(self) -> bool:
        """Provincial staff, superusers and admin-site staff must sign in with a second factor."""
        return self.is_superuser or self.is_staff or self.role == Role.PROVINCIAL

    @property
    def can_provision_accounts(self) -> bool:
        return self.is_active and (self.is_provincial or self.is_ward_official)


class LoginSession(models.Model):
    """One row per signed-in session: lets deactivation end exactly that user's sessions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.created_at:%Y-%m-%d %H:%M}"
