"""``@idempotent_form``: a page's POST with its hidden token (or key) is done once.

The view runs inside the transaction that claims the token. Its redirect (the page of what it
saved) is kept; a second submit of the same form, at once (double tap) or later (back button,
resend), is sent to that same page without saving again. A form shown again with errors frees
the token, so the corrected form saves normally.

A page's own ``fetch`` calls (the class form's quick-add of a person) send an
``Idempotency-Key`` header instead: their 2xx JSON answer is kept and replayed, their refusals
are JSON too (``{"errors": {"__all__": [...]}}``, the shape of the page's form errors).
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .api import REPLAYED_HEADER
from .forms import TOKEN_FIELD
from .services import (
    Claim,
    IdempotencyKeyBusy,
    idempotency_answer,
    idempotency_claim,
    idempotency_fingerprint,
    idempotency_release,
    key_is_valid,
)

#: Posted fields that differ between two sends of the same filled-in form.
NOT_FINGERPRINTED = {"csrfmiddlewaretoken", TOKEN_FIELD}


def _fingerprint(request) -> str:
    body = {name: values for name, values in request.POST.lists() if name not in NOT_FINGERPRINTED}
    files = {name: request.FILES.getlist(name) for name in request.FILES}
    return idempotency_fingerprint(method="POST", path=request.path, body=[body, files])


#: The header a page's script sends (the API's header, the same meaning).
HEADER = "Idempotency-Key"


def _conflict(request, *, location: str, busy: bool):
    if request.headers.get(HEADER):
        message = (
            _("This is still being saved from an earlier send. Try again in a moment.")
            if busy
            else _("This was already sent with other values. Nothing was saved this time.")
        )
        return JsonResponse({"errors": {"__all__": [message]}}, status=409 if busy else 422)
    return render(
        request,
        "idempotency/form_conflict.html",
        {"location": location, "form_url": request.path, "busy": busy},
        status=409,
    )


def _replay(request, claim: Claim, fingerprint: str):
    row = claim.row
    if not claim.matches(fingerprint):
        return _conflict(request, location=row.response_location, busy=False)
    if row.response_status is None:
        raise IdempotencyKeyBusy
    if not row.response_location:  # a script's JSON answer
        response = HttpResponse(
            row.response_body, status=row.response_status, content_type="application/json"
        )
        response[REPLAYED_HEADER] = "true"
        return response
    messages.info(request, _("This form had already been sent: here is what it saved."))
    return HttpResponseRedirect(row.response_location)


def _keep(claim: Claim, response) -> bool:
    """Keep a redirect (a form saved) or a 2xx JSON answer (a script's call); say if kept."""
    if isinstance(response, HttpResponseRedirect):
        idempotency_answer(claim=claim, status=response.status_code, location=response.url)
        return True
    if isinstance(response, JsonResponse) and 200 <= response.status_code < 300:
        idempotency_answer(claim=claim, status=response.status_code, body=response.content.decode())
        return True
    return False


def idempotent_form(view=None, *, endpoint: str | None = None):
    """Decorate a page view whose POST creates something and then redirects to it (a form),
    or answers with JSON (a page script's call).

    The form carries ``IdempotencyTokenField`` (rendered in its template); a script sends the
    ``Idempotency-Key`` header. Place it under ``login_required``: anonymous posts and posts
    without a token run the view as they are.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            token = ""
            if request.method == "POST":
                token = request.headers.get(HEADER) or request.POST.get(TOKEN_FIELD, "")
            if not token or not key_is_valid(token) or not request.user.is_authenticated:
                return view(request, *args, **kwargs)
            fingerprint = _fingerprint(request)
            match = request.resolver_match
            try:
                with transaction.atomic():
                    claim = idempotency_claim(
                        user=request.user,
                        endpoint=endpoint or f"POST {match.view_name if match else request.path}",
                        key=token,
                        fingerprint=fingerprint,
                        now=timezone.now(),
                    )
                    if not claim.is_first:
                        return _replay(request, claim, fingerprint)
                    response = view(request, *args, **kwargs)
                    if not _keep(claim, response):
                        idempotency_release(claim=claim)
                    return response
            except IdempotencyKeyBusy:
                return _conflict(request, location="", busy=True)

        return wrapper

    return decorate(view) if view is not None else decorate
