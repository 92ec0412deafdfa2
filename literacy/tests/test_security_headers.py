"""Every answer carries a Content-Security-Policy that allows scripts and styles only from our
own static files (nothing inline), and a Permissions-Policy that switches device features off.
The templates hold nothing the policy would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "staticfiles", "node_modules", "test-artifacts", ".git"}


def _policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture(params=["page", "signed_in_page", "api", "not_found"])
def response(request, client, login, ward_official, settings):
    settings.DEBUG = False  # production: Django's debug pages have no policy of their own
    urls = {
        "page": "/accounts/login/",
        "signed_in_page": "/households/residents/",
        "api": "/api/v1/",
        "not_found": "/no-such-page/",
    }
    if request.param in ("signed_in_page", "api"):
        client = login(ward_official)
    return client.get(urls[request.param])


def test_scripts_and_styles_come_only_from_the_portal(response):
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


def test_device_features_are_switched_off(response):
    features = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature
    assert features["fullscreen"] == "(self)"  # lesson videos


def _templates():
    for path in BASE_DIR.rglob("*.html"):
        if not SKIP_DIRS.intersection(path.relative_to(BASE_DIR).parts):
            yield path


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=")
INLINE_HANDLER = re.compile(r"\son[a-z]+=[\"']", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(href|src|action)=[\"']\s*javascript:", re.IGNORECASE)


def test_no_template_has_inline_scripts_styles_or_handlers():
    templates = list(_templates())
    assert len(templates) > 30
    found = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for rule in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER, JAVASCRIPT_URL):
            for match in rule.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(BASE_DIR)}:{line}: {match.group(0).strip()}")
    assert not found, "blocked by the Content-Security-Policy:\n" + "\n".join(found)


def test_the_policy_is_on_in_development_too():
    assert "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE
    assert "django_permissions_policy.PermissionsPolicyMiddleware" in settings.MIDDLEWARE
