"""Browser-test harness, loaded by the root conftest.py as a pytest plugin.

Playwright for Python drives Debian's Chromium against a live server.

Every page a browser test opens is checked with axe-core (``axe.py``): a serious or critical
accessibility finding fails the test.

Never downloads a browser: `make test` installs Debian's Chromium first (.ci/system_packages.sh),
and a missing Chromium fails these tests rather than skipping them.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from .axe import install_axe

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


@contextmanager
def _checked_page(browser, live_server, **context_options):
    """A page in a fresh context whose every page view is checked by axe-core (see axe.py)."""
    context = browser.new_context(base_url=live_server.url, **context_options)
    recorder = install_axe(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = watch_policy_violations(page)
    AXE_RECORDERS[page] = recorder
    try:
        yield page
        recorder.finish(page)
    finally:
        AXE_RECORDERS.pop(page, None)
        context.close()
    _assert_no_policy_violations(violations)
    if recorder.findings:
        pytest.fail(f"axe-core found serious or critical problems:\n{recorder.summary()}")


#: The axe-core recorder of each open test page (``axe_check(page)`` reads it).
AXE_RECORDERS: dict = {}


def axe_check(page) -> list[dict]:
    """Check ``page`` with axe-core now; return its serious and critical findings."""
    return AXE_RECORDERS[page].check_now(page)


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context at phone width (360 px) pointed at the live server."""
    with _checked_page(
        browser, live_server, viewport={"width": 360, "height": 740}, locale="en-US"
    ) as page:
        yield page


@pytest.fixture
def tablet_page(browser, live_server):
    """A fresh browser context at tablet size (800×1280)."""
    with _checked_page(browser, live_server, viewport={"width": 800, "height": 1280}) as page:
        yield page


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
