"""The portal's database role cannot erase or rewrite the audit log, and still does its work."""

# SQL is assembled from the model's table name only; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

import datetime
import io

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from households.importing.service import residents_import
from households.models import Resident
from households.services import resident_create, resident_record_view
from households.tests.import_files import csv_bytes, family
from literacy.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

AUDIT = AuditEvent._meta.db_table
INSERT = (
    f"INSERT INTO {AUDIT} (at, action, object_type, object_id, summary) "
    "VALUES (now(), 'view', 'resident', '1', 'probe')"
)

# An extension's objects belong to whoever created the extension (the command leaves them).
NOT_AN_EXTENSION_OBJECT = (
    "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = %s::regclass "
    "AND d.objid = c.oid AND d.deptype = 'e')"
)

# What a superuser could do to the log, tried as the app role: each must be refused.
TAMPERING = {
    "truncate": f"TRUNCATE {AUDIT}",
    "truncate_cascade": f"TRUNCATE {AUDIT} CASCADE",
    "update": f"UPDATE {AUDIT} SET summary = 'rewritten'",
    "delete": f"DELETE FROM {AUDIT}",
    "disable_append_only_trigger": (
        f"ALTER TABLE {AUDIT} DISABLE TRIGGER audit_auditevent_no_change"
    ),
    "disable_all_triggers": f"ALTER TABLE {AUDIT} DISABLE TRIGGER ALL",
    "drop_chain_trigger": f"DROP TRIGGER audit_auditevent_chain_append ON {AUDIT}",
    "replica_mode": "SET session_replication_role = replica",
    "replica_mode_locally": "SET LOCAL session_replication_role = replica",
    "replace_trigger_function": (
        "CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$"
    ),
    "become_the_owner": "SET ROLE {owner}",
    "take_the_table": f"ALTER TABLE {AUDIT} OWNER TO {{app}}",
    "drop_the_table": f"DROP TABLE {AUDIT}",
    "add_a_trigger": (
        f"CREATE TRIGGER sneaky BEFORE INSERT ON {AUDIT} "
        "FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only()"
    ),
    "reset_the_id_sequence": f"SELECT setval(pg_get_serial_sequence('{AUDIT}', 'id'), 1)",
    "create_a_table": "CREATE TABLE shadow_log (id int)",
    "fake_a_migration": (
        "INSERT INTO django_migrations (app, name, applied) VALUES ('audit', 'x', now())"
    ),
}


@pytest.mark.parametrize("statement", TAMPERING.values(), ids=TAMPERING.keys())
def test_the_app_role_cannot_erase_or_rewrite_the_log(app_connection, db_roles, statement):
    with app_connection.cursor() as cursor, pytest.raises(psycopg2.Error) as refused:
        cursor.execute(statement.format(owner=db_roles.owner, app=db_roles.app))
    app_connection.rollback()
    assert refused.value.pgcode == "42501", refused.value.pgerror  # insufficient_privilege


def test_the_app_role_appends_to_and_reads_the_log(app_connection):
    with app_connection.cursor() as cursor:
        cursor.execute(INSERT + " RETURNING id, chain_seq")
        event_id, position = cursor.fetchone()
        cursor.execute(f"SELECT summary FROM {AUDIT} WHERE id = %s", [event_id])
        assert cursor.fetchone() == ("probe",)
        assert position >= 1
        cursor.copy_expert(
            f"COPY {AUDIT} (at, action, object_type, object_id, summary) FROM STDIN",
            io.StringIO("2026-01-05 10:00:00+07\tview\tresident\t2\tcopied\n"),
        )
        cursor.execute(f"SELECT chain_seq FROM {AUDIT} WHERE summary = 'copied'")
        assert cursor.fetchone() == (position + 1,)
    app_connection.rollback()


def test_the_app_role_is_a_plain_login_that_owns_nothing(db_roles):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, "
            "rolcanlogin FROM pg_roles WHERE rolname = %s",
            [db_roles.app],
        )
        assert cursor.fetchone() == (False, False, False, False, False, True)
        cursor.execute(
            "SELECT count(*) FROM pg_auth_members WHERE member = %s::regrole", [db_roles.app]
        )
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c "
            f"WHERE relnamespace = current_schema()::regnamespace AND {NOT_AN_EXTENSION_OBJECT} "
            "AND relkind IN ('r', 'p', 'v', 'm', 'S', 'f')",
            ["pg_class"],
        )
        assert cursor.fetchall() == [(db_roles.owner,)]
        cursor.execute(
            "SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc c "
            f"WHERE pronamespace = current_schema()::regnamespace AND {NOT_AN_EXTENSION_OBJECT}",
            ["pg_proc"],
        )
        assert cursor.fetchall() == [(db_roles.owner,)]
        cursor.execute(
            "SELECT privilege_type FROM information_schema.table_privileges "
            "WHERE grantee = %s AND table_name = %s ORDER BY 1",
            [db_roles.app, AUDIT],
        )
        assert cursor.fetchall() == [("INSERT",), ("SELECT",)]


