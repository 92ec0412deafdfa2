"""One row per (user, endpoint, key): the first request that came with the key, and its answer.

The unique constraint is what makes a retry safe: two requests with the same key cannot both
claim it (see :mod:`literacy.idempotency.services`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    #: The method and URL name the key was used on, e.g. "POST api:class-list".
    endpoint = models.CharField(_("endpoint"), max_length=200)
    key = models.CharField(_("key"), max_length=255)
    #: SHA-256 of the first request (method, path, body): a reuse with another body is refused.
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True)
    #: The API answer as JSON text (text keeps the key order, so a replay is byte for byte).
    response_body = models.TextField(_("response body"), blank=True)
    #: Where a page form's first submit led (its redirect).
    response_location = models.CharField(_("response location"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "endpoint", "key"], name="idempotency_key_once_per_user_endpoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"
