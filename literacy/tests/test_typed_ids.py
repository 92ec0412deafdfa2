"""Ids typed into addresses and forms: odd digits and huge numbers get a 404 or are ignored,
never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from literacy.ids import is_plain_number, parse_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [("42", 42), (" 7 ", 7), ("²", None), ("١٢", None), ("", None), (None, None), ("-3", None),
     ("1" * 19, None), ("9" * 18, 10**18 - 1), ("12a", None)],
)  # fmt: skip
def test_parse_id_reads_only_plain_digits(value, expected):
    assert parse_id(value) == expected
    assert is_plain_number(str(value).strip() if value else value) is (expected is not None)


@pytest.mark.parametrize("code", ["²", "h²", "u²", "1" * 30])
def test_an_area_code_with_odd_digits_is_not_found(login, provincial_user, code):
    response = login(provincial_user).get(reverse("coverage:area", args=[code]))
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["²", "1" * 30])
def test_the_mentors_ward_page_ignores_an_odd_hamlet_filter(login, ward_official, ward_a, value):
    response = login(ward_official).get(
        reverse("mentors:unassigned", args=[ward_a.pk]), {"hamlet": value}
    )
    assert response.status_code == 200


def test_the_coverage_api_answers_400_or_404_for_odd_digits(login, provincial_user):
    response = login(provincial_user).get("/api/v1/coverage/", {"area": "²"})
    assert response.status_code in (400, 404)
