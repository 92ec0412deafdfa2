"""A roster import analyses the tables it wrote, after its commit; a re-import that changes
nothing analyses nothing."""

from __future__ import annotations

import io

import pytest

from households.importing.service import residents_import
from literacy.tests.statistics import (
    analyse_counts,
    assert_analysed_since,
    row_counts,
    written_since,
)

from .import_files import csv_bytes, family

pytestmark = pytest.mark.django_db


def import_family(ward, by):
    return residents_import(ward=ward, file=io.BytesIO(csv_bytes(family())), by=by)


def test_import_analyses_the_tables_it_wrote(ward_a, ward_official):
    rows, analysed = row_counts(), analyse_counts()
    assert import_family(ward_a, ward_official).created == 3
    written = written_since(rows)
    assert {"households_resident", "households_household", "areas_hamlet"} <= set(written)
    assert_analysed_since([t for t in written if not t.startswith("coverage_")], analysed)


def test_an_import_that_changes_nothing_analyses_nothing(ward_a, ward_official):
    import_family(ward_a, ward_official)
    analysed = analyse_counts()
    assert import_family(ward_a, ward_official).unchanged == 3
    assert analyse_counts()["households_resident"] == analysed["households_resident"]
