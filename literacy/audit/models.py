"""The append-only audit log of personal-data changes and progress changes.

Rows are written by :mod:`literacy.audit.services` (single saves and bulk paths alike) and never
updated or deleted: the model refuses it, a trigger refuses it, and the portal's database role may
only INSERT and SELECT the table (``manage.py db_roles``). Each row also carries a hash chained
over the previous row, filled in by the database on insert, so that a change made around those
guards (by the table's owner or a superuser) shows: ``manage.py audit_verify`` (``chain.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from literacy.accounts.scope import ScopedQuerySet, is_active_user


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")
    VIEW = "view", _("viewed")
    PROGRESS = "progress", _("progress changed")


class AuditEventQuerySet(ScopedQuerySet):
    ward_path = "ward"

    def visible_to(self, user):
        """Only provincial staff (and superusers) browse the audit log."""
        if not is_active_user(user):
            return self.none()
        if user.is_superuser or user.is_provincial:
            return self.all()
        return self.none()

    def manageable_by(self, user):
        return self.none()


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True)
    # Who and where are kept after the user or the ward is deleted (an audit log must not
    # forget them, and the append-only trigger refuses the UPDATE a SET NULL would need): no
    # database constraint, nothing done on delete. It also spares bulk imports a foreign-key
    # check per audit row. Pages read them with ``select_related`` (a LEFT JOIN: a deleted
    # user or ward shows as empty, the stored id stays).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    ward = models.ForeignKey(
        "areas.Ward",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ward/commune"),
    )
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=50, blank=True)
    summary = models.CharField(_("what"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # The hash chain: a BEFORE INSERT trigger (migration 0005) overwrites these three on every
    # insert, whoever writes (ORM, bulk_create, raw INSERT … SELECT, COPY), so no writer can
    # forget or forge them; the defaults only let Django leave them to the database and read
    # them back. ``chain_seq`` counts 1, 2, 3… without gaps in the order rows were appended;
    # ``row_hash`` = sha256(``prev_hash`` || the row's content), ``prev_hash`` being the
    # previous row's ``row_hash`` (32 zero bytes for the first row).
    chain_seq = models.BigIntegerField(
        _("chain position"), db_default=0, unique=True, editable=False
    )
    prev_hash = models.BinaryField(_("previous hash"), db_default=b"", editable=False)
    row_hash = models.BinaryField(_("hash"), db_default=b"", editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # Newest first in the order the events were appended (ids only grow): the primary key
        # serves it, so ``at`` needs no B-tree of its own, which bulk imports would pay for on
        # every row; on PostgreSQL a BRIN index (a few pages, since ``at`` grows with the table;
        # migration 0004) serves the date filters.
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The log filtered by ward, newest first.
            models.Index(fields=["ward", "-id"], name="audit_ward_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")
