"""Exports (formula-safe CSV and XLSX) and ``GET /api/v1/coverage/?area=CODE``."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from literacy.coverage.rollup.runs import coverage_rollup_full

pytestmark = pytest.mark.usefixtures("on_the_day")


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_ward_table_exports_formula_safe_csv_and_xlsx(login, ward_official, area):
    HouseholdFactory(hamlet=HamletFactory(ward=area.ward_a, name="=HYPERLINK(1)"))
    coverage_rollup_full(now=timezone.now())
    client = login(ward_official)
    kwargs = {"code": area.ward_a.code, "table": "parts"}
    text = _csv(client.get(reverse("coverage:table_export", kwargs={**kwargs, "fmt": "csv"})))
    assert "'=HYPERLINK(1)" in text and "Khu phố Một" in text
    response = client.get(reverse("coverage:table_export", kwargs={**kwargs, "fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    # XLSX: typed as text, never a formula (so no apostrophe is needed there)
    cells = {row[0].value: row[0].data_type for row in sheet.iter_rows(min_row=2)}
    assert cells["=HYPERLINK(1)"] == "s"


def test_a_list_exports_everyone_on_it(login, ward_official, area):
    coverage_rollup_full(now=timezone.now())
    url = reverse("coverage:list", kwargs={"code": area.ward_a.code, "kind": "untrained"})
    lines = _csv(login(ward_official).get(url, {"format": "csv"})).strip().splitlines()
    assert len(lines) == 1 + 4  # header and the ward's four untrained adults


def test_the_api_gives_the_latest_figures_and_the_history(login, provincial_user, area):
    coverage_rollup_full(now=timezone.now())
    response = login(provincial_user).get(reverse("api:coverage-list"), {"area": "all"})
    assert response.status_code == 200
    body = response.json()
    assert body["area"] == {"code": "all", "kind": "programme", "name": body["area"]["name"]}
    assert body["latest"]["residents"] == 6
    assert [day["day"] for day in body["history"]] == [timezone.localdate().isoformat()]
    assert {part["area"]["code"] for part in body["parts"]} == {
        str(area.ward_a.code),
        str(area.ward_b.code),
    }


def test_the_api_answers_404_outside_the_callers_wards(login, ward_official, area):
    coverage_rollup_full(now=timezone.now())
    client = login(ward_official)
    assert client.get(reverse("api:coverage-list"), {"area": area.ward_b.code}).status_code == 404
    assert (
        client.get(reverse("api:coverage-list"), {"area": f"h{area.hamlets[2].pk}"}).status_code
        == 404
    )
    assert client.get(reverse("api:coverage-list"), {"area": "all"}).status_code == 404
    own = client.get(reverse("api:coverage-list"), {"area": f"h{area.hamlets[0].pk}"})
    assert own.status_code == 200 and own.json()["latest"]["residents"] == 3


def test_the_api_explains_a_malformed_area(login, provincial_user, area):
    response = login(provincial_user).get(reverse("api:coverage-list"), {"area": "ward-one"})
    assert response.status_code == 400
    assert "area" in response.json()


def test_the_sensitive_segment_is_hidden_below_ten_people(login, provincial_user, area):
    for _ in range(9):
        ResidentFactory(household=area.homes[3], is_ethnic_minority=True)
    coverage_rollup_full(now=timezone.now())
    client = login(provincial_user)
    segments = client.get(reverse("api:coverage-list"), {"area": "all"}).json()["segments"]
    ethnic = next(s for s in segments if s["segment"] == "ethnic_minority")
    assert ethnic["adults"] == 10 and ethnic["trained"] == 0
    ward_b = client.get(reverse("api:coverage-list"), {"area": area.ward_b.code}).json()
    # Ward A (no one) is hidden, so ward B is hidden with it: the programme's 10 minus ward B's
    # would give ward A's figure away (complementary suppression).
    assert (
        next(s for s in ward_b["segments"] if s["segment"] == "ethnic_minority")["adults"] is None
    )
    ward_a = client.get(reverse("api:coverage-list"), {"area": area.ward_a.code}).json()
    hidden = [s for s in ward_a["segments"] if s["segment"] == "ethnic_minority"]
    assert hidden == [] or hidden[0]["adults"] is None
