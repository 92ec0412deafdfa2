"""Project-wide middleware."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class VietnameseFirstMiddleware:
    """Ignore the browser's Accept-Language so Vietnamese is the default for everyone.

    Cheap tablets in ward offices often ship set to English while the people using them read
    Vietnamese; the language switch (a cookie) is the only way to change the language.
    Must sit before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SessionSecurityMiddleware:
    """Sessions end 7 days after sign-in whatever the activity (SESSION_ABSOLUTE_MAX_AGE; the
    8-hour inactivity limit is SESSION_COOKIE_AGE, moved on at most once a minute:
    ``session_keep_alive``), the user ↔ session map follows key changes, and no answer with
    personal data is cached: every page seen by a signed-in user and every API answer gets
    ``Cache-Control: no-store``. Sits after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from literacy.accounts import sessions

        signed_in = request.user.is_authenticated
        # Loaded now anyway: the user itself replaces the lazy stand-in, which every later
        # ``request.user.…`` (the permission checks, the menu, the templates) went through.
        request.user = getattr(request.user, "_wrapped", request.user)
        if signed_in and sessions.session_is_too_old(request.session):
            logout(request)
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF puts the token user here too
        if user is not None and user.is_authenticated:
            signed_in = True
            if hasattr(request, "session"):
                sessions.session_map(user=user, session=request.session)
        if hasattr(request, "session"):
            sessions.session_keep_alive(request.session)
        # A view that declared its answer public (``Cache-Control: public``, e.g. a lesson's
        # video) has no personal data in it: it keeps its own caching.
        declared_public = "public" in response.get("Cache-Control", "")
        if (signed_in or request.path_info.startswith(API_PREFIX)) and not declared_public:
            add_never_cache_headers(response)
        return response


class MfaRequiredMiddleware:
    """Provincial staff and superusers must have passed two-step verification in *this* session.

    * not enrolled yet: nothing but the enrolment page (and sign-out, re-authentication before
      enrolling, the language switch). Static files and addresses that are no page of the portal
      (``/favicon.ico``, which browsers ask for on their own) are let through: redirected, they
      loaded the enrolment page behind the person's back;
    * enrolled, but this session was not authenticated with MFA (allauth's authentication
      records say so): signed out, so the next sign-in goes through the second step.

    Sits after allauth's AccountMiddleware and MessageMiddleware.
    """

    ALLOWED_WHILE_ENROLLING = frozenset(
        {"mfa_activate_totp", "account_logout", "account_reauthenticate", "set_language"}
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "is_mfa_required", False):
            response = self._enforce(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _enforce(self, request: HttpRequest, user) -> HttpResponse | None:
        from literacy.accounts.mfa import session_passed_mfa, session_user_has_totp

        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        if request.path_info.startswith(static_prefix):
            return None
        if not session_user_has_totp(request, user):
            page = self._resolve(request)
            if page is None or page.url_name in self.ALLOWED_WHILE_ENROLLING:
                return None  # no page of the portal (404 as for anyone), or allowed
            message = _("Set up two-step verification before using the portal.")
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse({"detail": message}, status=403)
            messages.warning(request, message)
            return redirect("mfa_activate_totp")
        if not session_passed_mfa(request):
            logout(request)
            if request.path_info.startswith(API_PREFIX):
                return None  # answers as for anyone signed out
            messages.info(request, _("Please sign in again with your verification code."))
        return None

    @staticmethod
    def _resolve(request: HttpRequest) -> ResolverMatch | None:
        try:
            return resolve(request.path_info)
        except Resolver404:
            return None
