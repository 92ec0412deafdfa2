"""In the browser the Content-Security-Policy is enforced: an inline script does not run (and
the harness reports it, so every journey doubles as a policy check), while the behaviour that
used to be inline (filters that submit on change, print buttons) works from static files."""

from __future__ import annotations

import datetime

import pytest

from households.tests.factories import HamletFactory
from lessons.models import ClassSession

from .fixtures import watch_policy_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.inlineRan = true;";
  document.body.append(script);
}"""


def test_an_inline_script_is_blocked_and_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    violations = watch_policy_violations(page)
    page.goto("/accounts/login/")
    page.evaluate(INJECT_INLINE_SCRIPT)
    page.wait_for_timeout(100)  # the console report is asynchronous
    ran = page.evaluate("() => window.inlineRan === true")
    context.close()
    assert ran is False
    assert violations and "script-src" in violations[0]


def test_class_filters_submit_when_a_hamlet_is_chosen(page, sign_in_browser, ward_official, ward_a):
    hamlet = HamletFactory(ward=ward_a, name="Khu phố Lọc")
    # The filter offers hamlets that have classes.
    ClassSession.objects.create(
        ward=ward_a, hamlet=hamlet, starts_at=datetime.datetime(2025, 3, 1, 19, tzinfo=datetime.UTC)
    )
    sign_in_browser(page, ward_official)
    page.goto("/lessons/classes/")
    with page.expect_navigation():
        page.locator("select[name=hamlet]").select_option(value=str(hamlet.pk))
    assert f"hamlet={hamlet.pk}" in page.url


def test_the_print_button_opens_the_print_dialog(page, sign_in_browser, ward_official, ward_a):
    hamlet = HamletFactory(ward=ward_a, name="Khu phố In")
    sign_in_browser(page, ward_official)
    page.goto(f"/households/todo/identity/?hamlet={hamlet.pk}")
    page.get_by_test_id("print-whole-list").click()  # the list on screen pages; its print view
    page.wait_for_url(f"**/households/todo/identity/?hamlet={hamlet.pk}&print=1")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.locator("[data-print]").first.click()
    assert page.evaluate("() => window.printed") == 1
