from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_opens_in_vietnamese_and_switches_to_english(page, artifacts_dir):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Bình dân học vụ số"

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Digital Literacy for All"

    # Mobile-first: nothing overflows a 360 px screen; body text is at least 16 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 16
    button_height = page.get_by_test_id("lang-vi").bounding_box()["height"]
    assert button_height >= 44
    page.screenshot(path=str(artifacts_dir / "home-english.png"), full_page=True)
    assert (artifacts_dir / "home-english.png").stat().st_size > 0
