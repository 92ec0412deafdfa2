"""Provincial staff drill from the programme page to a hamlet's untrained adults in a phone's
browser; on every level the parts add up to the whole, and the list is as long as the figure."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lessons.models import CompletionSource
from lessons.services.completions import completions_record
from literacy.coverage.rollup.runs import coverage_rollup_full

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _number(locator) -> int:
    return int(locator.get_attribute("data-value"))


def _parts(page) -> dict[str, int]:
    rows = page.get_by_test_id("part-row")
    return {
        rows.nth(i).get_attribute("data-code"): _number(rows.nth(i).get_by_test_id("part-trained"))
        for i in range(rows.count())
    }


def test_drill_down_from_the_programme_to_a_hamlets_untrained_adults(
    page, sign_in_browser, provincial_user, area, curriculum, artifacts_dir
):
    completions_record(
        residents=[area.people[0], area.people[3], area.people[4], area.people[5]],
        lessons=[curriculum.vneid, curriculum.scams],
        by=None,
        source=CompletionSource.MENTOR,
    )
    coverage_rollup_full(now=timezone.now())
    console_errors, missing = [], []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    sign_in_browser(page, provincial_user)

    page.goto("/")
    programme_trained = _number(page.get_by_test_id("trained-adults"))
    wards = _parts(page)
    assert programme_trained == sum(wards.values()) == 4
    assert _number(page.get_by_test_id("parts-total-trained")) == programme_trained
    assert page.locator("#trend-chart canvas").count() == 1  # uPlot drew the trend
    page.screenshot(path=str(artifacts_dir / "coverage-programme.png"), full_page=True)

    page.get_by_role("link", name=area.ward_a.name).click()
    ward_trained = _number(page.get_by_test_id("trained-adults"))
    assert ward_trained == wards[str(area.ward_a.code)] == 3
    hamlets = _parts(page)
    assert sum(hamlets.values()) == ward_trained

    hamlet = area.hamlets[0]
    page.get_by_test_id("parts-table").get_by_role("link", name=hamlet.name).click()
    assert _number(page.get_by_test_id("trained-adults")) == hamlets[f"h{hamlet.pk}"]
    todo = page.get_by_test_id("todo-untrained")
    expected = _number(todo)
    assert expected == 1  # Khu phố Một: two adults, one trained
    todo.click()
    assert _number(page.get_by_test_id("list-count")) == expected
    assert page.get_by_test_id("people-list").locator("tbody tr").count() == expected
    assert page.get_by_test_id("people-list").get_by_text(area.people[1].full_name).count() == 1
    page.screenshot(path=str(artifacts_dir / "coverage-untrained-list.png"), full_page=True)
    # Every asset loaded (the browser's own favicon request aside), no script failed.
    assert [url for url in missing if not url.endswith("/favicon.ico")] == []
    assert [e for e in console_errors if "404" not in e] == []
