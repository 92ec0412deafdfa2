"""The axe-core harness itself: a page with serious problems is caught on load, without the
test asking, and a clean page passes."""

from __future__ import annotations

import pytest

from .fixtures import AXE_RECORDERS, axe_check

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BROKEN = "<!DOCTYPE html><html><body><img src='x.png'><p>Broken</p></body></html>"


def test_a_page_with_serious_problems_is_reported_when_it_loads(page, live_server):
    page.route(
        "**/axe-probe/",
        lambda route: route.fulfill(status=200, body=BROKEN, content_type="text/html"),
    )
    page.goto("/axe-probe/")
    page.wait_for_function("() => window.__axePending !== undefined")
    page.evaluate("() => window.__axePending")
    recorder = AXE_RECORDERS[page]
    found = {violation["id"] for _url, violation in recorder.findings}
    assert {"image-alt", "html-has-lang", "document-title"} <= found
    # The probe's problems are expected: forget them and leave the page, so the end-of-test
    # check (which would find them again) sees a clean page.
    recorder.findings.clear()
    page.goto("/")


def test_the_home_page_has_no_serious_problems(page):
    page.goto("/")
    assert axe_check(page) == []
