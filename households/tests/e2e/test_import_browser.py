"""A ward official on a tablet uploads a small XLSX roster, then finds an imported person on
the resident list by typing the name without accents; exports the list, edits a cell in it and
imports it back."""

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


def test_official_exports_the_list_edits_a_cell_and_imports_it_back(
    tablet_page, live_server, sign_in_browser, ward_official, ward_a, tmp_path, artifacts_dir
):
    import io

    import openpyxl

    from households.importing.service import residents_import

    from ..import_files import csv_bytes

    residents_import(ward=ward_a, file=io.BytesIO(csv_bytes(family())), by=ward_official)
    before = {r.full_name: (r.phone, r.cccd) for r in Resident.objects.filter(ward=ward_a)}
    page = tablet_page
    sign_in_browser(page, ward_official)

    page.goto("/households/residents/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)

    workbook = openpyxl.load_workbook(exported)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes == "A2"
    for row in sheet.iter_rows(min_row=2):
        assert row[header.index("Số CCCD")].value in ("", None) or row[
            header.index("Số CCCD")
        ].value.startswith("********")
        if row[0].value == "Trần Thị Bình":
            row[header.index("Số điện thoại")].value = "0987654321"
    workbook.save(exported)

    page.goto("/households/import/")
    page.set_input_files("input[type=file]", str(exported))
    page.get_by_test_id("import-submit").click()
    done = page.get_by_test_id("import-done")
    done.wait_for()
    assert "Đã cập nhật 1 người" in done.inner_text()  # the interface is in Vietnamese
    assert "2 người không thay đổi" in done.inner_text()
    page.screenshot(path=str(artifacts_dir / "export-edit-reimport.png"), full_page=True)

    after = {r.full_name: (r.phone, r.cccd) for r in Resident.objects.filter(ward=ward_a)}
    assert after.pop("Trần Thị Bình") == ("0987654321", before.pop("Trần Thị Bình")[1])
    assert after == before
