"""The one-time code of a mentor's sign-in card must be replaced at the first sign-in.

At sign-in, a mentor whose account still has the card's code (``Mentor.must_change_password``)
gets a mark in the session; while it is there, every page but "change password" (and sign-out,
the language switch, static files) sends them to it, and the API answers 403. Changing the
password (allauth's ``password_changed``) clears the mark and the flag. The session mark keeps
the check free of queries on every request.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from literacy.accounts.roles import Role

SESSION_KEY = "mentor_must_change_password"
ALLOWED = frozenset(
    {"account_change_password", "account_logout", "account_reauthenticate", "set_language"}
)


def token_refusal(user) -> str | None:
    """No API token while the card's one-time code is the password (the API cannot send the
    mentor to "change password" as the pages do)."""
    from .models import Mentor

    if getattr(user, "role", None) != Role.MENTOR:
        return None
    if Mentor.objects.filter(user=user, must_change_password=True).exists():
        return _("Sign in in the browser first and replace the one-time code of your card.")
    return None


def on_logged_in(sender, request, user, **kwargs) -> None:
    from .models import Mentor

    if getattr(user, "role", None) != Role.MENTOR or request is None:
        return
    if Mentor.objects.filter(user=user, must_change_password=True).exists():
        request.session[SESSION_KEY] = True


def on_password_changed(sender, request, user, **kwargs) -> None:
    from .models import Mentor

    Mentor.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


class OneTimeCodeMiddleware:
    """Send a mentor who still signs in with the card's code to "change password" first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) and request.user.is_authenticated:
            response = self._enforce(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _enforce(self, request: HttpRequest) -> HttpResponse | None:
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        if request.path_info.startswith(static_prefix):
            return None
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if name in ALLOWED:
            return None
        message = _("Choose your own password to replace the one-time code of your card.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        messages.info(request, message)
        return redirect("account_change_password")
