"""An import job: one attempt to import a roster file, kept in the database.

The row says who imported which file into which ward, where the attempt stands, what it
changed and, when nothing was imported, the first errors (at most ``IMPORT_MAX_ERRORS``) with a
count per kind: its size has a bound whatever the file holds. Registered with the households
app through ``households.models``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from literacy.accounts.scope import ScopedQuerySet

from .report import ErrorKind, ImportReport, RowError


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for a worker")
    RUNNING = "running", _("running")
    DONE = "done", _("imported")
    REJECTED = "rejected", _("nothing imported: the file has problems")
    FAILED = "failed", _("failed")


FINISHED = (ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED)


class ImportJobQuerySet(ScopedQuerySet):
    ward_path = "ward"


class ImportJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ward = models.ForeignKey(
        "areas.Ward", on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    #: The uploaded file in the default storage while a worker has it to import.
    upload = models.CharField(max_length=255, blank=True)
    #: Progress: rows checked so far, of about ``total``.
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("people added"), default=0)
    updated = models.PositiveIntegerField(_("people updated"), default=0)
    unchanged = models.PositiveIntegerField(_("people unchanged"), default=0)
    households_created = models.PositiveIntegerField(default=0)
    households_updated = models.PositiveIntegerField(default=0)
    hamlets_created = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(_("problems"), default=0)
    #: ``[line, column, message]`` of the first errors.
    errors = models.JSONField(default=list, blank=True)
    #: ``[column, example, first line, count]`` per kind, when some errors are not listed.
    error_kinds = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"))
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        indexes = [models.Index(fields=["ward", "-created_at"], name="import_job_ward_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=FINISHED, finished_at__isnull=False)
                | (~models.Q(status__in=FINISHED) & models.Q(finished_at__isnull=True)),
                name="import_job_finished_when_finished",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def report(self) -> ImportReport | None:
        """The outcome, once there is one."""
        if not self.is_finished:
            return None
        return ImportReport(
            rows=self.rows,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
            households_created=self.households_created,
            households_updated=self.households_updated,
            hamlets_created=self.hamlets_created,
            errors=[RowError(*error) for error in self.errors],
            error_count=self.error_count,
            error_kinds=[ErrorKind(*kind) for kind in self.error_kinds],
        )


def report_fields(report: ImportReport) -> dict:
    """The job's columns that hold ``report``."""
    return {
        "rows": report.rows,
        "done": report.rows,
        "total": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "households_created": report.households_created,
        "households_updated": report.households_updated,
        "hamlets_created": report.hamlets_created,
        "error_count": report.error_count,
        "errors": [[e.line, e.column, e.message] for e in report.errors],
        "error_kinds": [kind.to_list() for kind in report.error_kinds],
    }
