"""The app role owns no table, yet bulk writes made as it (seeding, the roster import) leave the
tables they wrote analysed: through ``literacy_analyse``, which analyses the portal's tables as
their owner and nothing else."""

from __future__ import annotations

import io

import psycopg2
import pytest
from django.db import connection

from households.importing.service import residents_import
from households.models import Resident
from households.tests.import_files import csv_bytes, family
from literacy.demo.tests.test_statistics_after_seeding import BIG_TABLES, seed_demo_quickly
from literacy.table_statistics import tables_analyse
from literacy.tests.statistics import (
    analyse_counts,
    assert_analysed_since,
    row_counts,
    written_since,
)


def test_db_roles_gives_the_owner_a_pinned_security_definer_only_the_app_may_call(db, db_roles):
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT pg_get_userbyid(proowner), prosecdef, proconfig,
                      has_function_privilege(%s, oid, 'EXECUTE'),
                      coalesce(proacl::text[], '{}') @> ARRAY['=X/' || pg_get_userbyid(proowner)]
               FROM pg_proc WHERE oid = 'literacy_analyse(regclass)'::regprocedure""",
            [db_roles.app],
        )
        owner, definer, config, app_may_call, public_may_call = cursor.fetchone()
    assert (owner, definer, app_may_call, public_may_call) == (db_roles.owner, True, True, False)
    assert config == ["search_path=pg_catalog, pg_temp"]


def test_the_app_role_analyses_a_table_it_does_not_own(as_app_role):
    before = analyse_counts()
    assert tables_analyse(models=[Resident]) == ["households_resident"]
    assert analyse_counts()["households_resident"] == before["households_resident"] + 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = %s::regclass",
            ["households_resident"],
        )
        assert cursor.fetchone() == (False,)


@pytest.mark.parametrize("table", ["pg_catalog.pg_authid", "pg_temp.app_scratch"])
def test_the_analyse_function_refuses_tables_that_are_not_the_portals(app_connection, table):
    with app_connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE app_scratch (id int)")
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="not one of the portal"):
            cursor.execute("SELECT literacy_analyse(%s::regclass)", [table])


def test_seed_demo_as_the_app_role_analyses_every_table_it_wrote(wards, as_app_role, monkeypatch):
    rows, analysed = row_counts(), analyse_counts()
    seed_demo_quickly(monkeypatch)
    written = written_since(rows)
    assert set(written) >= BIG_TABLES
    assert_analysed_since(written, analysed)


def test_a_roster_import_as_the_app_role_analyses_what_it_wrote(ward_a, ward_official, as_app_role):
    rows, analysed = row_counts(), analyse_counts()
    report = residents_import(ward=ward_a, file=io.BytesIO(csv_bytes(family())), by=ward_official)
    assert report.created == 3
    written = [t for t in written_since(rows) if not t.startswith("coverage_")]
    assert {"households_resident", "households_household", "areas_hamlet"} <= set(written)
    assert_analysed_since(written, analysed)
