"""A ward official on a tablet uploads a small XLSX roster, then finds an imported person on
the resident list by typing the name without accents."""

from __future__ import annotations

import pytest

from households.models import Resident

from ..import_files import family, xlsx_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_official_imports_xlsx_then_finds_a_person_without_accents(
    tablet_page, live_server, sign_in_browser, ward_official, ward_a, tmp_path, artifacts_dir
):
    page = tablet_page
    roster = tmp_path / "danh-sach.xlsx"
    roster.write_bytes(xlsx_bytes(family()))
    sign_in_browser(page, ward_official)

    page.goto("/households/import/")
    page.set_input_files("input[type=file]", str(roster))
    page.get_by_test_id("import-submit").click()
    page.get_by_test_id("import-done").wait_for()
    assert Resident.objects.filter(ward=ward_a).count() == 3

    page.goto("/households/residents/")
    page.fill("input[name=q]", "nguyen duc dat")
    page.locator("form[role=search] button[type=submit]").first.click()
    results = page.get_by_test_id("resident-results")
    results.get_by_text("Nguyễn Đức Đạt").wait_for()
    assert results.get_by_text("Trần Thị Bình").count() == 0
    page.screenshot(path=str(artifacts_dir / "import-then-search.png"), full_page=True)
