"""POST /api/v1/auth/token/: exchange a username and password for an API token.

The same failed-login rate limit as the browser sign-in applies (allauth's adapter counts the
attempt against the account and the client IP). Accounts that must use two-step verification
also send ``code`` (a code from their authenticator app, or a recovery code): a token must not be
a way around MFA, and the code is checked, and spent, by the same form as the browser's.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter as get_account_adapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from literacy.accounts.mfa import user_has_totp
from literacy.accounts.mfa_forms import CodeForm
from literacy.accounts.signin_checks import token_refusal


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username"), max_length=254)
    password = serializers.CharField(label=_("Password"), max_length=4096, trim_whitespace=False)
    code = serializers.CharField(
        label=_("Verification code"), required=False, allow_blank=True, max_length=64
    )


class TokenObtainView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(
                description="Wrong username or password (detail), a missing or wrong "
                "verification code (code), or other field errors."
            ),
            403: OpenApiResponse(
                description="Two-step verification is not set up yet, or the account must "
                "first replace a one-time code in the browser."
            ),
            429: OpenApiResponse(description="Too many failed sign-ins: wait and try again."),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        django_request = request._request
        adapter = get_account_adapter(django_request)
        try:
            user = adapter.authenticate(
                django_request, username=data["username"], password=data["password"]
            )
        except ValidationError as error:  # allauth's "too many failed login attempts"
            return Response(
                {"detail": " ".join(error.messages)}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        if user is None or not user.is_active:
            return Response(
                {"detail": _("The username and/or password you specified are not correct.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if user.is_mfa_required:
            if not user_has_totp(user):
                return Response(
                    {"detail": _("Set up two-step verification in the browser first.")},
                    status=status.HTTP_403_FORBIDDEN,
                )
            if not data.get("code"):
                return Response(
                    {"code": [_("This account needs a verification code.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            form = CodeForm(data={"code": data["code"]}, user=user)
            if not form.is_valid():
                return Response(
                    {"code": form.errors.get("code", [])}, status=status.HTTP_400_BAD_REQUEST
                )
        if refusal := token_refusal(user):
            return Response({"detail": refusal}, status=status.HTTP_403_FORBIDDEN)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