def test_the_portal_does_its_work_as_the_app_role(as_app_role, ward_a, ward_official):
    resident = resident_create(
        by=ward_official,
        ward=ward_a,
        full_name="Lê Thị Hoa",
        date_of_birth=datetime.date(1975, 4, 2),
        gender="F",
        cccd="074175001234",
    )
    resident_record_view(by=ward_official, resident=resident)
    report = residents_import(ward=ward_a, file=io.BytesIO(csv_bytes(family())), by=ward_official)
    assert report.ok and report.created == 3
    assert Resident.objects.filter(ward=ward_a).count() == 4
    logged = AuditEvent.objects.filter(ward=ward_a).values_list("action", "object_type")
    assert {("create", "resident"), ("view", "resident"), ("create", "household")} <= set(logged)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (as_app_role,)


def test_tables_a_later_migration_creates_are_granted_to_the_app_role(db, db_roles):
    with connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{db_roles.owner}"')
        cursor.execute("CREATE TABLE later_table (id bigserial PRIMARY KEY, note text)")
        cursor.execute(f'SET LOCAL ROLE "{db_roles.app}"')
        cursor.execute("INSERT INTO later_table (note) VALUES ('granted') RETURNING id")
        assert cursor.fetchone() == (1,)


def test_db_roles_hands_tables_made_by_the_superuser_to_the_owner(db, db_roles):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE made_by_superuser (id int)")
    out = io.StringIO()
    call_command("db_roles", owner=db_roles.owner, app=db_roles.app, stdout=out)
    assert "1 handed over now" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_userbyid(relowner), has_table_privilege(%s, oid, 'UPDATE') "
            "FROM pg_class WHERE relname = 'made_by_superuser'",
            [db_roles.app],
        )
        assert cursor.fetchone() == (db_roles.owner, True)


def test_db_roles_brings_a_promoted_app_role_back_in_line(db, db_roles):
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER ROLE "{db_roles.app}" SUPERUSER CREATEROLE')
        cursor.execute(f'GRANT "{db_roles.owner}" TO "{db_roles.app}"')
        cursor.execute(f'GRANT UPDATE, DELETE, TRUNCATE ON {AUDIT} TO "{db_roles.app}"')
    call_command("db_roles", owner=db_roles.owner, app=db_roles.app, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, "
            "pg_has_role(%(app)s, %(owner)s, 'MEMBER'), "
            "has_table_privilege(%(app)s, %(table)s, 'UPDATE, DELETE, TRUNCATE') "
            "FROM pg_roles WHERE rolname = %(app)s",
            {"app": db_roles.app, "owner": db_roles.owner, "table": AUDIT},
        )
        assert cursor.fetchone() == (False, False, False, False)


def test_db_roles_run_twice_changes_nothing_the_second_time(db, db_roles):
    first, second = io.StringIO(), io.StringIO()
    call_command("db_roles", owner=db_roles.owner, app=db_roles.app, stdout=first)
    call_command("db_roles", owner=db_roles.owner, app=db_roles.app, stdout=second)
    assert "0 handed over now" in second.getvalue()
    assert first.getvalue() == second.getvalue()


def test_db_roles_can_print_just_the_url_the_portal_connects_with(db, db_roles):
    out = io.StringIO()
    call_command("db_roles", owner=db_roles.owner, app=db_roles.app, print_app_url=True, stdout=out)
    url = out.getvalue().strip()
    assert url.startswith(f"postgres://{db_roles.app}@") and "\n" not in url
    assert url.split("?")[0].endswith("/" + connection.settings_dict["NAME"])


def test_db_roles_refuses_to_run_as_the_app_role(as_app_role, db_roles):
    with pytest.raises(CommandError, match="one of the roles being set up"):
        call_command("db_roles", owner=db_roles.owner, app=db_roles.app, stdout=io.StringIO())


@pytest.mark.parametrize("name", ["Literacy", "app; DROP TABLE x", "1app", ""])
def test_db_roles_refuses_a_role_name_it_would_have_to_quote(db, name):
    with pytest.raises(CommandError, match="Role name"):
        call_command("db_roles", owner="literacy_owner", app=name, stdout=io.StringIO())


def test_coverage_roll_ups_run_as_the_app_role(as_app_role, ward_a, ward_official):
    """The full run empties the derived snapshot tables with TRUNCATE: granted for those only."""
    from django.utils import timezone

    from literacy.coverage.rollup.runs import coverage_rollup_full, coverage_rollup_incremental

    resident_create(by=ward_official, ward=ward_a, full_name="Trần Văn Bình")
    coverage_rollup_full(now=timezone.now())
    coverage_rollup_incremental(now=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (as_app_role,)
        cursor.execute(
            "SELECT has_table_privilege(current_user, 'households_resident', 'TRUNCATE')"
        )
        assert cursor.fetchone() == (False,)
