"""One view decorator for role checks: sign in first, then the check, else 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(check: Callable) -> Callable:
    """Decorate a view so that only users for whom ``check(user)`` holds may use it; others,
    once signed in, get 403 (``user_passes_test`` would send them to the login page again)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
