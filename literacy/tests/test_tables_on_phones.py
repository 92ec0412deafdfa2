"""Tables that would hide columns at 360 px stack into cards (CSS ``table.stack`` + each
cell's ``data-label``); the hamlets table has no empty header (its action column is named)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from households.tests.factories import HamletFactory, HouseholdFactory
from literacy.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _cells_without_label(html: str) -> list[str]:
    match = re.search(r'<table class="[^"]*\bstack\b[^"]*"', html)
    assert match, "no stacking table on the page"
    table = html[match.start() :]
    table = table[: table.index("</table>")]
    body = table[table.index("<tbody>") :]
    cells = re.findall(r"<td(?![^>]*colspan)([^>]*)>", body)
    return [cell for cell in cells if "data-label" not in cell and "row-action" not in cell]


@pytest.mark.parametrize(
    "url_name",
    ["accounts:user_list", "areas:hamlet_list", "households:family_todo"],
)
def test_official_tables_stack_on_phones_with_labelled_cells(
    login, ward_official, mentor_user, ward_a, url_name
):
    HouseholdFactory(hamlet=HamletFactory(ward=ward_a))
    html = login(ward_official).get(reverse(url_name)).content.decode()
    assert _cells_without_label(html) == []


def test_audit_table_stacks_and_its_scrolling_region_takes_the_keyboard(
    login, provincial_user, ward_a
):
    audit_record(actor=None, action="create", object_type="hamlet", object_id=1, summary="x")
    html = login(provincial_user).get(reverse("audit:event_list")).content.decode()
    assert '<div class="table-wrap" tabindex="0" role="region"' in html
    assert _cells_without_label(html) == []


def test_hamlets_table_has_no_empty_header(login, ward_official, ward_a):
    HamletFactory(ward=ward_a)
    html = login(ward_official).get(reverse("areas:hamlet_list")).content.decode()
    assert "<th></th>" not in html
    assert '<span class="visually-hidden">Thao tác</span>' in html
