"""Showing a service's ``ValidationError`` to people: on a form, or as an API 400.

Services raise Django's ``ValidationError`` (from ``full_clean`` or their own checks), with a
field dict or a plain message list; pages and API endpoints all translate it the same way here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError as ApiValidationError


def add_service_errors(form: forms.Form, exc: DjangoValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names when there is one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def api_validation_error(exc: DjangoValidationError) -> ApiValidationError:
    """A service's ValidationError as a 400 with field errors (``non_field_errors`` otherwise)."""
    if hasattr(exc, "error_dict"):
        return ApiValidationError(
            {
                field: [str(m) for e in errors for m in e.messages]
                for field, errors in exc.error_dict.items()
            }
        )
    return ApiValidationError({"non_field_errors": exc.messages})


@contextmanager
def service_errors_as_api_errors() -> Iterator[None]:
    """Inside an API view or serializer: a service's ValidationError answers 400."""
    try:
        yield
    except DjangoValidationError as exc:
        raise api_validation_error(exc) from exc
