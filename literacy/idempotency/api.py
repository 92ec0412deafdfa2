"""The ``Idempotency-Key`` header on API endpoints: ``IdempotentCreateMixin`` and ``@idempotent``.

The wrapped handler runs after authentication and permissions (DRF calls it from ``dispatch``),
inside the transaction that claims the key. A 2xx answer is kept and replayed to retries with
the same key (``Idempotent-Replayed: true``); an error answer (400, 403…) releases the key, so
the client may correct the request and send it again with the same key.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from .services import (
    Claim,
    IdempotencyKeyBusy,
    idempotency_answer,
    idempotency_claim,
    idempotency_fingerprint,
    idempotency_release,
    key_is_valid,
)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"

KEY_PARAMETER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "A key the client makes for this attempt (e.g. a UUID) and sends again with every retry: "
        "a retry gets the first answer instead of a second object. Kept 24 hours."
    ),
)


def endpoint_of(request) -> str:
    """The method and URL name: the same key may be used on different endpoints."""
    match = request.resolver_match
    return f"{request.method} {match.view_name if match else request.path}"


def _body(request: Request) -> object:
    data = request.data
    return dict(data.lists()) if hasattr(data, "lists") else data


def _replay(claim: Claim, fingerprint: str) -> Response:
    if not claim.matches(fingerprint):
        return Response(
            {
                "detail": _(
                    "This Idempotency-Key was already used for a different request. Send a new "
                    "key for a new request, or the same request again to get its answer."
                )
            },
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if claim.row.response_status is None:
        raise IdempotencyKeyBusy
    return Response(
        json.loads(claim.row.response_body) if claim.row.response_body else None,
        status=claim.row.response_status,
        headers={REPLAYED_HEADER: "true"},
    )


def idempotent_api_call(
    request: Request,
    call: Callable[[], Response],
    *,
    endpoint=None,
    key: str | None = None,
    kept: Callable[[object], object] | None = None,
):
    """Run ``call`` once per key: the first time for real, later by replaying its answer.

    ``key`` defaults to the header; ``kept(data)`` is the part of the answer stored for replays
    (default: all of it), for an answer showing something that must never be stored.
    """
    key = request.headers.get(HEADER) if key is None else key
    if key is None:
        return call()
    if not key_is_valid(key):
        raise ValidationError(
            {HEADER: [_("The Idempotency-Key header must be 1 to 255 visible ASCII characters.")]}
        )
    fingerprint = idempotency_fingerprint(
        method=request.method, path=request.path, body=_body(request)
    )
    try:
        with transaction.atomic():
            claim = idempotency_claim(
                user=request.user,
                endpoint=endpoint or endpoint_of(request),
                key=key,
                fingerprint=fingerprint,
                now=timezone.now(),
            )
            if not claim.is_first:
                return _replay(claim, fingerprint)
            response = call()
            if status.is_success(response.status_code):
                data = response.data if kept is None else kept(response.data)
                body = json.dumps(data, cls=JSONEncoder, ensure_ascii=False)
                idempotency_answer(claim=claim, status=response.status_code, body=body)
            else:
                idempotency_release(claim=claim)
            return response
    except IdempotencyKeyBusy:
        return Response(
            {
                "detail": _(
                    "A request with this Idempotency-Key is still being processed. "
                    "Send it again in a moment to get its answer."
                )
            },
            status=status.HTTP_409_CONFLICT,
        )


def idempotent(endpoint: str | None = None):
    """Decorate a DRF handler ``(self, request, *args, **kwargs)`` to honour the header.

    ``endpoint`` names the key space (default: the method and URL name of the request).
    """

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(self, request, *args, **kwargs):
            return idempotent_api_call(
                request, lambda: handler(self, request, *args, **kwargs), endpoint=endpoint
            )

        wrapper.is_idempotent = True
        return extend_schema(parameters=[KEY_PARAMETER])(wrapper)

    return decorate


def _idempotent_create(handler):
    @functools.wraps(handler)
    def wrapper(self, request, *args, **kwargs):
        return idempotent_api_call(
            request,
            lambda: handler(self, request, *args, **kwargs),
            key=self.idempotency_key(request),
            kept=self.idempotency_kept_answer,
        )

    wrapper.is_idempotent = True
    return extend_schema(parameters=[KEY_PARAMETER])(wrapper)


# First base of a viewset whose ``create`` (POST on the list) honours ``Idempotency-Key``. A
# viewset may name the key otherwise (``idempotency_key``: the ticks' body ``key``) and keep less
# than the whole answer (``idempotency_kept_answer``: never a one-time code). (No docstring: the
# OpenAPI generator would show it as the description of the viewset's operations.)
class IdempotentCreateMixin:
    @_idempotent_create
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def idempotency_key(self, request) -> str | None:
        return request.headers.get(HEADER)

    def idempotency_kept_answer(self, data):
        return data
