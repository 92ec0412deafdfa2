"""The hidden token that makes a page form's submit idempotent (see ``views.idempotent_form``)."""

from __future__ import annotations

import secrets

from django import forms

#: Name of the hidden input; ``idempotent_form`` reads it from the POST.
TOKEN_FIELD = "idempotency_token"  # noqa: S105 (a field name, not a secret)


def new_token() -> str:
    """A fresh token each time an empty form is shown (one filling-in, one token)."""
    return secrets.token_urlsafe(24)


class IdempotencyTokenField(forms.CharField):
    """Hidden; a double submit or a resubmit from the browser's history sends the same token."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("initial", new_token)
        super().__init__(**kwargs)
