"""Browser-test harness, loaded by the root conftest.py as a pytest plugin.

Playwright for Python drives Debian's Chromium against a live server.

Never downloads a browser: `make test` installs Debian's Chromium first (.ci/system_packages.sh),
and a missing Chromium fails these tests rather than skipping them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def watch_policy_violations(page) -> list[str]:
    """Collect what the Content-Security-Policy blocked (Chromium reports it on the console):
    an inline script, style or handler that slipped in fails the journey that met it."""
    violations: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    return violations


def _assert_no_policy_violations(violations: list[str]) -> None:
    assert not violations, "blocked by the Content-Security-Policy:\n" + "\n".join(violations)


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context at phone width (360 px) pointed at the live server."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="en-US"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = watch_policy_violations(page)
    yield page
    context.close()
    _assert_no_policy_violations(violations)


@pytest.fixture
def tablet_page(browser, live_server):
    """A fresh browser context at tablet size (800×1280)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 800, "height": 1280})
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = watch_policy_violations(page)
    yield page
    context.close()
    _assert_no_policy_violations(violations)


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def sign_in_browser(login, live_server):
    """``sign_in_browser(page, user)``: the browser gets the session of a test-client login
    (MFA satisfied where the role needs it), for journeys that are not about signing in."""
    from django.conf import settings

    def _sign_in(page, user) -> None:
        cookie = login(user).cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )

    return _sign_in
